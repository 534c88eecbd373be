import { readFileSync } from "node:fs";

/**
 * Whether a process id still names a live process. A zombie (exited, not yet reaped by its new
 * parent, init) counts as gone: it runs no code and holds no CPU.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // No /proc (not Linux): kill(0) said it is there.
  }
}

/** Polls until `pid` is gone or `timeoutMs` has passed; returns how long it took, or null if it is still there. */
export async function waitUntilGone(pid: number, timeoutMs: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start <= timeoutMs) {
    if (!isAlive(pid)) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return isAlive(pid) ? null : Date.now() - start;
}

/** CPU time (user + system) the process has used so far, in ms; null when unknown (gone, or not Linux). */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the state; in clock ticks (100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Ends a process the test started, if it is still there (cleanup after a failed assertion). */
export function killIfAlive(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
