import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./test/support/slow-first-sequencer.js";

export default defineConfig({
  // Outside node_modules, so that `npm ci` (once per Node line in CI) keeps the durations Vitest
  // records: the next run starts the longest files first.
  cacheDir: ".cache/vite",
  test: {
    include: ["test/**/*.test.ts"],
    // The e2e suites spawn the built server; two cores leave little room for more workers.
    maxWorkers: 2,
    testTimeout: 20_000,
    sequence: { sequencer: SlowFirstSequencer },
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
