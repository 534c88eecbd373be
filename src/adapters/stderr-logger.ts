import type { LogLevel, Logger } from "../ports/logger-port.js";
import { maskText, REDACTED } from "./mask-text.js";

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names that may hold a credential: their values are never written.
const SENSITIVE_FIELD = /authori[sz]ation|api[-_]?key|token|secret|password|cookie/i;

export interface StderrLoggerOptions {
  readonly level?: LogLevel;
  /** Exact strings (the API key) masked wherever they appear, even inside messages. */
  readonly secrets?: readonly string[];
  /** Defaults to process.stderr; never stdout, which belongs to JSON-RPC on stdio. */
  readonly write?: (line: string) => void;
}

/** One JSON line per event on stderr, with credentials masked before anything is written. */
export class StderrLogger implements Logger {
  private readonly threshold: number;
  private readonly secrets: readonly string[];
  private readonly write: (line: string) => void;

  constructor(options: StderrLoggerOptions = {}) {
    this.threshold = LEVEL_ORDER[options.level ?? "info"];
    this.secrets = options.secrets ?? [];
    this.write = options.write ?? ((line) => process.stderr.write(line));
  }

  log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LEVEL_ORDER[level] < this.threshold) return;
    const event = { time: new Date().toISOString(), level, message, ...fields };
    this.write(`${maskText(JSON.stringify(event, redactFields), this.secrets)}\n`);
  }
}

function redactFields(key: string, value: unknown): unknown {
  if (key !== "" && SENSITIVE_FIELD.test(key)) return REDACTED;
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
