import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { metadataHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/metadata.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import { createOAuthMetadata, getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from "@modelcontextprotocol/sdk/server/auth/router.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { OAuthProtectedResourceMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { bearerOf, type Scope, type ScopeFor } from "../access.js";
import type { Refusal } from "../request-guards.js";
import { CONSENT_PATH, consentStep, type ConsentOptions } from "./consent.js";
import { fetchClientMetadataDocument } from "./client-metadata-document.js";
import { OAuthClients } from "./oauth-clients.js";
import type { OAuthSettings } from "./oauth-config.js";
import type { OAuthStore } from "./oauth-store.js";
import { ACCESS_TOKEN_PREFIX, OctoPerfOAuthProvider, type GrantOfToken } from "./octoperf-oauth-provider.js";
import { SecretBox } from "./secret-box.js";

/** The consent step's own options (clock, logger, read-only, the key's checks), and what the rest of OAuth needs. */
export interface OAuthAccessOptions extends Pick<ConsentOptions, "clock" | "logger" | "readOnly" | "keyProblem" | "checkKey"> {
  readonly settings: OAuthSettings & { readonly secret: Buffer };
  readonly store: OAuthStore;
  /** The scope of a request made with this key; `onKeyRejected` runs when OctoPerf rejects it during the request. */
  readonly compose: (key: string, onKeyRejected: () => Promise<void>, secrets: readonly string[]) => Scope;
  /** With OCTOPERF_HTTP_AUTH=both: how a request carrying an OctoPerf key (not one of our tokens) is served. */
  readonly bearerKeyScope?: ScopeFor;
}

export interface OAuthAccess {
  /** Serves the OAuth paths (metadata, registration, authorize, consent, token, revocation); false for any other path. */
  routes(request: IncomingMessage, response: ServerResponse): boolean;
  /** Who a request to /mcp acts for, from its OAuth access token. */
  readonly scopeFor: ScopeFor;
  /** Builds the endpoints once the address is known (port 0 is chosen when listening). Returns the public URL. */
  listening(address: URL): URL;
}

const OAUTH_PATHS = new Set(["/authorize", "/token", "/register", "/revoke", CONSENT_PATH, "/.well-known/oauth-authorization-server"]);
const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

/**
 * The team server as its own OAuth 2.1 authorization server (MCP authorization spec 2025-11-25):
 * the SDK's mcpAuthRouter serves the endpoints and requireBearerAuth checks tokens on /mcp, both
 * over OctoPerfOAuthProvider; this module adds what the SDK leaves out: the consent page where a
 * user connects their OctoPerf key, the protected resource metadata at the root form too, Client
 * ID Metadata Documents, client_secret_basic, and the bridge from the plain node:http server.
 */
export function createOAuthAccess(options: OAuthAccessOptions): OAuthAccess {
  const { settings, logger } = options;
  const box = new SecretBox(settings.secret);
  const clients = new OAuthClients(options.store, box, (clientId) => fetchClientMetadataDocument(clientId, { logger }));
  let app: express.Express | null = null;
  let authenticate: ((request: IncomingMessage) => Promise<AuthInfo | Refusal>) | null = null;
  let provider: OctoPerfOAuthProvider | null = null;

  function listening(address: URL): URL {
    // The SDK accepts a plain-http issuer only on localhost and 127.0.0.1: [::1] is named localhost.
    const publicUrl = settings.publicUrl ?? new URL(address.hostname === "[::1]" ? `http://localhost:${address.port}` : address.origin);
    const resource = new URL("/mcp", publicUrl);
    const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(resource);
    const consent = consentStep({
      box,
      get provider() {
        return provider!;
      },
      clients,
      clock: options.clock,
      logger,
      publicUrl,
      readOnly: options.readOnly,
      keyProblem: options.keyProblem,
      checkKey: options.checkKey,
    });
    provider = new OctoPerfOAuthProvider({ store: options.store, clients, box, clock: options.clock, resource, showConsent: consent.show });
    const authOptions = {
      provider,
      issuerUrl: publicUrl,
      resourceServerUrl: resource,
      resourceName: "OctoPerf MCP server",
      clientRegistrationOptions: { clientSecretExpirySeconds: 0 },
    };
    const metadata = {
      ...createOAuthMetadata(authOptions),
      token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
      revocation_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
      client_id_metadata_document_supported: true,
    };
    const protectedResource: OAuthProtectedResourceMetadata = {
      resource: resource.href,
      authorization_servers: [metadata.issuer],
      resource_name: authOptions.resourceName,
      bearer_methods_supported: ["header"],
    };

    app = express();
    app.disable("x-powered-by");
    // Behind a reverse proxy on this machine or a private network, the consent form's rate limit
    // counts the user's address (X-Forwarded-For), not the proxy's, which every user shares.
    app.set("trust proxy", "loopback, linklocal, uniquelocal");
    // Ahead of the SDK's own: the same document, plus what this server adds to it.
    app.use("/.well-known/oauth-authorization-server", metadataHandler(metadata));
    app.use(["/token", "/revoke"], express.urlencoded({ extended: false, limit: "16kb" }), basicClientAuthentication);
    app.use(consent.router);
    app.use(mcpAuthRouter(authOptions));
    // RFC 9728's root form, for clients that look there first (the SDK serves the /mcp path form).
    app.use(PROTECTED_RESOURCE_PATH, metadataHandler(protectedResource));
    app.use((_req: Request, res: Response) => res.status(404).json({ error: "not_found" }));
    app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
      const type = (error as { type?: string }).type;
      if (type === "entity.too.large") return void res.status(413).json({ error: "invalid_request", error_description: "request body too large" });
      if (type === "entity.parse.failed") return void res.status(400).json({ error: "invalid_request", error_description: "the body cannot be parsed" });
      logger.log("error", "OAuth request failed", { path: req.path, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.status(500).json({ error: "server_error" });
    });

    const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl, expectedResource: resource });
    authenticate = (request) => checkBearer(bearer, request);
    return publicUrl;
  }

  async function scopeFor(request: IncomingMessage): Promise<Scope | Refusal> {
    const presented = bearerOf(request);
    if (options.bearerKeyScope !== undefined && presented !== null && presented !== "" && !presented.startsWith(ACCESS_TOKEN_PREFIX)) {
      return options.bearerKeyScope(request);
    }
    if (authenticate === null || provider === null) return { status: 503, message: "the server is starting" };
    const outcome = await authenticate(request);
    if (!("token" in outcome)) return outcome;
    const { grantId, apiKey } = outcome.extra as unknown as GrantOfToken;
    const signedIn = provider;
    return options.compose(apiKey, async () => {
      // OctoPerf answers 403 for a resource the account may not see as well as for a dead key:
      // only a key that fails the sign-in check too ends the grant.
      if ((await options.checkKey(apiKey)) !== "rejected") return;
      logger.log("info", "OctoPerf rejected the key of an OAuth grant: its tokens are revoked, the client must sign in again", { client: outcome.clientId });
      await signedIn.revokeGrant(grantId);
    }, [outcome.token]);
  }

  return {
    routes(request, response) {
      const path = (request.url ?? "/").split("?")[0]!;
      if (app === null || !(OAUTH_PATHS.has(path) || path === PROTECTED_RESOURCE_PATH || path.startsWith(`${PROTECTED_RESOURCE_PATH}/`))) return false;
      app(request as Request, response as Response);
      return true;
    },
    scopeFor,
    listening,
  };
}

/**
 * Runs the SDK's requireBearerAuth on a node request: its answer (a 401 with WWW-Authenticate
 * naming the resource metadata, a 403, a 500) becomes the Refusal the MCP server writes, and a
 * valid token its AuthInfo. The middleware only sets headers, a status and a JSON body.
 */
function checkBearer(bearer: ReturnType<typeof requireBearerAuth>, request: IncomingMessage): Promise<AuthInfo | Refusal> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    let status = 401;
    const recorder = {
      set(name: string, value: string) {
        headers[name] = value;
        return recorder;
      },
      status(code: number) {
        status = code;
        return recorder;
      },
      json(body: { error?: string; error_description?: string }) {
        resolve({ status, message: body.error_description ?? body.error ?? "unauthorized", headers });
        return recorder;
      },
    };
    const authed = request as IncomingMessage & { auth?: AuthInfo };
    Promise.resolve(
      bearer(authed as Request, recorder as unknown as Response, () => {
        const auth = authed.auth!;
        // The transport hands req.auth to every handler: the OctoPerf key stays out of it.
        delete authed.auth;
        resolve(auth);
      }),
    ).catch(reject);
  });
}

/** RFC 6749 §2.3.1: client_secret_basic, which the SDK's client authentication (body fields only) lacks. */
function basicClientAuthentication(req: Request, res: Response, next: NextFunction): void {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (match === null) return next();
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (colon < 0 || body.client_secret !== undefined) {
    res.status(400).json({ error: "invalid_request", error_description: "send client credentials one way: Basic auth or the body" });
    return;
  }
  req.body = { ...body, client_id: decodeURIComponent(decoded.slice(0, colon)), client_secret: decodeURIComponent(decoded.slice(colon + 1)) };
  next();
}
