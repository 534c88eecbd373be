import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./test/support/slow-first-sequencer.js";

export default defineConfig({
  // Outside node_modules, so that `npm ci` (once per Node line in CI) keeps the durations Vitest
  // records: the next run starts the longest files first.
  cacheDir: ".cache/vite",
  test: {
    include: ["test/**/*.test.ts"],
    // One more worker than this machine's two cores: the e2e files spend most of their time
    // waiting on real processes (demo runs of a few seconds, poll intervals of the built server,
    // Chromium), during which a third file's work fills the idle core. Their time bounds are
    // generous (only upper bounds); four workers would make the CPU bursts of server starts overlap.
    maxWorkers: 3,
    // Each worker runs its files one after the other in one process that keeps the modules it has
    // loaded (the SDK, zod, src/), instead of a fresh process per file: that fresh start cost 0.8
    // to 1.3 s of CPU per file (measured on 64 unit files), ~135 files. The tests share no state
    // through modules: each builds its own container, server, clock and fakes; none sets
    // process.env or mocks a module; what src keeps at module level is a cache keyed by its input
    // (compiled masks, listed schemas, the view's HTML, one OAuth client document per URL, read by
    // one test file only).
    isolate: false,
    testTimeout: 20_000,
    sequence: { sequencer: SlowFirstSequencer },
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
