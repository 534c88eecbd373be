import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-get-report-metrics.js";
import { KEY_METRIC_IDS } from "../../../../src/domain/model/metrics.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_get_report_metrics", () => {
  it("is listed with benchResultId and metricIds required, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: ["benchResultId", "metricIds"], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("reads the key metrics of a finished run, each with its label and unit", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline, metricIds: [...KEY_METRIC_IDS] });
    const { metrics } = structuredOf(tool, result);
    expect(metrics.map((m) => m.metricId)).toEqual([...KEY_METRIC_IDS]);
    for (const m of metrics) expect(Object.keys(m).sort()).toEqual(["label", "metricId", "unit", "value"]);
    expect(textOf(result)).toMatch(/Response time \(95th percentile\): \d+ ms/);
  });

  it("answers each metric once with its label and unit, and the run's link once", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline, metricIds: ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"] });
    // Past runs of the demo carry no report id on their bench result: the link learns the run's own report.
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, SEED.report.checkoutBaseline);
    expect(result.structuredContent).toEqual({
      benchResultId: SEED.run.checkoutBaseline,
      state: "FINISHED",
      partial: false,
      metrics: [
        { metricId: "RESPONSE_TIME_PERCENTILE_95", label: "Response time (95th percentile)", unit: "ms", value: 496.8 },
        { metricId: "ERRORS_PERCENT", label: "Error percentage", unit: "%", value: 0.393 },
      ],
      url,
    });
    expect(textOf(result)).toBe(`Metrics of run ${SEED.run.checkoutBaseline}:\n- Response time (95th percentile): 497 ms\n- Error percentage: 0.39%\n${url}`);
  });

  it("refuses an unknown metric id without a stack trace", async () => {
    mcp = await connectInMemory();
    const badMetric = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline, metricIds: ["p95"] });
    expect(badMetric.isError).toBe(true);
    expect(textOf(badMetric)).toMatch(/unknown metric id "P95"/);
    expect(textOf(badMetric)).not.toMatch(/\bat \w+ \(/); // no stack trace
  });
});
