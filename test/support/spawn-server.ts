import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * The built bin, as `npx octoperf-mcp` runs it (npm test builds first): the bundle of
 * dist/app/bin.js (the CLI, dist/app/main.js, behind it), so the tests exercise the very file an MCP host starts.
 */
export const SERVER_BIN = fileURLToPath(new URL("../../dist/bin/octoperf-mcp.js", import.meta.url));

export interface SpawnedServer {
  readonly client: Client;
  readonly stderr: () => string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Spawns the built server over stdio and connects the SDK's Client to it. */
export async function spawnServer(args: string[], env: Record<string, string> = {}): Promise<SpawnedServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_BIN, ...args],
    env: { ...getDefaultEnvironment(), ...env },
    stderr: "pipe",
  });
  const chunks: string[] = [];
  transport.stderr?.on("data", (d) => chunks.push(String(d)));
  const client = new Client({ name: "e2e", version: "0" });
  await client.connect(transport, { timeout: 10_000 });
  return {
    client,
    stderr: () => chunks.join(""),
    call: async (name, a = {}) => (await client.callTool({ name, arguments: a })) as CallToolResult,
    close: () => client.close(),
  };
}

/** Runs the bin to completion (for --help, --version and configuration errors). */
export function runBin(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [SERVER_BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 10_000,
    input: "",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Sends raw JSON-RPC lines to a spawned server and collects every byte of its stdout, to prove
 * that nothing but JSON-RPC is ever written there. Stdin ends after `settleMs`, or as soon as
 * stdout holds `answers` lines when given (a busy machine may take longer than any fixed wait).
 */
export async function rawSession(args: string[], env: Record<string, string>, messages: object[], settleMs: number, answers?: number) {
  const child = spawn(process.execPath, [SERVER_BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
  let stdout = "";
  let stderr = "";
  let answered: () => void = () => {};
  const allAnswered = new Promise<void>((resolve) => (answered = resolve));
  child.stdout.on("data", (d) => {
    stdout += String(d);
    if (answers !== undefined && stdout.split("\n").length > answers) answered();
  });
  child.stderr.on("data", (d) => (stderr += String(d)));
  for (const message of messages) child.stdin.write(`${JSON.stringify(message)}\n`);
  await (answers === undefined ? new Promise((resolve) => setTimeout(resolve, settleMs)) : allAnswered);
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { stdout, stderr, code };
}
