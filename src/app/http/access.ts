import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { LinkedUseCases as UseCases } from "../../adapters/linked-use-cases.js";
import type { Refusal } from "./request-guards.js";
import { sessionKeyOf } from "./session-ids.js";

/** What serves one request: the use cases to call and the strings its answers must never contain. */
export interface Scope {
  /** Names the caller's namespace (never a credential): in-flight requests are looked up within it. */
  readonly id: string;
  readonly useCases: UseCases;
  readonly secrets: readonly string[];
  /** Signs the Mcp-Session-Id values handed to this caller (session-ids.ts): derived from the credential, so every replica agrees. */
  readonly sessionKey: Buffer;
}

/** Who a request acts for; asynchronous when it must look a token up (OAuth). */
export type ScopeFor = (request: IncomingMessage) => Scope | Refusal | Promise<Scope | Refusal>;

const REALM = 'realm="octoperf-mcp"';

function unauthorized(message: string, error?: "invalid_token"): Refusal {
  const challenge = error === undefined ? `Bearer ${REALM}` : `Bearer ${REALM}, error="${error}", error_description="${message}"`;
  return { status: 401, message, headers: { "WWW-Authenticate": challenge } };
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The credential of an `Authorization: Bearer <token>` header, or null. */
export function bearerOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
  return match === null ? "" : match[1]!;
}

/**
 * One composition for the whole process (the demo, or one shared OctoPerf account), guarded by
 * the access token when one is configured.
 */
export function sharedScope(useCases: UseCases, secrets: readonly string[], accessToken: string | null): ScopeFor {
  // Without an access token (the demo, one replica): a key of this process; session ids then last as long as it does.
  const sessionKey = sessionKeyOf(accessToken ?? randomBytes(32).toString("hex"));
  const scope: Scope = { id: "shared", useCases, secrets: accessToken === null ? secrets : [...secrets, accessToken], sessionKey };
  if (accessToken === null) return () => scope;
  const expected = digest(accessToken);
  return (request) => {
    const presented = bearerOf(request);
    if (presented === null) return unauthorized("this server requires an access token: send Authorization: Bearer <token>");
    if (presented === "") return unauthorized("malformed Authorization header: send Authorization: Bearer <token>", "invalid_token");
    // Digests of equal length: the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(presented), expected)) return unauthorized("the access token is not valid", "invalid_token");
    return scope;
  };
}

/**
 * Per-user keys: the Bearer is the caller's own OctoPerf API key, checked by the same rules as a
 * configured key, and `compose` builds the use cases for that key and this request only (the
 * key's coordination namespace is shared by every request with the same key) with its session
 * key (`sessionKeyOf(key)`, derived there once: OAuth composes through the same function). The
 * key lives as long as its request (and in the masker's small bounded cache of compiled patterns,
 * see mask-text.ts), and is never echoed: refusals say what is wrong with it, not what it is.
 */
export function perUserScope(problemWith: (key: string) => string | null, compose: (key: string) => Scope): ScopeFor {
  return (request) => {
    const presented = bearerOf(request);
    if (presented === null) {
      return unauthorized("this server needs your own OctoPerf API key: send Authorization: Bearer <your OctoPerf API key> (Account > Profile > API Key)");
    }
    if (presented === "") {
      return unauthorized("malformed Authorization header: send Authorization: Bearer <your OctoPerf API key>", "invalid_token");
    }
    const problem = problemWith(presented);
    if (problem !== null) return unauthorized(`the Bearer OctoPerf API key ${problem}`, "invalid_token");
    return compose(presented);
  };
}
