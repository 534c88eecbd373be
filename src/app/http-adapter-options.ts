import type { HttpOctoPerfOptions } from "../adapters/http/http-options.js";
import type { Logger } from "../ports/logger-port.js";
import type { Config } from "./config.js";

/** The HTTP adapter's options from the configuration (outside demo mode, where a key is guaranteed). */
export function httpAdapterOptions(config: Config, logger: Logger): HttpOctoPerfOptions {
  return {
    baseUrl: config.baseUrl,
    apiKey: config.apiKey!.reveal(),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger,
  };
}
