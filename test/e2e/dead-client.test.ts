/**
 * A server whose client is gone must go too, quickly and quietly: an MCP host that crashes or is
 * force-quit leaves its server with dead pipes, and a server that spins or survives SIGTERM burns
 * a core until someone finds it. Each case runs the built bin as a real child process (never a
 * mock) and allows generous bounds: the promise is 2 s, the tests allow 3 s.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cpuTimeMs, killIfAlive, waitUntilGone } from "../support/process-watch.js";
import { SERVER_BIN } from "../support/spawn-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

const PARENT = fileURLToPath(new URL("../support/orphaning-parent.mjs", import.meta.url));
const GONE_WITHIN_MS = 3_000;
const KEY = "dead0000-c1ie-4e7a-b1d2-0rphan000000";

const started: number[] = [];
afterEach(() => {
  // A failed assertion must not leave a spinning orphan behind on the machine.
  for (const pid of started.splice(0)) killIfAlive(pid);
});

let stub: StubOctoPerf;
beforeAll(async () => {
  stub = await startStubOctoPerf({ apiKey: KEY });
});
afterAll(async () => {
  await stub.close();
});

const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "dead-client", version: "0" } },
};
const line = (message: object) => `${JSON.stringify(message)}\n`;
/** A call that fails with a domain error, which the server logs to stderr. */
const FAILING_CALL = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "octoperf_status", arguments: { benchResultId: "noSuchRun0000000001" } } };

function env(mode: "demo" | "http"): NodeJS.ProcessEnv {
  const base = { PATH: process.env.PATH ?? "" };
  return mode === "demo" ? base : { ...base, OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: stub.baseUrl };
}

/** Starts the orphaning parent and resolves with the server's pid once the server is ready. */
async function serverUnderParent(mode: "demo" | "http") {
  const parent = spawn(process.execPath, [PARENT, SERVER_BIN, ...(mode === "demo" ? ["--demo"] : [])], {
    env: env(mode),
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(parent.pid!);
  const serverPid = await new Promise<number>((resolve, reject) => {
    let out = "";
    parent.stdout.on("data", (chunk) => {
      out += String(chunk);
      const ready = /\{"serverPid":(\d+)\}/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    parent.on("exit", () => reject(new Error(`the parent exited before the server was ready: ${out}`)));
  });
  started.push(serverPid);
  return { parent, serverPid };
}

/** Spawns the built server with every stream piped and waits for its ready line. */
async function directServer(args: string[] = ["--demo"]): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [SERVER_BIN, ...args], { env: env("demo") });
  started.push(child.pid!);
  // A write to a stdin the server no longer reads must not fail the test.
  child.stdin.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    let err = "";
    const onData = (chunk: Buffer) => {
      err += String(chunk);
      if (err.includes("octoperf-mcp ready")) {
        child.stderr.off("data", onData);
        resolve();
      }
    };
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready: ${err}`)));
  });
  return child;
}

describe("a server whose client is SIGKILLed (a desktop client crashing) ends by itself", () => {
  for (const mode of ["demo", "http"] as const) {
    it(`${mode} mode: the orphaned server is gone within 3 s, without spinning`, async () => {
      const { parent, serverPid } = await serverUnderParent(mode);
      const cpuBefore = cpuTimeMs(serverPid);
      parent.kill("SIGKILL");
      const tookMs = await waitUntilGone(serverPid, GONE_WITHIN_MS);
      const cpuAfter = cpuTimeMs(serverPid);
      expect(
        tookMs,
        `the orphan (pid ${serverPid}) was still running after ${GONE_WITHIN_MS} ms, having used ${cpuAfter !== null && cpuBefore !== null ? cpuAfter - cpuBefore : "?"} ms of CPU since its client died`,
      ).not.toBeNull();
    });
  }
});

describe("a server whose stderr reader went away", () => {
  it("ends within 3 s when a log write fails (stdin still open), instead of looping on the write error", async () => {
    const child = await directServer();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stderr.destroy();
    child.stdin.write(line(INIT));
    child.stdin.write(line({ jsonrpc: "2.0", method: "notifications/initialized" }));
    child.stdin.write(line(FAILING_CALL)); // logs "tool call failed": the write that hits EPIPE
    expect(await waitUntilGone(child.pid!, GONE_WITHIN_MS), "the server was still running").not.toBeNull();
    expect(await exited).toBe(0);
  });

  it("`2>&1 | head -1`: the server ends once head has gone and the next write fails", async () => {
    // detached: its own process group, so cleanup can end the shell, the server and head by the group's id.
    const shell = spawn("sh", ["-c", `"${process.execPath}" "${SERVER_BIN}" --demo 2>&1 | head -1`], {
      env: env("demo"),
      detached: true,
    });
    shell.stdin.on("error", () => {});
    const exited = new Promise<void>((resolve) => shell.on("exit", () => resolve()));
    try {
      let out = "";
      await new Promise<void>((resolve) => shell.stdout.on("data", (chunk) => ((out += String(chunk)), out.includes("\n") && resolve())));
      expect(out).toContain("octoperf-mcp ready"); // head printed the first line and left
      shell.stdin.write(line(INIT));
      shell.stdin.write(line({ jsonrpc: "2.0", method: "notifications/initialized" }));
      shell.stdin.write(line(FAILING_CALL));
      const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), GONE_WITHIN_MS))]);
      expect(gone, "the pipeline (the server) was still running").toBe(true);
    } finally {
      try {
        process.kill(-shell.pid!, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    }
  });

  it("SIGTERM still ends it, although the shutdown log line cannot be written", async () => {
    const child = await directServer();
    child.stderr.destroy();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await waitUntilGone(child.pid!, GONE_WITHIN_MS), "the server survived SIGTERM").not.toBeNull();
    expect(await exited).toBe(0);
  });
});

describe("signals", () => {
  it("SIGTERM ends a serving server with a run in progress at once, with exit code 0", async () => {
    const child = await directServer();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stdin.write(line(INIT));
    child.stdin.write(line({ jsonrpc: "2.0", method: "notifications/initialized" }));
    child.stdin.write(
      line({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutNightly } } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill("SIGTERM");
    expect(await waitUntilGone(child.pid!, GONE_WITHIN_MS), "the server survived SIGTERM").not.toBeNull();
    expect(await exited).toBe(0);
  });

  it("SIGINT and SIGHUP end it too; a second signal right after the first never keeps it alive", async () => {
    for (const signals of [["SIGINT"], ["SIGHUP"], ["SIGTERM", "SIGTERM"]] as const) {
      const child = await directServer();
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      for (const signal of signals) child.kill(signal);
      expect(await waitUntilGone(child.pid!, GONE_WITHIN_MS), `the server survived ${signals.join(" + ")}`).not.toBeNull();
      // 0 when the first shutdown won the race, 143 when the second signal cut it short.
      expect([0, 143]).toContain(await exited);
    }
  });
});
