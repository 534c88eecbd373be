import { closeSync, constants, fstatSync, openSync, readlinkSync } from "node:fs";
import { readdir, readFile, readlink } from "node:fs/promises";
import type { Logger } from "../ports/logger-port.js";

/** One descriptor, in some process, that reads the pipe. */
export interface PipeReader {
  readonly pid: string;
  readonly fd: string;
}

export interface ReaderScan {
  readonly readers: readonly PipeReader[];
  /** False when some processes' descriptors could not be read (another user's): a reader may hide there. */
  readonly complete: boolean;
}

/**
 * What the watch needs of the system: the real one (/proc, Linux) or a stand-in in unit tests.
 * - "fifo": a named FIFO. Opening it for writing without blocking fails with ENXIO once no
 *   process reads it (POSIX): exact, and nothing is written.
 * - "pipe": an anonymous pipe (`| head`). Linux skips that ENXIO check for them (fifo_open's
 *   is_pipe), a zero-byte write returns before it looks for readers, and Node cannot poll a
 *   write-only descriptor: the readers are found in /proc instead, and watched.
 * - "none": nothing to watch, or no way to: not Linux or no /proc; a socket (libuv's child stdio
 *   are socketpairs, and a client that dies closes our stdin too, which ends the server); a TTY;
 *   a file.
 */
export interface StdoutSystem {
  kind(): "fifo" | "pipe" | "none";
  /** FIFO only: whether a reader is there; throws on anything but ENXIO. */
  fifoHasReader(): boolean;
  scanReaders(): Promise<ReaderScan>;
  stillReads(reader: PipeReader): Promise<boolean>;
}

export interface StdoutReaderWatchOptions {
  readonly logger: Logger;
  /** Called once, when stdout's reader has gone: end the server as when stdin closes. */
  readonly onGone: (why: string) => void;
  readonly system?: StdoutSystem;
  /** Default 500 ms: the 2 s promise with room for a scan on a busy machine. */
  readonly intervalMs?: number;
  /** Runs `tick` now and then every `ms` without keeping the process alive; returns how to stop. */
  readonly repeat?: (tick: () => void, ms: number) => () => void;
}

export const STDOUT_READER_GONE = "stdout's reader left (the client is gone)";

/**
 * Ends a stdio server whose stdout reader has gone while it has nothing to write (`| head -c 10`
 * with stdin still open): Node only learns of a closed pipe on a write, and stdout belongs to
 * the MCP protocol, so nothing may be written to find out. Checks every `intervalMs`; stops on
 * its own when it cannot tell (see StdoutSystem), never ending a server on a guess.
 */
export function watchStdoutReader(options: StdoutReaderWatchOptions): { stop(): void } {
  const system = options.system ?? procStdoutSystem();
  const { logger } = options;
  let kind: ReturnType<StdoutSystem["kind"]>;
  try {
    kind = system.kind();
  } catch {
    kind = "none";
  }
  if (kind === "none") return { stop: () => {} };

  let stopped = false;
  let busy = false;
  let known: readonly PipeReader[] = [];
  let seen = false;
  let cancel = () => {};
  const stop = () => {
    stopped = true;
    cancel();
  };
  const giveUp = (why: string, fields?: Record<string, unknown>) => {
    stop();
    logger.log("debug", `stdout's reader is not watched: ${why}`, fields);
  };
  const gone = () => {
    stop();
    options.onGone(STDOUT_READER_GONE);
  };

  const check = async () => {
    if (kind === "fifo") {
      if (!system.fifoHasReader()) gone();
      return;
    }
    const still = await Promise.all(known.map(async (reader) => ((await system.stillReads(reader)) ? reader : null)));
    known = still.filter((reader): reader is PipeReader => reader !== null);
    if (known.length > 0 || stopped) return;
    // The readers we knew have gone: one look at every process, for a reader that inherited the pipe.
    const scan = await system.scanReaders();
    if (stopped) return;
    if (scan.readers.length > 0) {
      known = scan.readers;
      seen = true;
    } else if (seen || scan.complete) {
      gone();
    } else {
      giveUp("no reader can be seen (other users' processes cannot be read)");
    }
  };

  const tick = () => {
    if (stopped || busy) return;
    busy = true;
    check()
      .catch((error: unknown) => giveUp("cannot check", { error: (error as NodeJS.ErrnoException).code ?? String(error) }))
      .finally(() => (busy = false));
  };
  cancel = (options.repeat ?? repeatUnref)(tick, options.intervalMs ?? 500);
  return { stop };
}

function repeatUnref(tick: () => void, ms: number): () => void {
  const first = setTimeout(tick, 0);
  const every = setInterval(tick, ms);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

const SELF_STDOUT = "/proc/self/fd/1";
/** Linux's access-mode bits of open flags (fs.constants has no O_ACCMODE). */
const O_ACCMODE = 0o3;

/** The real system: fd 1 of this process, and /proc. */
export function procStdoutSystem(): StdoutSystem {
  let pipe = "";
  return {
    kind() {
      if (process.platform !== "linux" || !fstatSync(1).isFIFO()) return "none";
      // "pipe:[inode]" for an anonymous pipe, a path for a named FIFO (throws without /proc).
      pipe = readlinkSync(SELF_STDOUT);
      return pipe.startsWith("pipe:[") ? "pipe" : "fifo";
    },
    fifoHasReader() {
      try {
        closeSync(openSync(SELF_STDOUT, constants.O_WRONLY | constants.O_NONBLOCK));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENXIO") return false;
        throw error;
      }
    },
    async scanReaders() {
      const readers: PipeReader[] = [];
      let complete = true;
      const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name) && name !== String(process.pid));
      await Promise.all(
        pids.map(async (pid) => {
          let fds: string[];
          try {
            fds = await readdir(`/proc/${pid}/fd`);
          } catch (error) {
            // Gone meanwhile (ENOENT) is no loss; unreadable (EACCES) may hide a reader.
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") complete = false;
            return;
          }
          for (const fd of fds) if (await readsPipe(pipe, { pid, fd })) readers.push({ pid, fd });
        }),
      );
      return { readers, complete };
    },
    stillReads: (reader) => readsPipe(pipe, reader),
  };
}

/** Whether that descriptor is this pipe, open for reading (O_RDONLY or O_RDWR: not O_WRONLY). */
async function readsPipe(pipe: string, { pid, fd }: PipeReader): Promise<boolean> {
  try {
    if ((await readlink(`/proc/${pid}/fd/${fd}`)) !== pipe) return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(await readFile(`/proc/${pid}/fdinfo/${fd}`, "utf8"));
    return flags !== null && (parseInt(flags[1]!, 8) & O_ACCMODE) !== constants.O_WRONLY;
  } catch {
    return false; // Closed or gone meanwhile.
  }
}
