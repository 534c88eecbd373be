/**
 * A stdio server whose stdout reader left while the server has nothing to write (`| head -c 10`,
 * stdin still open) must notice on its own and exit within 2 s: Node learns of a closed pipe only
 * on a write, so the server watches the pipe's readers (stdout-reader-watch.ts). The built bin, a
 * real shell pipeline and a real named FIFO; the tests allow 3 s for the 2 s promise.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { killIfAlive, waitUntilGone } from "../support/process-watch.js";
import { SERVER_BIN } from "../support/spawn-server.js";

const GONE_WITHIN_MS = 3_000;
const INIT = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "head-reader", version: "0" } },
};
const env = { PATH: process.env.PATH ?? "" };

/**
 * Resolves once `stream` has ended (its writers exited), or after `ms`: a server's last stderr
 * line can reach this process after the server itself is gone, so read it only then.
 */
function ended(stream: Readable, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    stream.once("close", () => (clearTimeout(timer), resolve()));
  });
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) killIfAlive(pid);
});

describe.runIf(process.platform === "linux")("a stdio server whose stdout reader left", () => {
  it("`| head -c 10` (an anonymous pipe), stdin still open: the server exits within 2 s of head leaving", async () => {
    // The server's stdin is the test's pipe (kept open), its stdout the pipe to head; fd 3 tells its pid.
    const script = `exec 5<&0; { "${process.execPath}" "${SERVER_BIN}" --demo <&5 5<&- & echo $! >&3; wait; } | head -c 10`;
    const shell = spawn("sh", ["-c", script], { env, stdio: ["pipe", "pipe", "pipe", "pipe"], detached: true });
    started.push(-shell.pid!);
    shell.stdin.on("error", () => {});
    let err = "";
    shell.stderr.on("data", (chunk) => (err += String(chunk)));
    const stderrClosed = ended(shell.stderr, 10_000);
    try {
      const pid = await new Promise<number>((resolve) => shell.stdio[3]!.once("data", (chunk) => resolve(Number(String(chunk).trim()))));
      started.push(pid);
      let head = "";
      // (Not the stream's end: the shell keeps it open until the server has gone.)
      const headDone = new Promise<void>((resolve) => shell.stdout.on("data", (chunk) => ((head += String(chunk)), head.length >= 10 && resolve())));
      shell.stdin.write(`${JSON.stringify(INIT)}\n`);
      await headDone;
      expect(head).toBe(`{"result":{"protocolVersion"`.slice(0, 10)); // head printed the answer's first 10 bytes and left
      const tookMs = await waitUntilGone(pid, GONE_WITHIN_MS);
      expect(tookMs, `the server (pid ${pid}) was still running ${GONE_WITHIN_MS} ms after head left; stderr:\n${err}`).not.toBeNull();
      await stderrClosed;
      expect(err).toContain("stdout's reader left");
    } finally {
      try {
        process.kill(-shell.pid!, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    }
  });

  it("a named FIFO whose reader closed: the server exits within 2 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "octoperf-fifo-"));
    const fifo = join(dir, "stdout");
    try {
      await new Promise<void>((resolve, reject) =>
        spawn("mkfifo", [fifo]).on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo: ${code}`)))),
      );
      // The reader first (non-blocking, so the open does not wait for a writer), then the server's end.
      const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writer = openSync(fifo, constants.O_WRONLY);
      const child = spawn(process.execPath, [SERVER_BIN, "--demo"], { env, stdio: ["pipe", writer, "pipe"] }) as ChildProcessByStdio<Writable, null, Readable>;
      closeSync(writer);
      started.push(child.pid!);
      let err = "";
      child.stderr.on("data", (chunk) => (err += String(chunk)));
      const stderrClosed = ended(child.stderr, 10_000);
      child.stdin.on("error", () => {});
      child.stdin.write(`${JSON.stringify(INIT)}\n`);
      // Read the initialize answer's first bytes, then close the only reader.
      const buffer = Buffer.alloc(10);
      const deadline = Date.now() + 10_000;
      let got = 0;
      while (got === 0 && Date.now() < deadline) {
        try {
          got = readSync(reader, buffer, 0, 10, null);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      expect(got).toBeGreaterThan(0);
      closeSync(reader);
      const tookMs = await waitUntilGone(child.pid!, GONE_WITHIN_MS);
      expect(tookMs, `the server was still running ${GONE_WITHIN_MS} ms after its FIFO's reader closed; stderr:\n${err}`).not.toBeNull();
      await stderrClosed;
      expect(err).toContain("stdout's reader left");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
