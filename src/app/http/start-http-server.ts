import type { AddressInfo } from "node:net";
import { createMcpServer } from "../../adapters/mcp/create-mcp-server.js";
import { StderrLogger } from "../../adapters/stderr-logger.js";
import { secretsOf, type Config } from "../config.js";
import { createContainer, resolveUseCases } from "../container.js";
import { PACKAGE_VERSION } from "../package-info.js";
import { superviseProcess } from "../process-lifecycle.js";
import { sharedScope } from "./access.js";
import type { HttpConfig } from "./http-config.js";
import { createMcpHttpServer, MCP_PATH } from "./mcp-http-server.js";

/**
 * Serves MCP over Streamable HTTP until SIGTERM (or SIGINT): then it stops accepting, lets the
 * calls in flight finish (waits end early, answering terminal: false) within the grace period,
 * and exits 0.
 */
export async function startHttpServer(config: Config, http: HttpConfig): Promise<void> {
  const secrets = http.accessToken === null ? secretsOf(config) : [...secretsOf(config), http.accessToken];
  const logger = new StderrLogger({ level: config.logLevel, secrets });
  // One composition for the process (demo data, or the shared account): see sharedScope.
  const container = createContainer(config, { logger });
  const useCases = resolveUseCases(container);
  const app = createMcpHttpServer({
    config: http,
    logger,
    scopeFor: sharedScope(useCases, secretsOf(config), http.accessToken),
    mcpServerFor: (scope, stop) =>
      createMcpServer({ useCases: scope.useCases, logger, version: PACKAGE_VERSION, readOnly: config.readOnly, toolsets: config.toolsets, secrets: scope.secrets, stop }),
  });

  superviseProcess({ logger, close: () => app.drain(), graceMs: http.shutdownGraceMs, stdioLifeline: false });
  await new Promise<void>((resolve, reject) => {
    app.server.once("error", reject);
    app.server.listen(http.port, http.host, () => {
      app.server.off("error", reject);
      resolve();
    });
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  logger.log("info", "octoperf-mcp ready", {
    version: PACKAGE_VERSION,
    transport: "streamable-http",
    url: `http://${host}:${address.port}${MCP_PATH}`,
    mode: config.mode,
    baseUrl: config.mode === "http" ? config.baseUrl : undefined,
    auth: http.accessToken === null ? "none" : "bearer access token",
    readOnly: config.readOnly,
    toolsets: config.toolsets.join(","),
  });
}
