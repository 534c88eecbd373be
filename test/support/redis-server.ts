import { spawn, type ChildProcess } from "node:child_process";
import { createServer, Socket } from "node:net";

/** A real redis-server of the test's own, on a free loopback port, with no persistence. */
export interface RedisServerProcess {
  readonly port: number;
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  /** SIGSTOP: the kernel still accepts connections and bytes, the server never answers (a frozen or partitioned Redis). */
  freeze(): void;
  /** SIGCONT: it answers again, commands sent meanwhile included. */
  thaw(): void;
  /** Thaws it first if frozen (a stopped process would hold SIGTERM pending). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts redis-server (installed by .ci/run; `apt-get install -y redis-server` by hand) and resolves once it accepts connections. */
export async function startRedisServer(options: { port?: number; requirePass?: string } = {}): Promise<RedisServerProcess> {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"];
  if (options.requirePass !== undefined) args.push("--requirepass", options.requirePass);
  const child: ChildProcess = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`redis-server could not start (is it installed? apt-get install -y redis-server): ${error.message}`)));
    void exited.then(() => reject(new Error(`redis-server exited at start: ${output}`)));
    const deadline = Date.now() + 15_000;
    const poll = () => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on ${port} within 15 s: ${output}`));
        else setTimeout(poll, 50);
      });
      socket.connect(port, "127.0.0.1");
    };
    poll();
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    freeze: () => void child.kill("SIGSTOP"),
    thaw: () => void child.kill("SIGCONT"),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGTERM");
      }
      await exited;
    },
  };
}
