import type { ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * NODE_OPTIONS for a spawned server whose memory a test or bench reads after a forced garbage
 * collection (gc-probe.mjs); add them to the child's environment.
 */
export const GC_PROBE_NODE_OPTIONS = `--expose-gc --import ${pathToFileURL(fileURLToPath(new URL("./gc-probe.mjs", import.meta.url))).href}`;

/** The child's memory right after it collected its garbage (it must run with GC_PROBE_NODE_OPTIONS and a piped stderr). */
export function memoryAfterGc(child: ChildProcess, deadlineMs = 30_000): Promise<NodeJS.MemoryUsage> {
  const stderr = child.stderr;
  if (stderr === null) return Promise.reject(new Error("the child's stderr is not piped"));
  return new Promise((resolve, reject) => {
    let pending = "";
    const onData = (chunk: Buffer | string) => {
      pending += String(chunk);
      const at = pending.indexOf("gc-probe {");
      const end = at < 0 ? -1 : pending.indexOf("\n", at);
      if (end < 0) return;
      done();
      resolve(JSON.parse(pending.slice(at + "gc-probe ".length, end)) as NodeJS.MemoryUsage);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no gc-probe line within ${deadlineMs} ms: was the child started with GC_PROBE_NODE_OPTIONS?`));
    }, deadlineMs);
    const done = () => {
      clearTimeout(timer);
      stderr.off("data", onData);
    };
    stderr.on("data", onData);
    child.kill("SIGUSR2");
  });
}
