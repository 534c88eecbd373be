import type { LogLevel, Logger } from "../ports/logger-port.js";
import { maskText, REDACTED } from "./mask-text.js";
import { writeStderr } from "./safe-stderr.js";

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Field names that may hold a credential: their values are never written.
const SENSITIVE_FIELD = /authori[sz]ation|api[-_]?key|token|secret|password|cookie/i;

export interface StderrLoggerOptions {
  readonly level?: LogLevel;
  /** Exact strings (the API key) masked wherever they appear, even inside messages. */
  readonly secrets?: readonly string[];
  /** Defaults to a stderr writer that never throws; never stdout, which belongs to JSON-RPC on stdio. */
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
    this.write = options.write ?? writeStderr;
  }

  /** Never throws: a log line that cannot be built or written is not worth failing (or looping) over. */
  log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
    if (LEVEL_ORDER[level] < this.threshold) return;
    const time = new Date().toISOString();
    let line: string;
    try {
      line = JSON.stringify({ time, level, message, ...fields }, redactFields);
    } catch {
      // A cycle or a BigInt in the fields: the message still goes out.
      line = JSON.stringify({ time, level, message, fieldsDropped: "not serializable" });
    }
    try {
      this.write(`${maskText(line, this.secrets)}\n`);
    } catch {
      // A custom writer that throws: nowhere left to report it.
    }
  }
}

function redactFields(key: string, value: unknown): unknown {
  if (key !== "" && SENSITIVE_FIELD.test(key)) return REDACTED;
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
