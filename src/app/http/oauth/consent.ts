import { randomBytes } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { AuthorizationParams } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Clock } from "../../../ports/clock-port.js";
import type { Logger } from "../../../ports/logger-port.js";
import { consentPage, problemPage, setPageHeaders } from "./consent-page.js";
import type { OAuthClients } from "./oauth-clients.js";
import { keyContext, type OctoPerfOAuthProvider } from "./octoperf-oauth-provider.js";
import { tokenDigest, type SecretBox } from "./secret-box.js";

export const CONSENT_PATH = "/consent";
/** How long a consent page may stay open before its form is refused. */
const CONSENT_LIFETIME_MS = 10 * 60_000;
/** Wrong keys one address may try per window (successful submissions do not count). */
const KEY_ATTEMPTS = { max: 10, windowMs: 15 * 60_000 };

/** What OctoPerf said of a key: accepted, rejected (401/403), or no answer (down, slow). */
export type KeyVerdict = "accepted" | "rejected" | "unavailable";

export interface ConsentOptions {
  readonly box: SecretBox;
  readonly provider: OctoPerfOAuthProvider;
  readonly clients: OAuthClients;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This server as its users reach it (scheme://host[:port]). */
  readonly publicUrl: URL;
  readonly readOnly: boolean;
  /** Why a key cannot be an OctoPerf key (too short…), or null. */
  readonly keyProblem: (key: string) => string | null;
  /** Asks OctoPerf whether the key is valid, under a deadline. */
  readonly checkKey: (key: string) => Promise<KeyVerdict>;
}

/** An authorization request the SDK checked, waiting for the user's answer: sealed into the form, so any replica can take the answer. */
interface PendingConsent {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly state: string | null;
  readonly scopes: readonly string[];
  readonly resource: string;
  readonly expiresAt: number;
}

/**
 * The consent step. GET /authorize (the SDK's handler, which checks the client, the redirect URI
 * and PKCE parameters) hands a valid request to `show`, which renders the page with the request
 * sealed into the form. POST /consent takes the answer: it checks the CSRF token (an HMAC of the
 * request and a random value held in an HttpOnly cookie of this browser, so a form posted from
 * another site or with another browser's request is refused), checks the key with OctoPerf, and
 * only then issues a code and sends the browser back to the client.
 */
export function consentStep(options: ConsentOptions): {
  show: (client: OAuthClientInformationFull, params: AuthorizationParams & { resource: URL }, res: Response) => void;
  router: Router;
} {
  const { box, clock, publicUrl } = options;
  const secure = publicUrl.protocol === "https:";
  // __Host- binds the cookie to this exact origin; browsers only accept it on https.
  const cookieName = secure ? "__Host-octoperf-mcp-consent" : "octoperf-mcp-consent";

  const csrfFor = (nonce: string, request: string) => box.sign(`csrf\n${nonce}\n${tokenDigest(request)}`);

  function browserNonce(req: Request, res: Response): string {
    const existing = cookieOf(req, cookieName);
    // Kept when present, so that two consent pages open in one browser both stay valid.
    if (existing !== null && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const nonce = randomBytes(32).toString("base64url");
    res.append(
      "Set-Cookie",
      `${cookieName}=${nonce}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(CONSENT_LIFETIME_MS / 1000)}${secure ? "; Secure" : ""}`,
    );
    return nonce;
  }

  function render(
    res: Response,
    status: number,
    client: OAuthClientInformationFull,
    pending: PendingConsent,
    request: string,
    nonce: string,
    error: string | null,
  ) {
    setPageHeaders(res, formTargetOf(pending.redirectUri));
    res
      .status(status)
      .type("html")
      .send(
        consentPage({
          clientName: client.client_name ?? null,
          returnsTo: returnHost(pending.redirectUri),
          serverHost: publicUrl.host,
          readOnly: options.readOnly,
          request,
          csrfToken: csrfFor(nonce, request),
          error,
        }),
      );
  }

  function problem(res: Response, status: number, title: string, message: string) {
    setPageHeaders(res, null);
    res.status(status).type("html").send(problemPage(title, message));
  }

  function show(client: OAuthClientInformationFull, params: AuthorizationParams & { resource: URL }, res: Response): void {
    const pending: PendingConsent = {
      clientId: client.client_id,
      redirectUri: params.redirectUri,
      codeChallenge: params.codeChallenge,
      state: params.state ?? null,
      scopes: params.scopes ?? [],
      resource: params.resource.href,
      expiresAt: clock.now() + CONSENT_LIFETIME_MS,
    };
    const request = box.seal(JSON.stringify(pending), "consent");
    render(res, 200, client, pending, request, browserNonce(res.req, res), null);
  }

  function back(res: Response, pending: PendingConsent, answer: Record<string, string>): void {
    const url = new URL(pending.redirectUri);
    for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
    if (pending.state !== null) url.searchParams.set("state", pending.state);
    // RFC 9207: the client can tell which authorization server answered.
    url.searchParams.set("iss", publicUrl.href);
    res.redirect(302, url.href);
  }

  const router = express.Router();
  router.use(
    CONSENT_PATH,
    rateLimit({
      windowMs: KEY_ATTEMPTS.windowMs,
      limit: KEY_ATTEMPTS.max,
      skipSuccessfulRequests: true,
      // Only refused keys count: an OctoPerf that does not answer (503) is not the user's attempt.
      requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.statusCode === 503,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      handler: (_req, res) =>
        problem(res, 429, "Too many attempts", "Too many keys were refused from your address: wait 15 minutes, then connect again from your app."),
    }),
  );
  router.post(CONSENT_PATH, express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 10 }), async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => {
      const value = body[name];
      return typeof value === "string" ? value : "";
    };
    const request = field("request");
    const origin = req.headers.origin;
    const nonce = cookieOf(req, cookieName);
    // A page on another site (or another browser's form) cannot produce this token: login CSRF
    // would connect the victim's app to the attacker's OctoPerf account.
    if (
      (origin !== undefined && origin !== publicUrl.origin) ||
      nonce === null ||
      request === "" ||
      !box.verify(`csrf\n${nonce}\n${tokenDigest(request)}`, field("csrf_token"))
    ) {
      options.logger.log("info", "OAuth consent refused: CSRF token missing or wrong");
      return problem(
        res,
        403,
        "This form cannot be accepted",
        "It did not come from the page this server showed in this browser. Go back to your app and connect again.",
      );
    }
    const opened = box.open(request, "consent");
    const pending = opened === null ? null : (JSON.parse(opened) as PendingConsent);
    if (pending === null) return problem(res, 400, "This form cannot be accepted", "It was altered. Go back to your app and connect again.");
    if (pending.expiresAt <= clock.now()) {
      return problem(res, 400, "This page has expired", "It stayed open more than 10 minutes. Go back to your app and connect again.");
    }
    const client = await options.clients.getClient(pending.clientId);
    if (client === undefined) return problem(res, 400, "This app is no longer registered", "Go back to your app and connect again.");

    if (field("decision") === "deny") return back(res, pending, { error: "access_denied", error_description: "the user denied access" });
    const key = field("api_key").trim();
    const shapeProblem = key === "" ? "is missing" : options.keyProblem(key);
    if (shapeProblem !== null) return render(res, 400, client, pending, request, nonce, `The OctoPerf API key ${shapeProblem}.`);
    const verdict = await options.checkKey(key);
    if (verdict === "rejected") {
      options.logger.log("info", "OAuth consent: OctoPerf rejected the key", { client: pending.clientId });
      return render(
        res,
        401,
        client,
        pending,
        request,
        nonce,
        "OctoPerf did not accept this API key. Copy it again from Account → Profile → API Key in OctoPerf (a regenerated key replaces the old one).",
      );
    }
    if (verdict === "unavailable") {
      return render(res, 503, client, pending, request, nonce, "OctoPerf did not answer in time, so the key could not be checked. Try again in a moment.");
    }
    const code = await options.provider.issueCode({
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      resource: pending.resource,
      scopes: pending.scopes,
      sealedKey: box.seal(key, keyContext(pending.clientId)),
    });
    options.logger.log("info", "OAuth consent given", { client: pending.clientId });
    back(res, pending, { code });
  });
  return { show, router };
}

function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

/** What the user can recognise of the redirect URI: its host, or its scheme for an app's private-use scheme. */
function returnHost(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.host !== "" ? url.host : url.protocol;
}

/** The form's answer is a redirect to the client: the CSP's form-action must allow its target. */
function formTargetOf(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
}
