import { describe, expect, it } from "vitest";
import { STDOUT_READER_GONE, watchStdoutReader, type PipeReader, type ReaderScan, type StdoutSystem } from "../../src/app/stdout-reader-watch.js";

/** A system stand-in: what fd 1 is, who reads it, and a count of every look taken. */
function system(kind: ReturnType<StdoutSystem["kind"]>, initial: { readers?: PipeReader[]; complete?: boolean; fifoReader?: boolean } = {}) {
  const state = { readers: initial.readers ?? [], complete: initial.complete ?? true, fifoReader: initial.fifoReader ?? true, fifoError: null as Error | null };
  const looks = { scans: 0, stillReads: 0, fifo: 0 };
  const fake: StdoutSystem = {
    kind: () => kind,
    fifoHasReader: () => {
      looks.fifo += 1;
      if (state.fifoError !== null) throw state.fifoError;
      return state.fifoReader;
    },
    scanReaders: async (): Promise<ReaderScan> => {
      looks.scans += 1;
      return { readers: [...state.readers], complete: state.complete };
    },
    stillReads: async (reader) => {
      looks.stillReads += 1;
      return state.readers.some((r) => r.pid === reader.pid && r.fd === reader.fd);
    },
  };
  return { fake, state, looks };
}

/** Starts a watch whose ticks run by hand; `tick` settles the check it starts. */
function watch(fake: StdoutSystem) {
  const gone: string[] = [];
  const logs: string[] = [];
  let tickFn: (() => void) | null = null;
  let stops = 0;
  const handle = watchStdoutReader({
    logger: { log: (_level, message) => void logs.push(message) },
    onGone: (why) => void gone.push(why),
    system: fake,
    intervalMs: 500,
    repeat: (tick, ms) => {
      expect(ms).toBe(500);
      tickFn = tick;
      return () => void (stops += 1);
    },
  });
  const tick = async () => {
    tickFn?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { handle, gone, logs, tick, stops: () => stops, scheduled: () => tickFn !== null };
}

const HEAD: PipeReader = { pid: "4242", fd: "0" };

describe("watchStdoutReader", () => {
  it("an anonymous pipe: finds its reader once, then watches only it, and ends the server once the reader left", async () => {
    const { fake, state, looks } = system("pipe", { readers: [HEAD] });
    const w = watch(fake);
    await w.tick();
    await w.tick();
    await w.tick();
    expect(looks.scans).toBe(1); // the whole of /proc once; then one look at the known reader per tick
    expect(looks.stillReads).toBe(2);
    expect(w.gone).toEqual([]);
    state.readers = [];
    await w.tick();
    expect(looks.scans).toBe(2); // a last look for a reader that inherited the pipe
    expect(w.gone).toEqual([STDOUT_READER_GONE]);
    expect(w.stops()).toBe(1);
    await w.tick();
    expect(w.gone).toHaveLength(1); // once only, and no more looks
    expect(looks.scans).toBe(2);
  });

  it("a reader that handed the pipe on (a child inherited it) is not taken for gone", async () => {
    const { fake, state } = system("pipe", { readers: [HEAD] });
    const w = watch(fake);
    await w.tick();
    state.readers = [{ pid: "4343", fd: "3" }];
    await w.tick();
    await w.tick();
    expect(w.gone).toEqual([]);
  });

  it("no reader at all, with every process seen: gone at the first check", async () => {
    const { fake } = system("pipe", { readers: [], complete: true });
    const w = watch(fake);
    await w.tick();
    expect(w.gone).toEqual([STDOUT_READER_GONE]);
  });

  it("no reader seen while some processes could not be read (another user's may read it): gives up, never ends the server on a guess", async () => {
    const { fake, looks } = system("pipe", { readers: [], complete: false });
    const w = watch(fake);
    await w.tick();
    await w.tick();
    expect(w.gone).toEqual([]);
    expect(w.stops()).toBe(1);
    expect(looks.scans).toBe(1);
    expect(w.logs.some((m) => m.includes("not watched"))).toBe(true);
  });

  it("a reader seen, then gone, while some processes cannot be read: gone (the reader we saw left)", async () => {
    const { fake, state } = system("pipe", { readers: [HEAD], complete: false });
    const w = watch(fake);
    await w.tick();
    state.readers = [];
    await w.tick();
    expect(w.gone).toEqual([STDOUT_READER_GONE]);
  });

  it("a named FIFO: ENXIO (no reader) ends the server; another open error stops the watch and keeps the server", async () => {
    const ended = system("fifo");
    const w = watch(ended.fake);
    await w.tick();
    expect(w.gone).toEqual([]);
    ended.state.fifoReader = false;
    await w.tick();
    expect(w.gone).toEqual([STDOUT_READER_GONE]);

    const failing = system("fifo");
    const f = watch(failing.fake);
    failing.state.fifoError = Object.assign(new Error("EACCES"), { code: "EACCES" });
    await f.tick();
    await f.tick();
    expect(f.gone).toEqual([]);
    expect(f.stops()).toBe(1);
    expect(failing.looks.fifo).toBe(1);
  });

  it("nothing it can watch (a socket, a TTY, a file, not Linux): no timer at all", () => {
    const w = watch(system("none").fake);
    expect(w.scheduled()).toBe(false);
  });

  it("stopped on shutdown: no more looks, never calls back", async () => {
    const { fake, state, looks } = system("pipe", { readers: [HEAD] });
    const w = watch(fake);
    await w.tick();
    w.handle.stop();
    state.readers = [];
    await w.tick();
    expect(w.gone).toEqual([]);
    expect(looks.scans).toBe(1);
    expect(w.stops()).toBe(1);
  });
});
