import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../adapters/mcp/create-mcp-server.js";
import { LOGGER, type Logger } from "../ports/logger-port.js";
import { secretsOf, type Config } from "./config.js";
import { createContainer, resolveUseCases } from "./container.js";
import { PACKAGE_VERSION } from "./package-info.js";

/** Serves MCP on stdio until stdin closes or a signal arrives. */
export async function startStdioServer(config: Config): Promise<void> {
  const container = createContainer(config);
  const logger = container.resolve<Logger>(LOGGER);
  const server = createMcpServer({
    useCases: resolveUseCases(container),
    logger,
    version: PACKAGE_VERSION,
    readOnly: config.readOnly,
    secrets: secretsOf(config),
  });

  // A misbehaving request must not take the session down with it: log and keep serving.
  process.on("unhandledRejection", (reason) => logger.log("error", "unhandled rejection", { error: describe(reason) }));
  process.on("uncaughtException", (error) => logger.log("error", "uncaught exception", { error: describe(error) }));

  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    logger.log("info", "shutting down", { why });
    await server.close().catch(() => {});
    process.exit(0);
  };
  // The SDK's stdio transport does not close on EOF; without this the client waits 2 s and SIGTERMs us.
  process.stdin.on("end", () => void shutdown("stdin closed"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  await server.connect(new StdioServerTransport());
  logger.log("info", "octoperf-mcp ready", {
    version: PACKAGE_VERSION,
    mode: config.mode,
    baseUrl: config.mode === "http" ? config.baseUrl : undefined,
    readOnly: config.readOnly,
    allowedScenarios: config.allowedScenarios === null ? "any" : config.allowedScenarios.length,
  });
}

function describe(error: unknown): unknown {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
}
