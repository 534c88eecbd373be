import { ConfigurationError } from "../../../domain/errors.js";
import type { HttpConfig } from "../http-config.js";
import { isLoopback } from "../request-guards.js";

/**
 * How callers of the team server sign in: each request's own OctoPerf key as a Bearer
 * (`bearer-key`, for IDEs, CLIs and CI), OAuth 2.1 with this server as the authorization server
 * (`oauth`, for chat apps whose connectors cannot carry a header), or either (`both`).
 */
export type HttpAuthMode = "bearer-key" | "oauth" | "both";

export interface OAuthSettings {
  readonly mode: HttpAuthMode;
  /** The server secret (≥ 32 bytes): encrypts stored OctoPerf keys and signs the consent form. Null in bearer-key mode. */
  readonly secret: Buffer | null;
  /** The origin clients reach (scheme://host[:port]), or null: the listening address (loopback only). */
  readonly publicUrl: URL | null;
}

export const OAUTH_ENV_VARIABLES = {
  mode: "OCTOPERF_HTTP_AUTH",
  secret: "OCTOPERF_HTTP_OAUTH_SECRET",
  publicUrl: "OCTOPERF_HTTP_PUBLIC_URL",
} as const;

export const MIN_OAUTH_SECRET_BYTES = 32;
const MODES: readonly HttpAuthMode[] = ["bearer-key", "oauth", "both"];

/** Reads and checks the sign-in settings; a wrong one stops the server at startup, naming the variable. */
export function loadOAuthSettings(env: NodeJS.ProcessEnv, http: HttpConfig): OAuthSettings {
  const rawMode = env[OAUTH_ENV_VARIABLES.mode]?.trim() ?? "";
  const mode = (rawMode === "" ? "bearer-key" : rawMode.toLowerCase()) as HttpAuthMode;
  if (!MODES.includes(mode)) {
    throw new ConfigurationError(`${OAUTH_ENV_VARIABLES.mode} must be bearer-key (the default), oauth or both`);
  }
  const rawSecret = env[OAUTH_ENV_VARIABLES.secret]?.trim() ?? "";
  const rawPublicUrl = env[OAUTH_ENV_VARIABLES.publicUrl]?.trim() ?? "";
  if (mode === "bearer-key") {
    for (const [variable, value] of [
      [OAUTH_ENV_VARIABLES.secret, rawSecret],
      [OAUTH_ENV_VARIABLES.publicUrl, rawPublicUrl],
    ] as const) {
      if (value !== "") throw new ConfigurationError(`${variable} only applies with ${OAUTH_ENV_VARIABLES.mode}=oauth or both: set that too, or unset it.`);
    }
    return { mode, secret: null, publicUrl: null };
  }
  if (http.credentials !== "per-user") {
    throw new ConfigurationError(
      `${OAUTH_ENV_VARIABLES.mode}=${mode} signs each user in with their own OctoPerf key: it does not apply to ${
        http.credentials === "demo" ? "--demo" : "a shared account (OCTOPERF_API_KEY)"
      }. Unset one of them.`,
    );
  }
  return { mode, secret: secretOf(rawSecret), publicUrl: publicUrlOf(rawPublicUrl, http) };
}

function secretOf(raw: string): Buffer {
  const hint = `(at least ${MIN_OAUTH_SECRET_BYTES} random bytes in base64, e.g. openssl rand -base64 32)`;
  if (raw === "") {
    throw new ConfigurationError(
      `${OAUTH_ENV_VARIABLES.secret} is required with ${OAUTH_ENV_VARIABLES.mode}=oauth or both: it encrypts the OctoPerf keys the server keeps ${hint}. Every replica needs the same one.`,
    );
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) throw new ConfigurationError(`${OAUTH_ENV_VARIABLES.secret} must be base64 ${hint}`);
  const bytes = Buffer.from(raw.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length < MIN_OAUTH_SECRET_BYTES) {
    throw new ConfigurationError(`${OAUTH_ENV_VARIABLES.secret} holds ${bytes.length} bytes; it needs at least ${MIN_OAUTH_SECRET_BYTES} ${hint}`);
  }
  return bytes;
}

function publicUrlOf(raw: string, http: HttpConfig): URL | null {
  if (raw === "") {
    if (isLoopback(http.host)) return null;
    throw new ConfigurationError(
      `${OAUTH_ENV_VARIABLES.publicUrl} is required when the server is bound to ${http.host}: the https:// address your users' apps reach (behind your reverse proxy), such as https://octoperf-mcp.example.com`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`${OAUTH_ENV_VARIABLES.publicUrl} must be a URL such as https://octoperf-mcp.example.com`);
  }
  if (url.origin !== raw.replace(/\/$/, "")) {
    throw new ConfigurationError(
      `${OAUTH_ENV_VARIABLES.publicUrl} must be scheme://host[:port] only (no path, query or fragment), such as https://octoperf-mcp.example.com: the server answers at its root`,
    );
  }
  // OAuth 2.1 and the MCP authorization spec want the authorization server on HTTPS; plain HTTP
  // is only for a server and client on the same machine.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new ConfigurationError(
      `${OAUTH_ENV_VARIABLES.publicUrl} must be an https:// URL (plain http only for 127.0.0.1 or localhost): put TLS in front of the server`,
    );
  }
  return url;
}
