import { checkHttpOptions } from "../adapters/http/http-options.js";
import { createMcpServer } from "../adapters/mcp/create-mcp-server.js";
import { LineStdioTransport } from "../adapters/mcp/stdio-transport.js";
import { StderrLogger } from "../adapters/stderr-logger.js";
import { secretsOf, type Config } from "./config.js";
import { httpAdapterOptions } from "./http-adapter-options.js";
import { lazyUseCases } from "./lazy-use-cases.js";
import { PACKAGE_VERSION } from "./package-info.js";
import { superviseProcess } from "./process-lifecycle.js";

/** Serves MCP on stdio until stdin closes or a signal arrives. */
export async function startStdioServer(config: Config): Promise<void> {
  const logger = new StderrLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // A bad HTTP setting still stops the server here, at startup; the container (use cases, adapter,
  // tsyringe) is built on the first call that needs it, so initialize and tools/list never wait for it.
  if (config.mode === "http") checkHttpOptions(httpAdapterOptions(config, logger));
  const useCases = lazyUseCases(async () => {
    const { createContainer, resolveUseCases } = await import("./container.js");
    return resolveUseCases(createContainer(config, { logger }));
  });
  const server = createMcpServer({
    useCases,
    logger,
    version: PACKAGE_VERSION,
    readOnly: config.readOnly,
    toolsets: config.toolsets,
    secrets: secretsOf(config),
  });

  // Ends the process with its client (stdin closed, a broken pipe, a signal) and after a crash.
  superviseProcess({ logger, close: () => server.close() });
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
