import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-get-report-metrics.js";
import { KEY_METRIC_IDS } from "../../../../src/domain/model/metrics.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
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

  it("refuses an unknown metric id without a stack trace", async () => {
    mcp = await connectInMemory();
    const badMetric = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline, metricIds: ["p95"] });
    expect(badMetric.isError).toBe(true);
    expect(textOf(badMetric)).toMatch(/unknown metric id "P95"/);
    expect(textOf(badMetric)).not.toMatch(/\bat \w+ \(/); // no stack trace
  });
});
