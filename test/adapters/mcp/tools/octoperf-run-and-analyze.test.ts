import { afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../../src/adapters/fake/fake-octoperf-adapter.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-run-and-analyze.js";
import { ManualClock } from "../../../support/manual-clock.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { KEY_METRIC_IDS, unavailableMetric } from "../../../../src/domain/model/metrics.js";
import { isSentence, repeatedWithin, stringLeaves } from "../../../support/answer-facts.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_run_and_analyze", () => {
  it("is listed as a destructive, non-idempotent write (it launches a run)", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(["scenarioId"]);
    expect(listed.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
  });

  it("runs, waits, judges and compares in one call: the user story", async () => {
    const clock = new ManualClock(undefined, true);
    mcp = await connectInMemory({ clock, octoperf: new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 }) });
    const progress: number[] = [];
    const result = await mcp.client.callTool(
      {
        name: tool.name,
        arguments: {
          scenarioId: SEED.scenario.checkoutNightly,
          criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }],
          baselineBenchResultId: SEED.run.checkoutLastNight,
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    const structured = structuredOf(tool, result as Parameters<typeof structuredOf>[1]);
    expect(structured.run).toMatchObject({ state: "FINISHED", terminal: true });
    expect(structured.sla?.verdict).toBe("PASS");
    expect(structured.comparison?.baseline.benchResultId).toBe(SEED.run.checkoutLastNight);
    expect(progress.at(-1)).toBe(100);
    expect(textOf(result as Parameters<typeof textOf>[0])).toMatch(/SLA PASS/);

    // Each fact once: the run holds its ids and its link; labels and units are in metrics only;
    // the SLA rows and the comparison add what they judge, not the values metrics already give.
    const { benchResultId, reportId } = structured.run;
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, reportId!);
    expect(Object.keys(result.structuredContent as object)).toEqual(["scenarioName", "launchOutcome", "run", "metrics", "sla", "comparison"]);
    expect(structured.run).toEqual({
      benchResultId,
      scenarioId: SEED.scenario.checkoutNightly,
      projectId: SEED.project.checkoutApi,
      state: "FINISHED",
      phase: "finished",
      terminal: true,
      progressPercent: 100,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      reportId,
      url,
    });
    expect(structured).toMatchObject({ scenarioName: "Checkout nightly 500 VUs", launchOutcome: "launched" });
    expect(structured.metrics.map((m) => m.metricId)).toEqual([...KEY_METRIC_IDS]);
    const p95 = structured.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95).toEqual({ metricId: "RESPONSE_TIME_PERCENTILE_95", label: "Response time (95th percentile)", unit: "ms", value: expect.any(Number) });
    expect(structured.sla).toEqual({
      verdict: "PASS",
      results: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800, verdict: "PASS", basis: "measured" }],
    });
    expect(Object.keys(structured.comparison!)).toEqual(["baseline", "tolerancePercent", "verdict", "comparisons"]);
    expect(structured.comparison!.baseline).toEqual({
      benchResultId: SEED.run.checkoutLastNight,
      scenarioId: SEED.scenario.checkoutNightly,
      state: "FINISHED",
      createdAt: "2026-11-23T21:00:00.000Z",
      url: reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, SEED.report.checkoutLastNight),
    });
    for (const row of structured.comparison!.comparisons) {
      expect(Object.keys(row)).toEqual(["metricId", "baseline", "absoluteDelta", "percentDelta", "verdict"]);
    }

    // The text: the run and its link once, then one line per metric with what the SLA and the baseline say of it.
    const text = textOf(result as Parameters<typeof textOf>[0]);
    expect(text.split(url)).toHaveLength(2);
    expect(text.split(benchResultId)).toHaveLength(2);
    expect(text).toMatch(
      new RegExp(`^Launched "Checkout nightly 500 VUs"\\. Run ${benchResultId} \\(scenario ${SEED.scenario.checkoutNightly}\\): FINISHED\\. `),
    );
    expect(text).toMatch(new RegExp(`\nSLA PASS; vs baseline ${SEED.run.checkoutLastNight}: \\w+ \\(tolerance ±5%\\):\n`));
    expect(text).toMatch(/\n- Response time \(95th percentile\): [\d,]+ ms; SLA < 800 ms: PASS; baseline [\d,]+ ms \([+-][\d.]+%\): \w+\n/);
    expect(text).toMatch(/\n- Response time \(median\): [\d,]+ ms\n/);
    expect(text.match(/Response time \(95th percentile\)/g)).toHaveLength(1);
  });

  it("answers a run still going with when to call again, and no verdicts yet", async () => {
    const clock = new ManualClock(undefined, true);
    mcp = await connectInMemory({ clock, octoperf: new FakeOctoPerfAdapter(clock, { runDurationMs: 3_600_000 }) });
    const result = await mcp.call(tool.name, { scenarioId: SEED.scenario.checkoutNightly, maxWaitSeconds: 60, pollIntervalSeconds: 10 });
    const structured = structuredOf(tool, result);
    expect(Object.keys(result.structuredContent as object)).toEqual(["scenarioName", "launchOutcome", "run", "nextPollAfterSeconds", "metrics"]);
    expect(structured).toMatchObject({ run: { terminal: false }, nextPollAfterSeconds: expect.any(Number), metrics: [] });
    expect(textOf(result)).toMatch(/\nNot ended after \d+ s\. Next: octoperf_wait_for_test with this benchResultId in \d+ s\. Do not launch again\.$/);
  });

  it("says a refused metric and a baseline of another scenario as facts once, and in words in the text", async () => {
    const clock = new ManualClock(undefined, true);
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
    const refusal = { cause: "refused", httpStatus: 400, serverMessage: "Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem" } as const;
    const getMetrics = fake.getMetrics.bind(fake);
    fake.getMetrics = async (id, metricIds, options) =>
      (await getMetrics(id, metricIds, options)).map((m) => (m.metricId === "RESPONSE_TIME_MEDIAN" ? unavailableMetric("RESPONSE_TIME_MEDIAN", refusal) : m));
    mcp = await connectInMemory({ clock, octoperf: fake });
    const result = await mcp.call(tool.name, {
      scenarioId: SEED.scenario.checkoutNightly,
      criteria: [{ metricId: "RESPONSE_TIME_MEDIAN", operator: "<", threshold: 800 }],
      baselineBenchResultId: SEED.run.authSpike,
      tolerancePercent: 1000,
    });
    expect(result.isError).toBeFalsy();
    const structured = structuredOf(tool, result);
    // The refusal's details once, in metrics; the SLA row and the caveat point at it.
    expect(structured.metrics.find((m) => m.metricId === "RESPONSE_TIME_MEDIAN")).toMatchObject({ value: null, unavailable: refusal });
    expect(structured.sla?.results).toEqual([
      { metricId: "RESPONSE_TIME_MEDIAN", operator: "<", threshold: 800, verdict: "INCONCLUSIVE", basis: "unavailable" },
    ]);
    expect(structured.comparison?.caveats).toEqual([
      { kind: "metric-unavailable", side: "both", metricId: "RESPONSE_TIME_MEDIAN" },
      { kind: "different-scenarios" },
    ]);
    expect(stringLeaves(result.structuredContent).filter(isSentence)).toEqual([]);
    expect(repeatedWithin(result.structuredContent)).toEqual([]);
    const text = textOf(result);
    expect(text).toContain(`- Response time (median): unavailable, refused by OctoPerf (HTTP 400: ${refusal.serverMessage}); SLA < 800 ms: INCONCLUSIVE`);
    expect(text).toContain(`! Response time (median) is unavailable: refused by OctoPerf (HTTP 400: ${refusal.serverMessage}).`);
    expect(text).toContain("! The two runs come from different scenarios: differences may come from the load, not the system.");
  });
});
