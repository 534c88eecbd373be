import { isIP } from "node:net";
import * as z from "zod";
import { ConfigurationError } from "../../domain/errors.js";

/**
 * Settings of the HTTP (team) server, apart from the OctoPerf ones in ../config.ts: they only
 * exist with --http, and their rules (which credentials may serve a network) are the HTTP
 * server's own. Each comes from a flag or an environment variable; an error names the one to fix.
 */
export interface HttpConfig {
  /**
   * Whose OctoPerf account serves a request: the demo data, one shared account behind an access
   * token, or each caller's own key (per-user, the default without OCTOPERF_API_KEY).
   */
  readonly credentials: "demo" | "shared-account" | "per-user";
  readonly host: string;
  /** 0: any free port (the bound address is logged on stderr). */
  readonly port: number;
  /** Origins (scheme://host[:port]) a browser page may call from; any other Origin gets 403. */
  readonly allowedOrigins: readonly string[];
  /** Host header values accepted besides the loopback names (checked only when bound to loopback). */
  readonly allowedHosts: readonly string[];
  /** Whether allowed origins get CORS headers (off: no CORS header is ever sent). */
  readonly cors: boolean;
  readonly maxBodyBytes: number;
  /**
   * How long a client may take to send its request headers, and then its body: a connection
   * that trickles its request in is closed. Receiving only: a wait's answer streams for as long
   * as its budget.
   */
  readonly requestTimeoutMs: number;
  /** Bearer token the /mcp endpoint requires; null: no access token (demo mode only). */
  readonly accessToken: string | null;
  /** How long in-flight calls may take to finish after SIGTERM. */
  readonly shutdownGraceMs: number;
  /** Redis shared by the replicas for launch coordination; null: in memory (one replica only). May hold a password. */
  readonly redisUrl: string | null;
  /** Prepended to every Redis key. */
  readonly redisPrefix: string;
}

export const HTTP_ENV_VARIABLES = {
  host: "OCTOPERF_HTTP_HOST",
  port: "OCTOPERF_HTTP_PORT",
  allowedOrigins: "OCTOPERF_HTTP_ALLOWED_ORIGINS",
  allowedHosts: "OCTOPERF_HTTP_ALLOWED_HOSTS",
  cors: "OCTOPERF_HTTP_CORS",
  maxBodyBytes: "OCTOPERF_HTTP_MAX_BODY_BYTES",
  requestTimeoutSeconds: "OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS",
  sharedAccount: "OCTOPERF_HTTP_SHARED_ACCOUNT",
  accessToken: "OCTOPERF_HTTP_ACCESS_TOKEN",
  shutdownGraceSeconds: "OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS",
  redisUrl: "OCTOPERF_REDIS_URL",
  redisPrefix: "OCTOPERF_REDIS_PREFIX",
} as const;

export const DEFAULT_HTTP_PORT = 8808;
export const MIN_ACCESS_TOKEN_LENGTH = 32;
const MiB = 1024 * 1024;

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""], { error: "must be true or false (1/0, yes/no)" })
  .transform((v) => v === "1" || v === "true" || v === "yes");

const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const origin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
    } catch {
      return false;
    }
  },
  { error: "must list origins such as https://chat.example.com (scheme, host and port only, no path or trailing slash)" },
);

const HttpSettingsSchema = z.object({
  host: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .refine((h) => isIP(h) !== 0 || /^[A-Za-z0-9.-]+$/.test(h), { error: "must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0" })
    .default("127.0.0.1"),
  port: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be between 0 and 65535 (0: any free port)" })
    .max(65535, { error: "must be between 0 and 65535 (0: any free port)" })
    .default(DEFAULT_HTTP_PORT),
  allowedOrigins: list.pipe(z.array(origin)).default([]),
  allowedHosts: list
    .pipe(
      z.array(
        z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, { error: "must list host names as sent in the Host header, such as mcp.example.com or mcp.example.com:8443" }),
      ),
    )
    .default([]),
  cors: flag.default(false),
  maxBodyBytes: z.coerce
    .number({ error: "must be a number of bytes" })
    .int({ error: "must be a whole number of bytes" })
    .min(1024, { error: "must be at least 1024 bytes" })
    .max(64 * MiB, { error: `must be at most ${64 * MiB} bytes (64 MiB)` })
    .default(MiB),
  requestTimeoutSeconds: z.coerce
    .number({ error: "must be a number of seconds" })
    .min(1, { error: "must be at least 1" })
    .max(300, { error: "must be at most 300" })
    .default(30),
  sharedAccount: flag.default(false),
  accessToken: z
    .string()
    .min(MIN_ACCESS_TOKEN_LENGTH, { error: `must be at least ${MIN_ACCESS_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)` })
    .max(512, { error: "must be at most 512 characters" })
    .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces (it travels in an HTTP header)" })
    .optional(),
  shutdownGraceSeconds: z.coerce
    .number({ error: "must be a number of seconds" })
    .min(1, { error: "must be at least 1" })
    .max(600, { error: "must be at most 600" })
    .default(10),
  redisUrl: z
    .string()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
        } catch {
          return false;
        }
      },
      { error: "must be a redis:// or rediss:// URL such as redis://:password@redis.internal:6379/0" },
    )
    .optional(),
  redisPrefix: z
    .string()
    .max(100, { error: "must be at most 100 characters" })
    .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces, such as octoperf-mcp:" })
    .default("octoperf-mcp:"),
});

export interface HttpFlags {
  readonly host?: string;
  readonly port?: string;
}

/**
 * Reads the HTTP settings and decides which credentials may serve the network: demo (no
 * OctoPerf key at all), per-user (each request brings its caller's own OctoPerf key; the default
 * without a key), or one shared OctoPerf account, which must be asked for explicitly and then
 * sits behind an access token of its own, so that reaching the port is never enough to spend the
 * account's credits.
 */
export function loadHttpConfig(env: NodeJS.ProcessEnv, flags: HttpFlags, demo: boolean): HttpConfig {
  const raw: Record<string, unknown> = {};
  for (const [setting, variable] of Object.entries(HTTP_ENV_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== "") raw[setting] = value;
  }
  if (flags.host !== undefined) raw.host = flags.host;
  if (flags.port !== undefined) raw.port = flags.port;
  const result = HttpSettingsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = String(issue.path[0] ?? "host") as keyof typeof HTTP_ENV_VARIABLES;
    const name =
      setting === "host" && flags.host !== undefined ? "--host" : setting === "port" && flags.port !== undefined ? "--port" : HTTP_ENV_VARIABLES[setting];
    throw new ConfigurationError(`${name} ${issue.message}`);
  }
  const s = result.data;
  const apiKey = env.OCTOPERF_API_KEY?.trim() ?? "";
  const credentials = demo ? "demo" : apiKey === "" ? "per-user" : "shared-account";
  if (credentials === "demo" && s.redisUrl !== undefined) {
    throw new ConfigurationError(
      `${HTTP_ENV_VARIABLES.redisUrl} does not apply to --demo: each replica keeps its own demo data, so replicas cannot share launches. Unset it, or serve real accounts.`,
    );
  }
  if (credentials === "per-user") {
    if (s.sharedAccount) {
      throw new ConfigurationError(
        `${HTTP_ENV_VARIABLES.sharedAccount}=true needs the shared account's OCTOPERF_API_KEY; unset it to let each user send their own key.`,
      );
    }
    if (s.accessToken !== undefined) {
      throw new ConfigurationError(
        `${HTTP_ENV_VARIABLES.accessToken} only applies to a shared account: with per-user keys, each request authenticates with its caller's own OctoPerf key (Authorization: Bearer <key>). Unset it.`,
      );
    }
  }
  if (credentials === "shared-account") {
    if (!s.sharedAccount) {
      throw new ConfigurationError(
        `OCTOPERF_API_KEY in HTTP mode would let everyone who reaches the port use that one OctoPerf account: ` +
          `set ${HTTP_ENV_VARIABLES.sharedAccount}=true and an ${HTTP_ENV_VARIABLES.accessToken} if that is what you want, or use --demo.`,
      );
    }
    if (s.accessToken === undefined) {
      throw new ConfigurationError(
        `${HTTP_ENV_VARIABLES.accessToken} is required with ${HTTP_ENV_VARIABLES.sharedAccount}=true: the token clients send as ` +
          `"Authorization: Bearer <token>" (at least ${MIN_ACCESS_TOKEN_LENGTH} characters, e.g. openssl rand -hex 32).`,
      );
    }
  }
  if (s.accessToken !== undefined && apiKey !== "" && s.accessToken === apiKey) {
    throw new ConfigurationError(
      `${HTTP_ENV_VARIABLES.accessToken} must differ from OCTOPERF_API_KEY: every client holds the access token, none should hold the OctoPerf key.`,
    );
  }
  return {
    credentials,
    host: s.host,
    port: s.port,
    allowedOrigins: s.allowedOrigins,
    allowedHosts: s.allowedHosts,
    cors: s.cors,
    maxBodyBytes: s.maxBodyBytes,
    requestTimeoutMs: s.requestTimeoutSeconds * 1000,
    accessToken: s.accessToken ?? null,
    shutdownGraceMs: s.shutdownGraceSeconds * 1000,
    redisUrl: s.redisUrl ?? null,
    redisPrefix: s.redisPrefix,
  };
}
