/**
 * Throughput over Streamable HTTP: one or more `--http --demo` replicas (the built bin, each its
 * own process; clients spread round-robin over them, as a load balancer would), 32 SDK clients (StreamableHTTPClientTransport, each its own connection pool) each with one call
 * in flight at a time, the cheap read tool `octoperf_get_current_user_workspaces`. Each call is a
 * POST that builds a fresh MCP server (the stateless design): this is the cost of that design.
 * Calls per second = calls / wall time of the measured phase; latency per call, client side.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { checkOk, now, procCpuMs, SERVER_BIN, summarize, trackChild, untrackChild, type Summary } from "./support.js";

const TOOL = "octoperf_get_current_user_workspaces";

export interface HttpThroughputResult {
  readonly replicas: number;
  readonly clients: number;
  readonly calls: number;
  readonly warmupCalls: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly latency: Summary;
  /** Server CPU (user + system, all threads, all replicas) per call, ms. */
  readonly serverCpuMsPerCall: number;
}

/** A built `--http` server on a free port (`--demo` unless other arguments are given), once it has logged its address. */
export async function startReplica(args: readonly string[] = ["--demo"], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [SERVER_BIN, "--http", ...args, "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  trackChild(child.pid!);
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address logged: ${stderr}`)), 15_000);
    child.stderr.on("data", (d) => {
      stderr += String(d);
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return { child, url };
}

export async function measureHttpThroughput(calls = 4000, clients = 32, warmupCalls = 800, replicas = 1): Promise<HttpThroughputResult> {
  const started = await Promise.allSettled(Array.from({ length: replicas }, () => startReplica()));
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const sessions = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const client = new Client({ name: "bench-http", version: "0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(servers[i % servers.length]!.url)));
        return client;
      }),
    );
    const run = async (total: number, latencies: number[] | null) => {
      let next = 0;
      await Promise.all(
        sessions.map(async (client) => {
          while (next < total) {
            next += 1;
            const startedAt = now();
            checkOk((await client.callTool({ name: TOOL, arguments: {} })) as CallToolResult, TOOL);
            latencies?.push(now() - startedAt);
          }
        }),
      );
    };
    const cpu = () => servers.reduce((sum, s) => sum + procCpuMs(s.child.pid!), 0);
    await run(warmupCalls, null);
    const latencies: number[] = [];
    const cpuStart = cpu();
    const startedAt = now();
    await run(calls, latencies);
    const seconds = (now() - startedAt) / 1000;
    const serverCpuMsPerCall = (cpu() - cpuStart) / calls;
    await Promise.all(sessions.map((client) => client.close()));
    return { replicas, clients, calls, warmupCalls, seconds, callsPerSecond: calls / seconds, latency: summarize(latencies), serverCpuMsPerCall };
  } finally {
    for (const { child } of servers) {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      untrackChild(child.pid!);
    }
  }
}
