/**
 * Spawns the built server and drives it with the SDK's own Client over a stdio transport that
 * records every byte the server writes to stdout. Each stdout line must be one JSON-RPC message;
 * anything else is kept in `impurities()` (and not delivered), so every session of the
 * adversarial suites doubles as a stdout-purity check. Results and stderr go through the
 * SecretScanner when one is given.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessageSchema, type CallToolResult, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { SecretScanner } from "./secret-scan.js";
import { SERVER_BIN } from "./spawn-server.js";

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A Transport over a child process's stdin/stdout that keeps the raw stdout bytes. */
export class RecordingStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly chunks: Buffer[] = [];
  private pending = Buffer.alloc(0);
  private readonly bad: string[] = [];
  /** Every JSON-RPC message the server sent, in order (including answers to raw lines). */
  readonly received: JSONRPCMessage[] = [];
  private readonly exited: Promise<ExitStatus>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  async start(): Promise<void> {
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.pending = Buffer.concat([this.pending, chunk]);
      let newline = this.pending.indexOf(0x0a);
      while (newline >= 0) {
        const line = this.pending.subarray(0, newline).toString("utf8");
        this.pending = this.pending.subarray(newline + 1);
        this.deliver(line);
        newline = this.pending.indexOf(0x0a);
      }
    });
    this.child.on("exit", () => {
      if (this.pending.length > 0) this.bad.push(`unterminated: ${this.pending.toString("utf8").slice(0, 200)}`);
      this.pending = Buffer.alloc(0);
      this.onclose?.();
    });
    this.child.stdin.on("error", (error) => this.onerror?.(error));
  }

  private deliver(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.bad.push(`not JSON: ${line.slice(0, 200)}`);
      return;
    }
    const message = JSONRPCMessageSchema.safeParse(json);
    if (!message.success) {
      this.bad.push(`not JSON-RPC: ${line.slice(0, 200)}`);
      return;
    }
    this.received.push(message.data);
    this.onmessage?.(message.data);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.writeLine(JSON.stringify(message));
  }

  /** Writes raw text to the server's stdin (malformed lines, for the purity tests). */
  writeLine(text: string): Promise<void> {
    return this.writeRaw(Buffer.from(`${text}\n`, "utf8"));
  }

  /** Writes raw bytes to the server's stdin (invalid UTF-8, partial lines). */
  writeRaw(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.child.stdin.destroyed || !this.child.stdin.writable) return reject(new Error("server stdin is closed"));
      this.child.stdin.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Resolves with the server's answer to a request sent raw (bounded wait). */
  async responseTo(id: string | number, timeoutMs = 10_000): Promise<JSONRPCMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => "id" in m && m.id === id && ("result" in m || "error" in m));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no answer to request ${JSON.stringify(id)} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Closes stdin (the server shuts down on EOF) and waits for the exit; kills it if it lingers. */
  async close(): Promise<void> {
    await this.shutdown();
  }

  async shutdown(graceMs = 5_000): Promise<ExitStatus> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      const status = await this.exited;
      clearTimeout(timer);
      return status;
    }
    return this.exited;
  }

  get exit(): Promise<ExitStatus> {
    return this.exited;
  }

  /** Every byte the server wrote on stdout so far. */
  stdout(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Stdout lines that were not one JSON-RPC message each. */
  impurities(): string[] {
    return [...this.bad];
  }
}

export interface RecordedServer {
  readonly client: Client;
  readonly transport: RecordingStdioTransport;
  readonly pid: number;
  stderr(): string;
  /** A tools/call; the result (text and structuredContent) is scanned for the key. */
  call(name: string, args?: Record<string, unknown>, options?: RequestOptions): Promise<CallToolResult>;
  /** Closes the client and the server; scans the whole stderr; rejects if stdout carried anything but JSON-RPC. */
  close(): Promise<ExitStatus>;
}

const live = new Set<RecordedServer>();

/**
 * Starts `node dist/bin/octoperf-mcp.js <args>` with only `env` (plus PATH/HOME), connects the SDK Client.
 * `OCTOPERF_*` variables of the test process are never inherited.
 */
export async function spawnRecorded(
  args: string[],
  env: Record<string, string>,
  options: { scanner?: SecretScanner; label?: string } = {},
): Promise<RecordedServer> {
  const child = spawn(process.execPath, [SERVER_BIN, ...args], {
    env: { ...getDefaultEnvironment(), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderrChunks: string[] = [];
  child.stderr.on("data", (d) => stderrChunks.push(String(d)));
  const transport = new RecordingStdioTransport(child);
  const client = new Client({ name: "adversarial", version: "0" });
  const label = options.label ?? args.join(" ");
  let closed: Promise<ExitStatus> | undefined;
  const server: RecordedServer = {
    client,
    transport,
    pid: child.pid ?? -1,
    stderr: () => stderrChunks.join(""),
    call: async (name, a = {}, requestOptions) => {
      const result = (await client.callTool({ name, arguments: a }, undefined, requestOptions)) as CallToolResult;
      options.scanner?.scan(`tool result:${name}`, result);
      return result;
    },
    close: () => {
      closed ??= (async () => {
        live.delete(server);
        await client.close().catch(() => {});
        const status = await transport.shutdown();
        options.scanner?.scan(`stderr:${label}`, stderrChunks.join(""));
        // Every session is a stdout-purity check: a stray byte on stdout fails the test that closes it.
        const impure = transport.impurities();
        if (impure.length > 0) throw new Error(`stdout of "${label}" carried non-JSON-RPC output: ${impure.slice(0, 3).join(" | ")}`);
        return status;
      })();
      return closed;
    },
  };
  live.add(server);
  try {
    await client.connect(transport, { timeout: 15_000 });
  } catch (error) {
    await server.close();
    throw new Error(`the server did not start: ${String(error)}\nstderr: ${stderrChunks.join("")}`, { cause: error });
  }
  return server;
}

/** Closes every server a test left open (call it in afterEach / afterAll). */
export async function closeAllRecorded(): Promise<void> {
  await Promise.all([...live].map((s) => s.close()));
}
