import { constants } from "node:os";
import { onStderrBroken } from "../adapters/safe-stderr.js";
import type { Logger } from "../ports/logger-port.js";

/** Exit codes of the server process. */
export const EXIT_OK = 0;
/** An uncaught exception, or a shutdown that did not finish within its grace period. */
export const EXIT_CRASH = 1;

const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
type Signal = (typeof SIGNALS)[number];

/** What the supervisor needs of the process: the real one, or a stand-in in unit tests. */
export interface ProcessHandle {
  on(event: Signal | "uncaughtException" | "unhandledRejection", listener: (arg: unknown) => void): unknown;
  readonly stdin: { on(event: "end" | "close" | "error", listener: () => void): unknown };
  readonly stdout: { on(event: "error", listener: () => void): unknown };
  exit(code: number): void;
}

export interface SuperviseOptions {
  readonly logger: Logger;
  /** Ends the MCP session (server and transport). */
  readonly close: () => Promise<void>;
  /** How long a shutdown may take before the process exits anyway. Default 1 s. */
  readonly graceMs?: number;
  /**
   * Whether the server's life is tied to stdin and stdout (default true: the stdio server, whose
   * client owns those pipes). A network server is not: its stdin may be /dev/null or a closed
   * pipe under a supervisor, and only signals (and a broken stderr) end it.
   */
  readonly stdioLifeline?: boolean;
  readonly process?: ProcessHandle;
  readonly onStderrBroken?: (listener: () => void) => unknown;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
}

/**
 * Ties the server's life to its client's. The server ends, within the grace period, when stdin
 * ends or stdout or stderr breaks (the client is gone: it closed the pipe, crashed or was
 * killed), and on SIGTERM, SIGINT or SIGHUP; a second signal during the shutdown exits at once.
 * After an uncaught exception the process state is unknown: it is logged once and the process
 * exits non-zero rather than serve on. An unhandled rejection is logged and the server goes on:
 * every request's promise is awaited by the SDK, which answers its failure as an error, so a
 * rejection nobody awaited comes from a side path (a notification to a client that has left)
 * and did not leave half-done state behind, and ending the process would abort every other
 * request in flight.
 */
export function superviseProcess(options: SuperviseOptions): { shutdown(why: string): void } {
  const proc = options.process ?? (process as unknown as ProcessHandle);
  const { logger } = options;
  const graceMs = options.graceMs ?? 1000;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  let closing = false;
  let exited = false;

  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    proc.exit(code);
  };

  const shutdown = (why: string) => {
    if (closing) return;
    closing = true;
    // The logger never throws, even with stderr gone: this line cannot start a loop.
    logger.log("info", "shutting down", { why });
    setTimer(() => {
      logger.log("warn", "shutdown did not finish in time; exiting", { graceMs });
      exit(EXIT_CRASH);
    }, graceMs);
    options
      .close()
      .catch(() => {})
      .then(() => exit(EXIT_OK));
  };

  for (const signal of SIGNALS) {
    proc.on(signal, () => {
      if (!closing) return shutdown(signal);
      logger.log("warn", `${signal} during shutdown: exiting at once`);
      exit(128 + constants.signals[signal]);
    });
  }
  if (options.stdioLifeline ?? true) {
    proc.stdin.on("end", () => shutdown("stdin closed"));
    proc.stdin.on("close", () => shutdown("stdin closed"));
    proc.stdin.on("error", () => shutdown("stdin failed"));
    proc.stdout.on("error", () => shutdown("stdout closed (the client is gone)"));
    (options.onStderrBroken ?? onStderrBroken)(() => shutdown("stderr closed (the client is gone)"));
  }

  let crashed = false;
  proc.on("uncaughtException", (error) => {
    if (crashed) return;
    crashed = true;
    logger.log("error", "uncaught exception: exiting, the process state is unknown", { error: describe(error) });
    exit(EXIT_CRASH);
  });
  proc.on("unhandledRejection", (reason) => {
    logger.log("error", "unhandled rejection (the server goes on)", { error: describe(reason) });
  });

  return { shutdown };
}

function describe(error: unknown): unknown {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
}
