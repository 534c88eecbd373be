/**
 * Shared plumbing for the benchmarks: spawning the built server over stdio with the SDK's own
 * Client, reading a child's memory and CPU from /proc, statistics, and a registry of every child
 * process so that nothing outlives `npm run bench`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { SERVER_BIN as BUILT_BIN } from "../test/support/spawn-server.js";

/** The bin measured: the built one, or another build's (BENCH_SERVER_BIN, for the "before" figures of bench/baseline.ts). */
export const SERVER_BIN = process.env.BENCH_SERVER_BIN ?? BUILT_BIN;

export const now = (): number => performance.now();

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ——— child process registry ———

const liveChildren = new Set<number>();

export function trackChild(pid: number): void {
  liveChildren.add(pid);
}

export function untrackChild(pid: number): void {
  liveChildren.delete(pid);
}

/** Last resort (watchdog, crash): SIGKILL every child we spawned and did not close, by pid. */
export function killTrackedChildren(): number {
  let killed = 0;
  for (const pid of liveChildren) {
    try {
      process.kill(pid, "SIGKILL");
      killed += 1;
    } catch {
      // Already gone.
    }
  }
  liveChildren.clear();
  return killed;
}

export function trackedChildren(): number[] {
  return [...liveChildren].filter(isAlive);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ——— MCP sessions over stdio ———

/** One JSON-RPC response as it came off the server's stdout. */
export interface ResponseRecord {
  /** UTF-8 bytes of the whole JSON-RPC message (`{"jsonrpc":"2.0","id":…,"result":…}`), newline excluded. */
  readonly messageBytes: number;
  /** UTF-8 bytes of its `result` member: the text content plus structuredContent (and their wrappers). */
  readonly resultBytes: number;
}

export interface McpSession {
  readonly client: Client;
  /** Round trip of one raw JSON-RPC request, timed on the wire (no client-side parsing or validation): ms and the answer's bytes. */
  rawRequest(method: string): Promise<{ ms: number; bytes: number; result: unknown }>;
  readonly pid: number;
  /** performance.now() just before the transport spawned the child. */
  readonly spawnedAt: number;
  /** performance.now() when the initialize handshake completed. */
  readonly connectedAt: number;
  /** performance.now() when the last result message came off the wire, before the Client's own processing of it. */
  readonly lastResultAt: () => number;
  /** Every response message received, in order (only when `recordResponses` was set). */
  readonly responses: ResponseRecord[];
  readonly stderr: () => string;
  call(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly env?: Record<string, string>;
  /** The script node runs (default: our bin), e.g. a peer server's bundle. */
  readonly script?: string;
  /** Record the size of every response message (adds a JSON.stringify per message). */
  readonly recordResponses?: boolean;
}

/**
 * Spawns `node dist/bin/octoperf-mcp.js <args>` (the bin) the way an MCP host does (only the SDK's default
 * environment plus `env`), and connects the SDK Client to it.
 */
export async function startSession(args: readonly string[], options: SessionOptions = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [options.script ?? SERVER_BIN, ...args],
    env: { ...getDefaultEnvironment(), ...options.env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (d: Buffer) => {
    // Bounded: a chatty server must not grow the bench's own memory.
    if (stderr.length < 64 * 1024) stderr += String(d);
  });
  const client = new Client({ name: "octoperf-mcp-bench", version: "0" });
  const spawnedAt = now();
  try {
    await client.connect(transport, { timeout: 15_000 });
  } catch (error) {
    const pid = transport.pid;
    await transport.close().catch(() => {});
    if (pid !== null && isAlive(pid)) process.kill(pid, "SIGKILL");
    throw new Error(`server did not start (${String(error)}); stderr: ${stderr.slice(0, 500)}`, { cause: error });
  }
  const connectedAt = now();
  const pid = transport.pid;
  if (pid === null) throw new Error("the transport exposes no pid");
  trackChild(pid);

  const responses: ResponseRecord[] = [];
  // Raw requests use ids the Client never does; their answers are taken here and never reach it.
  const rawWaiting = new Map<number, (message: JSONRPCMessage) => void>();
  let rawId = 1_000_000_000;
  const clientOnMessage = transport.onmessage;
  let lastResultAt = connectedAt;
  transport.onmessage = (message: JSONRPCMessage, extra?: unknown) => {
    if ("result" in message) lastResultAt = now();
    const waiting = "id" in message && typeof message.id === "number" ? rawWaiting.get(message.id) : undefined;
    if (waiting !== undefined) {
      rawWaiting.delete((message as { id: number }).id);
      waiting(message);
      return;
    }
    // tsc sees StdioClientTransport's one-argument onmessage, the lint's type service the Transport
    // interface's two-argument one; the SDK passes `extra` at run time, so pass it on.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    (clientOnMessage as ((m: JSONRPCMessage, e?: unknown) => void) | undefined)?.(message, extra);
  };
  const rawRequest = (method: string) =>
    new Promise<{ ms: number; bytes: number; result: unknown }>((resolve, reject) => {
      const id = rawId++;
      const sentAt = now();
      rawWaiting.set(id, (message) => {
        const ms = now() - sentAt;
        if (!("result" in message)) reject(new Error(`${method}: ${JSON.stringify(message).slice(0, 300)}`));
        else resolve({ ms, bytes: Buffer.byteLength(JSON.stringify(message.result)), result: message.result });
      });
      transport.send({ jsonrpc: "2.0", id, method, params: {} }).catch(reject);
    });
  if (options.recordResponses) {
    const inner = transport.onmessage;
    // StdioClientTransport hands its listener the message alone.
    transport.onmessage = (message: JSONRPCMessage) => {
      if ("result" in message) {
        responses.push({
          messageBytes: Buffer.byteLength(JSON.stringify(message)),
          resultBytes: Buffer.byteLength(JSON.stringify(message.result)),
        });
      }
      inner?.(message);
    };
  }

  return {
    client,
    rawRequest,
    pid,
    spawnedAt,
    connectedAt,
    lastResultAt: () => lastResultAt,
    responses,
    stderr: () => stderr,
    call: async (name, a = {}, timeoutMs = 60_000) => (await client.callTool({ name, arguments: a }, undefined, { timeout: timeoutMs })) as CallToolResult,
    close: async () => {
      await client.close().catch(() => {});
      if (isAlive(pid)) {
        await sleep(50);
        if (isAlive(pid)) process.kill(pid, "SIGKILL");
      }
      untrackChild(pid);
    },
  };
}

/** Throws if a tool answered with isError, so a broken run cannot pass as a fast one. */
export function checkOk(result: CallToolResult, what: string): CallToolResult {
  if (result.isError) {
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
    throw new Error(`${what} failed: ${text.slice(0, 300)}`);
  }
  return result;
}

export function structured<T>(result: CallToolResult): T {
  return result.structuredContent as T;
}

// ——— /proc ———

export interface ProcMemory {
  /** Resident set size now, bytes. */
  readonly rss: number;
  /** Peak resident set size ("high water mark"), bytes. */
  readonly hwm: number;
}

export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

let clockTicks: number | undefined;

/** User + system CPU time of a process so far, in ms (from /proc/<pid>/stat). */
export function procCpuMs(pid: number): number {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks;
}

// ——— statistics ———

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Median absolute deviation (unscaled). */
  readonly mad: number;
}

/** Linear interpolation between order statistics (the method tinybench uses). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const deviations = sorted.map((s) => Math.abs(s - median)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median,
    p95: quantile(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.reduce((sum, s) => sum + s, 0) / Math.max(1, sorted.length),
    mad: quantile(deviations, 0.5),
  };
}

/** Runs `fn` with a deadline: a stuck measure fails instead of hanging the bench. */
export async function withDeadline<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /runtime/bench-results/{id}`: ids (path segments of 12+ URL-safe characters with a digit) folded. */
export function routeOf(method: string, path: string): string {
  return `${method} ${path.replace(/\/(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{12,}(?=\/|$)/g, "/{id}")}`;
}

export const ms = (value: number, digits = 2): string => `${value.toFixed(digits)} ms`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
