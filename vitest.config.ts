import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The e2e suites spawn the built server; two cores leave little room for more workers.
    maxWorkers: 2,
    testTimeout: 20_000,
    // The JSON report is what .ci/run reads to print its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest.json" },
  },
});
