import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../ports/logger-port.js";
import { errorResponse, readJsonRpcLine } from "./json-rpc-line.js";
import { RefusalLog } from "./refusal-log.js";

/** The SDK stdio transport's limit, kept: a bigger message is refused, not buffered. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

// How much of an oversized message is kept to look for its id.
const ID_SNIFF_BYTES = 4096;

export interface StdioTransportOptions {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly maxMessageBytes?: number;
  /** Told about refused messages (never their content, which may hold anything), at a bounded rate. */
  readonly logger?: Logger;
  /** The time, for the rate of those warnings (default: the system clock). */
  readonly now?: () => number;
}

/**
 * MCP over stdio, newline-delimited JSON-RPC, as the SDK's StdioServerTransport speaks it, with
 * the gaps that the SDK leaves closed:
 * - a message over the size limit is answered with a JSON-RPC error and dropped, and the session
 *   goes on (the SDK's transport closed itself silently, and the server exited 0);
 * - a line that is not JSON, or not a valid JSON-RPC request, is answered (-32700, -32600) rather
 *   than dropped (see json-rpc-line.ts);
 * - the end of stdin closes the transport (the SDK's never noticed), and a broken stdout ends
 *   sending instead of raising an unhandled 'error'.
 */
export class LineStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly maxBytes: number;
  private readonly refusals: RefusalLog;
  private parts: Buffer[] = [];
  private size = 0;
  /** Set while the rest of an oversized line is skipped, up to its newline. */
  private skipping = false;
  private started = false;
  private closed = false;
  private stdoutBroken = false;
  private readonly drainWaiters = new Set<() => void>();

  constructor(options: StdioTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.refusals = new RefusalLog(options.logger, options.now);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error("LineStdioTransport already started");
    this.started = true;
    this.stdin.on("data", this.onData);
    this.stdin.on("end", this.onEnd);
    this.stdin.on("error", this.onStdinError);
    this.stdout.on("error", this.onStdoutError);
    this.stdout.on("drain", this.onDrain);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed || this.stdoutBroken) return Promise.resolve();
    const line = `${JSON.stringify(message)}\n`;
    return new Promise((resolve) => {
      try {
        if (this.stdout.write(line)) resolve();
        else this.drainWaiters.add(resolve);
      } catch (error) {
        this.onStdoutError(error instanceof Error ? error : new Error(String(error)));
        resolve();
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.refusals.flush();
    this.stdin.off("data", this.onData);
    this.stdin.off("end", this.onEnd);
    this.stdin.off("error", this.onStdinError);
    this.stdout.off("drain", this.onDrain);
    // The stdout 'error' listener stays: a late EPIPE must not become an uncaught exception.
    if (this.stdin.listenerCount("data") === 0) this.stdin.pause();
    this.parts = [];
    this.size = 0;
    this.onDrain();
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = 0;
    while (from < data.length && !this.closed) {
      const newline = data.indexOf(0x0a, from);
      this.take(data.subarray(from, newline === -1 ? data.length : newline));
      if (newline === -1) return;
      this.endOfLine();
      from = newline + 1;
    }
  };

  private take(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    if (this.size + part.length > this.maxBytes) {
      const head = Buffer.concat([...this.parts, part.subarray(0, ID_SNIFF_BYTES)]).subarray(0, ID_SNIFF_BYTES);
      this.parts = [];
      this.size = 0;
      this.skipping = true;
      this.refuseOversized(head.toString("utf8"));
      return;
    }
    this.parts.push(part);
    this.size += part.length;
  }

  private endOfLine(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const line = Buffer.concat(this.parts, this.size).toString("utf8").replace(/\r$/, "");
    this.parts = [];
    this.size = 0;
    const outcome = readJsonRpcLine(line);
    if (outcome.kind === "blank") return;
    if (outcome.kind === "refused") {
      this.refusals.refused("refused a message from the client", { problem: outcome.problem });
      if (outcome.reply !== undefined) void this.send(outcome.reply);
      return;
    }
    try {
      this.onmessage?.(outcome.message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private refuseOversized(head: string): void {
    const limit = `${this.maxBytes / (1024 * 1024)} MiB`;
    this.refusals.refused("refused a message over the size limit; the session goes on", { limitBytes: this.maxBytes });
    void this.send(
      errorResponse(
        sniffRequestId(head),
        ErrorCode.InvalidRequest,
        `Invalid Request: the message is larger than ${limit} (${this.maxBytes} bytes) and was dropped; the session goes on. Send smaller arguments.`,
      ),
    );
  }

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onStdinError = (error: Error): void => {
    this.onerror?.(error);
    void this.close();
  };

  private readonly onStdoutError = (error: Error): void => {
    if (this.stdoutBroken) return;
    this.stdoutBroken = true;
    this.onerror?.(error);
    void this.close();
  };

  private readonly onDrain = (): void => {
    for (const resolve of this.drainWaiters) resolve();
    this.drainWaiters.clear();
  };
}

/**
 * The id of a message cut short, when it stands among the first top-level members (as clients
 * write it: `{"jsonrpc":"2.0","id":7,"method":…`): then the client's pending request gets its
 * error at once instead of a timeout. Only members before any nested value are read, so an "id"
 * inside the params is never mistaken for the request's.
 */
export function sniffRequestId(head: string): RequestId | null {
  const match =
    /^\s*\{(?:\s*"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)\s*,)*?\s*"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*[,}]/.exec(head);
  if (match === null) return null;
  const raw = match[1]!;
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return null;
    }
  }
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
