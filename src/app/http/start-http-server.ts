import type { AddressInfo } from "node:net";
import { createMcpServer } from "../../adapters/mcp/create-mcp-server.js";
import { StderrLogger } from "../../adapters/stderr-logger.js";
import { SystemClock } from "../../adapters/system-clock.js";
import type { RedisCommands } from "../../adapters/redis/redis-run-coordination.js";
import type { Logger } from "../../ports/logger-port.js";
import type { OctoPerfPort } from "../../ports/octoperf-port.js";
import { apiKeyProblem, secretsOf, withApiKey, type Config } from "../config.js";
import { createContainer, resolveUseCases } from "../container.js";
import { accountIdOf, CoordinationStores } from "../coordination-stores.js";
import { PACKAGE_VERSION } from "../package-info.js";
import { superviseProcess } from "../process-lifecycle.js";
import { perUserScope, sharedScope, type Scope, type ScopeFor } from "./access.js";
import type { HttpConfig } from "./http-config.js";
import type { CancellationBus } from "./in-flight.js";
import { createMcpHttpServer, MCP_PATH } from "./mcp-http-server.js";
import { sessionKeyOf } from "./session-ids.js";
import { loadOAuthSettings } from "./oauth/oauth-config.js";

/** A dead Redis must answer fast: a launch is refused, a read goes on, /readyz says so, all within about a second. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;
/** How long a starting server waits for its first Redis connection before it listens anyway. */
const REDIS_STARTUP_WAIT_MS = 3_000;
const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** /readyz answers within a second even when Redis accepts the PING and never replies (frozen, partitioned). */
const REDIS_PING_TIMEOUT_MS = 500;

/** The password of a Redis URL, as written and decoded: log lines and answers must never hold it. */
export function redisSecrets(redisUrl: string | null): string[] {
  if (redisUrl === null) return [];
  const url = new URL(redisUrl);
  return [...new Set([url.password, decodeURIComponent(url.password)])].filter((s) => s.length > 0);
}

/**
 * Serves MCP over Streamable HTTP until SIGTERM (or SIGINT): then it stops accepting, lets the
 * calls in flight finish (waits end early, answering terminal: false) within the grace period,
 * and exits 0.
 */
export async function startHttpServer(config: Config, http: HttpConfig): Promise<void> {
  const auth = loadOAuthSettings(process.env, http);
  const serverSecrets = [
    ...secretsOf(config),
    ...(http.accessToken === null ? [] : [http.accessToken]),
    ...redisSecrets(http.redisUrl),
    ...(auth.secret === null ? [] : [process.env.OCTOPERF_HTTP_OAUTH_SECRET!.trim()]),
  ];
  const logger = new StderrLogger({ level: config.logLevel, secrets: serverSecrets });
  const clock = new SystemClock();

  let stores: CoordinationStores;
  let ready: (() => Promise<string | null>) | undefined;
  let cancellations: CancellationBus | undefined;
  let closeStore = async () => {};
  let redisCommands: RedisCommands | null = null;
  if (http.redisUrl === null) {
    stores = CoordinationStores.inMemory(clock);
  } else {
    // Loaded only when configured: a server without Redis never reads the client library.
    const [{ connectRedis }, { RedisHealth, RedisRunCoordination }, { RedisCancellation }] = await Promise.all([
      import("../../adapters/redis/redis-connection.js"),
      import("../../adapters/redis/redis-run-coordination.js"),
      import("../../adapters/redis/redis-cancellation.js"),
    ]);
    const redis = connectRedis({
      url: http.redisUrl,
      logger,
      connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS,
      commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
      pingTimeoutMs: REDIS_PING_TIMEOUT_MS,
    });
    const health = new RedisHealth(logger);
    stores = new CoordinationStores(
      (accountId) =>
        new RedisRunCoordination({
          redis: redis.commands,
          prefix: http.redisPrefix,
          accountId,
          clock,
          logger,
          commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
          health,
        }),
      false,
    );
    ready = async () => ((await redis.ping()) ? null : "the Redis coordination store does not answer: launches are refused until it does");
    // Listening before the first connection made a fresh replica answer /readyz "not ready" for
    // its first moments although Redis was up. Waiting is bounded: a Redis that is down does not
    // keep the server from starting (it reports not ready and reconnects in the background).
    if (!(await redis.firstConnection(REDIS_STARTUP_WAIT_MS))) {
      logger.log("warn", "Redis does not answer yet: serving, but launches are refused and /readyz says not ready until it does");
    }
    redisCommands = redis.commands;
    // Cancellations reach the replica that runs the request, whichever got them (pub/sub on a connection of its own).
    const bus = new RedisCancellation({
      url: http.redisUrl,
      prefix: http.redisPrefix,
      logger,
      commands: redis.commands,
      connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS,
      deadlineMs: REDIS_COMMAND_TIMEOUT_MS,
    });
    cancellations = bus;
    closeStore = async () => {
      await Promise.all([bus.close(), redis.close()]);
    };
  }

  // This request's own composition: its key, its OctoPerf adapter, its use cases; the
  // coordination state is its account's, shared with every request with the same key.
  const composeForKey = (key: string, adaptPort?: (port: OctoPerfPort) => OctoPerfPort, extraSecrets: readonly string[] = []): Scope => {
    const own = withApiKey(config, key);
    const secrets = [...serverSecrets, ...secretsOf(own), ...extraSecrets];
    const requestLogger: Logger = new StderrLogger({ level: config.logLevel, secrets });
    const container = createContainer(own, {
      logger: requestLogger,
      clock,
      coordination: stores,
      ...(adaptPort === undefined ? {} : { wrapOctoPerf: adaptPort }),
    });
    // Sessions are signed with the OctoPerf key, as in bearer-key mode: any replica serving this account accepts them.
    return { id: accountIdOf(own), useCases: resolveUseCases(container), secrets, sessionKey: sessionKeyOf(key) };
  };
  let scopeFor: ScopeFor =
    http.credentials === "per-user"
      ? perUserScope(apiKeyProblem, (key) => composeForKey(key))
      : sharedScope(resolveUseCases(createContainer(config, { logger, clock, coordination: stores })), serverSecrets, http.accessToken);
  // Loaded only in OAuth mode: a bearer-key server never reads express.
  const oauth =
    auth.mode === "bearer-key"
      ? null
      : await (
          await import("./oauth/start-oauth.js")
        ).startOAuth({ auth, config, http, logger, clock, stores, redisCommands, composeForKey, bearerKeyScope: scopeFor });
  if (oauth !== null) scopeFor = oauth.scopeFor;

  const app = createMcpHttpServer({
    config: http,
    logger,
    scopeFor,
    mcpServerFor: (scope, stop) =>
      createMcpServer({
        useCases: scope.useCases,
        logger: scope.secrets === serverSecrets ? logger : new StderrLogger({ level: config.logLevel, secrets: scope.secrets }),
        version: PACKAGE_VERSION,
        readOnly: config.readOnly,
        toolsets: config.toolsets,
        secrets: scope.secrets,
        stop,
        keyFrom: http.credentials === "per-user" ? "request" : "environment",
      }),
    ...(ready === undefined ? {} : { ready }),
    ...(cancellations === undefined ? {} : { cancellations }),
    ...(oauth === null ? {} : { routes: (request, response) => oauth.routes(request, response) }),
  });

  superviseProcess({
    logger,
    close: async () => {
      await app.drain();
      await closeStore();
    },
    graceMs: http.shutdownGraceMs,
    stdioLifeline: false,
  });
  await new Promise<void>((resolve, reject) => {
    app.server.once("error", reject);
    app.server.listen(http.port, http.host, () => {
      app.server.off("error", reject);
      resolve();
    });
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const publicUrl = oauth?.listening(new URL(`http://${host}:${address.port}`));
  logger.log("info", "octoperf-mcp ready", {
    version: PACKAGE_VERSION,
    transport: "streamable-http",
    url: `http://${host}:${address.port}${MCP_PATH}`,
    mode: config.mode,
    baseUrl: config.mode === "http" ? config.baseUrl : undefined,
    credentials: http.credentials,
    auth:
      oauth?.description ??
      (http.credentials === "per-user" ? "bearer: each user's OctoPerf API key" : http.accessToken === null ? "none" : "bearer access token"),
    publicUrl: publicUrl?.origin,
    coordination: http.redisUrl === null ? "in memory (one replica only)" : `redis (prefix ${http.redisPrefix})`,
    readOnly: config.readOnly,
    toolsets: config.toolsets.join(","),
  });
}
