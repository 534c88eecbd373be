import type { RedisCommands } from "../../../adapters/redis/redis-run-coordination.js";
import { StderrLogger } from "../../../adapters/stderr-logger.js";
import { AuthenticationError } from "../../../domain/errors.js";
import type { Clock } from "../../../ports/clock-port.js";
import type { Logger } from "../../../ports/logger-port.js";
import type { OctoPerfPort } from "../../../ports/octoperf-port.js";
import { apiKeyProblem, secretsOf, withApiKey, type Config } from "../../config.js";
import { createContainer } from "../../container.js";
import type { CoordinationStores } from "../../coordination-stores.js";
import type { Scope, ScopeFor } from "../access.js";
import type { HttpConfig } from "../http-config.js";
import type { KeyVerdict } from "./consent.js";
import { reportingKeyRejection } from "./key-rejection.js";
import { createOAuthAccess, type OAuthAccess } from "./oauth-access.js";
import type { OAuthSettings } from "./oauth-config.js";
import { InMemoryOAuthStore, RedisOAuthStore } from "./oauth-store.js";

/** The consent page waits this long for OctoPerf's verdict on a key. */
const KEY_CHECK_DEADLINE_MS = 10_000;
const REDIS_COMMAND_TIMEOUT_MS = 1_000;

export interface StartOAuthOptions {
  readonly auth: OAuthSettings;
  readonly config: Config;
  readonly http: HttpConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly stores: CoordinationStores;
  /** The Redis the replicas share, or null: tokens in memory, for one replica. */
  readonly redisCommands: RedisCommands | null;
  /** The per-user composition of start-http-server, the OctoPerf port adapted. */
  readonly composeForKey: (key: string, adaptPort?: (port: OctoPerfPort) => OctoPerfPort, extraSecrets?: readonly string[]) => Scope;
  /** How a request carrying an OctoPerf key is served (OCTOPERF_HTTP_AUTH=both). */
  readonly bearerKeyScope: ScopeFor;
}

/** The OAuth side of the team server, wired to its stores and to OctoPerf. */
export async function startOAuth(options: StartOAuthOptions): Promise<OAuthAccess & { readonly description: string }> {
  const { auth, config, logger, clock } = options;
  const store =
    options.redisCommands === null
      ? new InMemoryOAuthStore(clock)
      : new RedisOAuthStore({ redis: options.redisCommands, prefix: options.http.redisPrefix, commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS });
  if (options.redisCommands === null) {
    logger.log(
      "warn",
      "OAuth tokens are kept in memory: users sign in again after a restart, and only one replica can serve them (set OCTOPERF_REDIS_URL to share them)",
    );
  }

  async function checkKey(key: string): Promise<KeyVerdict> {
    const own = withApiKey(config, key);
    const keyLogger = new StderrLogger({ level: config.logLevel, secrets: [...secretsOf(config), ...secretsOf(own)] });
    const listWorkspaces = createContainer(own, { logger: keyLogger, clock }).useCase("listWorkspaces");
    try {
      // The Jenkins plugin's own login check, as in doctor: one read that needs a valid key.
      await listWorkspaces.execute({ signal: AbortSignal.timeout(KEY_CHECK_DEADLINE_MS) });
      return "accepted";
    } catch (error) {
      if (error instanceof AuthenticationError) return "rejected";
      keyLogger.log("warn", "OAuth consent: OctoPerf did not answer the key check", { error: error instanceof Error ? error.message : String(error) });
      return "unavailable";
    }
  }

  const access = createOAuthAccess({
    settings: { ...auth, secret: auth.secret! },
    store,
    clock,
    logger,
    readOnly: config.readOnly,
    keyProblem: apiKeyProblem,
    checkKey,
    compose: (key, onKeyRejected, secrets) => options.composeForKey(key, (port) => reportingKeyRejection(port, onKeyRejected), secrets),
    ...(auth.mode === "both" ? { bearerKeyScope: options.bearerKeyScope } : {}),
  });
  return {
    ...access,
    description: auth.mode === "oauth" ? "oauth: each user signs in and connects their OctoPerf key" : "oauth, or bearer: each user's OctoPerf API key",
  };
}
