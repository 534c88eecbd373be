// `npm test`'s checks before Vitest: the build first (the type check and the lint resolve
// "octoperf-mcp" to dist/index.d.ts), then the type check and the three lints side by side, as
// many at once as the machine has cores. Each is one single-threaded process (tsc, ESLint's typed
// program, Prettier, dependency-cruiser): one after the other they left a core idle for a minute
// and a half. Each step's output is printed whole when it ends, with its time; any failure fails
// the whole, after every step has reported (so one run shows every problem).
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";

// Longest first, so that the shortest ones fill the other core while ESLint runs.
const CHECKS = ["lint:code", "typecheck", "lint:format", "lint:deps"];

/** Runs `npm run <script>`, collecting its output, and resolves with its exit code and seconds. */
function run(script) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    child.on("error", (error) => (output += `${error.message}\n`));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(output);
      console.log(`[pretest] ${script}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s`);
      resolve(code === 0);
    });
  });
}

const started = performance.now();
let ok = await run("build");
if (ok) {
  const queue = [...CHECKS];
  const worker = async () => {
    for (let script = queue.shift(); script !== undefined; script = queue.shift()) ok = (await run(script)) && ok;
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), CHECKS.length) }, worker));
}
console.log(`[pretest] build, type check and lint: ${ok ? "ok" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(ok ? 0 : 1);
