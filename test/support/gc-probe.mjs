// Loaded into a server under test or bench (NODE_OPTIONS="--expose-gc --import <this file>", see
// memory-probe.ts): on SIGUSR2 it collects garbage, then writes one line to stderr,
// `gc-probe {process.memoryUsage()}`. Memory read without a collection counts garbage not yet
// collected, and V8 lets that grow with the heap: a figure of what is kept needs a collection
// first, and only the process itself can ask for one.
import { writeSync } from "node:fs";

process.on("SIGUSR2", () => {
  // More than one pass: a pass can free objects whose finalizers or weak callbacks free more.
  for (let i = 0; i < 3; i += 1) globalThis.gc();
  writeSync(2, `gc-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
