import { createMcpServer } from "../adapters/mcp/create-mcp-server.js";
import { LineStdioTransport } from "../adapters/mcp/stdio-transport.js";
import { StderrLogger } from "../adapters/stderr-logger.js";
import { secretsOf, type Config } from "./config.js";
import { createContainer, resolveUseCases } from "./container.js";
import { PACKAGE_VERSION } from "./package-info.js";
import { superviseProcess } from "./process-lifecycle.js";
import { watchStdoutReader } from "./stdout-reader-watch.js";

/** Serves MCP on stdio until stdin closes or a signal arrives. */
export async function startStdioServer(config: Config): Promise<void> {
  const logger = new StderrLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // A bad HTTP setting stops the server here, at startup (the HTTP adapter itself loads on the first call).
  const useCases = resolveUseCases(createContainer(config, { logger }));
  const server = createMcpServer({
    useCases,
    logger,
    version: PACKAGE_VERSION,
    readOnly: config.readOnly,
    toolsets: config.toolsets,
    secrets: secretsOf(config),
  });

  // Ends the process with its client (stdin closed, a broken pipe, a signal) and after a crash,
  // and when stdout's reader left while there is nothing to write (`| head -c 10`); the watch's
  // first look comes on a timer, once the supervisor is there.
  const readerWatch = watchStdoutReader({ logger, onGone: (why) => supervisor.shutdown(why) });
  const supervisor = superviseProcess({
    logger,
    close: () => {
      readerWatch.stop();
      return server.close();
    },
  });
  await server.connect(new LineStdioTransport({ logger }));
  logger.log("info", "octoperf-mcp ready", {
    transport: "stdio",
    version: PACKAGE_VERSION,
    mode: config.mode,
    baseUrl: config.mode === "http" ? config.baseUrl : undefined,
    readOnly: config.readOnly,
    toolsets: config.toolsets.join(","),
    allowedScenarios: config.allowedScenarios === null ? "any" : config.allowedScenarios.length,
  });
}
