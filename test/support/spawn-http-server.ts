import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SERVER_BIN } from "./spawn-server.js";

/** The built bin serving Streamable HTTP on a free loopback port, read back from its "ready" log line. */
export interface HttpServerProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:PORT/mcp */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly stderr: () => string;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  connect(options?: { token?: string }): Promise<Client>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<HttpServerProcess>();

/** The SDK's Client over StreamableHTTPClientTransport to `url` (a server, or a proxy in front of replicas), with a Bearer when given. */
export async function connectMcpClient(url: string, token?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "e2e-http", version: "0" });
  await client.connect(transport, { timeout: 10_000 });
  return client;
}

/** `bin`: the built bin by default, or a copy of it elsewhere (runtime-dependencies.test.ts runs one with no node_modules). */
export async function spawnHttpServer(args: string[], env: Record<string, string> = {}, bin = SERVER_BIN): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [bin, "--http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  child.stdout.on("data", (d) => (stdout += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not log its address within 15 s; stderr: ${stderr}`)), 15_000);
    const look = () => {
      const match = /"url":"(http:\/\/[^"]+\/mcp)"/.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr.on("data", look);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening; stderr: ${stderr}`));
    });
  });
  const clients: Client[] = [];
  const server: HttpServerProcess = {
    child,
    url,
    origin: new URL(url).origin,
    stderr: () => stderr + stdout,
    exited,
    connect: async (options = {}) => {
      const client = await connectMcpClient(url, options.token);
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      running.delete(server);
      return exited;
    },
  };
  running.add(server);
  return server;
}

export async function stopAllHttpServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}
