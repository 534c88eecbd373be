export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured logs. Implementations never write to stdout (it belongs to JSON-RPC on stdio). */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export const LOGGER: unique symbol = Symbol("Logger");

export const silentLogger: Logger = { log: () => {} };
