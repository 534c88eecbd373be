import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { EXIT_CRASH, EXIT_OK, superviseProcess, type ProcessHandle } from "../../src/app/process-lifecycle.js";
import { StderrLogger } from "../../src/adapters/stderr-logger.js";

/** A process stand-in: signals and crashes are emitted by hand, exits and timers recorded. */
function harness(close: () => Promise<void> = async () => {}, stdioLifeline?: boolean) {
  const proc = new EventEmitter() as EventEmitter & ProcessHandle & { exits: number[]; stdin: EventEmitter; stdout: EventEmitter };
  Object.assign(proc, { stdin: new EventEmitter(), stdout: new EventEmitter(), exits: [] as number[] });
  proc.exit = (code: number) => void proc.exits.push(code);
  const logs: { level: string; message: string }[] = [];
  const timers: { ms: number; run: () => void }[] = [];
  let stderrBroken: (() => void) | undefined;
  const supervisor = superviseProcess({
    logger: { log: (level, message) => void logs.push({ level, message }) },
    close,
    process: proc,
    graceMs: 1000,
    ...(stdioLifeline === undefined ? {} : { stdioLifeline }),
    onStderrBroken: (listener) => (stderrBroken = listener),
    setTimer: (run, ms) => void timers.push({ run, ms }),
  });
  return { proc, logs, timers, supervisor, breakStderr: () => stderrBroken?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const never = () => new Promise<void>(() => {});

describe("superviseProcess", () => {
  it.each([
    ["stdin ends", (h: ReturnType<typeof harness>) => h.proc.stdin.emit("end")],
    ["stdout breaks (EPIPE)", (h: ReturnType<typeof harness>) => h.proc.stdout.emit("error", new Error("write EPIPE"))],
    ["stderr breaks", (h: ReturnType<typeof harness>) => h.breakStderr()],
    ["SIGTERM", (h: ReturnType<typeof harness>) => h.proc.emit("SIGTERM")],
    ["SIGHUP", (h: ReturnType<typeof harness>) => h.proc.emit("SIGHUP")],
  ])("%s: closes the session once, then exits 0", async (_name, trigger) => {
    let closes = 0;
    const h = harness(async () => void closes++);
    trigger(h);
    h.proc.stdin.emit("end"); // the pipes close as the client goes: no second shutdown
    await settle();
    expect(closes).toBe(1);
    expect(h.proc.exits).toEqual([EXIT_OK]);
    expect(h.logs.filter((l) => l.message === "shutting down")).toHaveLength(1);
  });

  it("a network server (no stdio lifeline) ignores stdin ending and stderr breaking, and still ends on SIGTERM", async () => {
    let closes = 0;
    const h = harness(async () => void closes++, false);
    h.proc.stdin.emit("end");
    h.proc.stdin.emit("close");
    h.breakStderr();
    await settle();
    expect(closes).toBe(0);
    expect(h.proc.exits).toEqual([]);
    h.proc.emit("SIGTERM");
    await settle();
    expect(closes).toBe(1);
    expect(h.proc.exits).toEqual([EXIT_OK]);
  });

  it("a second signal while the shutdown hangs exits at once with 128 + the signal number", async () => {
    const h = harness(never);
    h.proc.emit("SIGTERM");
    await settle();
    expect(h.proc.exits).toEqual([]);
    h.proc.emit("SIGTERM");
    expect(h.proc.exits).toEqual([143]);
  });

  it("a signal after stdin ended, while closing hangs, also exits at once", async () => {
    const h = harness(never);
    h.proc.stdin.emit("end");
    h.proc.emit("SIGINT");
    expect(h.proc.exits).toEqual([130]);
  });

  it("a shutdown that hangs past the grace period exits non-zero when its timer fires", async () => {
    const h = harness(never);
    h.proc.stdin.emit("end");
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers[0]!.run();
    expect(h.proc.exits).toEqual([EXIT_CRASH]);
  });

  it("an uncaught exception is logged once and exits non-zero; a second one (from the log write, say) adds nothing", () => {
    const h = harness();
    h.proc.emit("uncaughtException", new Error("boom"));
    h.proc.emit("uncaughtException", new Error("write EPIPE"));
    expect(h.proc.exits).toEqual([EXIT_CRASH]);
    expect(h.logs.filter((l) => l.level === "error")).toHaveLength(1);
  });

  it("an unhandled rejection is logged and the server goes on", async () => {
    const h = harness();
    h.proc.emit("unhandledRejection", new Error("a progress notification to a client that left"));
    await settle();
    expect(h.proc.exits).toEqual([]);
    expect(h.logs).toEqual([expect.objectContaining({ level: "error", message: expect.stringMatching(/unhandled rejection/) })]);
  });
});

describe("StderrLogger never throws", () => {
  it("a writer that throws (a broken pipe) is swallowed, and fields that cannot be serialized still leave the message", () => {
    const throwing = new StderrLogger({
      write: () => {
        throw new Error("write EPIPE");
      },
    });
    expect(() => throwing.log("info", "shutting down")).not.toThrow();
    const lines: string[] = [];
    const logger = new StderrLogger({ write: (line) => void lines.push(line) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => logger.log("info", "odd fields", { cyclic, big: 1n })).not.toThrow();
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: "odd fields", fieldsDropped: "not serializable" });
  });
});
