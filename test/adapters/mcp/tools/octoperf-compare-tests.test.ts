import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-compare-tests.js";
import { connectInMemory, listedTool, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_compare_tests", () => {
  it("is listed read-only with both run ids required", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(expect.arrayContaining(["baselineBenchResultId", "candidateBenchResultId"]));
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("compares last night's run with the baseline", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, {
      baselineBenchResultId: SEED.run.checkoutBaseline,
      candidateBenchResultId: SEED.run.checkoutLastNight,
    });
    const report = (reportId: string) => reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, reportId);
    const side = { scenarioId: SEED.scenario.checkoutNightly, state: "FINISHED" };
    const row = (metricId: string, label: string, unit: string, baseline: number, candidate: number, absoluteDelta: number, percentDelta: number) => ({
      metricId,
      label,
      unit,
      baseline,
      candidate,
      absoluteDelta,
      percentDelta,
      verdict: "regressed",
    });
    // Each run links to its own report, learnt from the project's reports (a bench result does not name it).
    expect(result.structuredContent).toEqual({
      baseline: { ...side, benchResultId: SEED.run.checkoutBaseline, createdAt: "2026-11-22T09:00:00.000Z", url: report(SEED.report.checkoutBaseline) },
      candidate: { ...side, benchResultId: SEED.run.checkoutLastNight, createdAt: "2026-11-23T21:00:00.000Z", url: report(SEED.report.checkoutLastNight) },
      tolerancePercent: 5,
      verdict: "regressed",
      comparisons: [
        row("RESPONSE_TIME_AVG", "Response time (average)", "ms", 236.5, 318.3, 81.8, 34.59),
        row("RESPONSE_TIME_PERCENTILE_95", "Response time (95th percentile)", "ms", 496.8, 668.3, 171.5, 34.52),
        row("RESPONSE_TIME_PERCENTILE_99", "Response time (99th percentile)", "ms", 757, 1018.4, 261.4, 34.53),
        row("ERRORS_PERCENT", "Error percentage", "%", 0.393, 0.689, 0.3, 75.32),
        row("HITS_RATE", "Hits per second", "hits/s", 304.9, 226.7, -78.2, -25.65),
        row("THROUGHPUT_RATE", "Received throughput", "bytes/s", 1646212.7, 1223920.1, -422292.6, -25.65),
      ],
    });
    expect(textOf(result)).toMatch(
      new RegExp(`^Candidate ${SEED.run.checkoutLastNight} vs baseline ${SEED.run.checkoutBaseline}: REGRESSED \\(tolerance ±5%\\)\n`),
    );
    expect(textOf(result).endsWith(`\n${report(SEED.report.checkoutLastNight)}`)).toBe(true);
    expect(textOf(result)).toMatch(/regressed: Response time \(95th percentile\): \d+(\.\d+)? → \d+(\.\d+)? ms \(\+\d+/);
  });

  it("refuses comparing a run with itself", async () => {
    mcp = await connectInMemory();
    const same = await mcp.call(tool.name, { baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutBaseline });
    expect(same.isError).toBe(true);
  });
});
