import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-trend.js";
import { connectInMemory, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { scenarioLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

/** The demo's scenario with history: eleven weekly runs, one stopped, slowly getting worse. */
const SEARCH = SEED.scenario.searchRelevance;

function imageOf(result: CallToolResult) {
  const images = result.content.filter((c) => c.type === "image");
  expect(images).toHaveLength(1);
  return images[0] as { type: "image"; data: string; mimeType: string };
}

describe("octoperf_trend over the MCP protocol (SDK client, in-memory transport, demo data)", () => {
  it("is listed with its input and output schemas, read-only", async () => {
    mcp = await connectInMemory();
    const { tools } = await mcp.client.listTools();
    const tool = tools.find((t) => t.name === "octoperf_trend")!;
    // Listed as read, not destructive: MCP defines the other hints as meaningless for it, or the default.
    expect(tool.annotations).toEqual({ readOnlyHint: true, destructiveHint: false });
    expect(tool.inputSchema.required).toEqual(["scenarioId"]);
    expect(Object.keys(tool.inputSchema.properties!)).toEqual(["scenarioId", "metricIds", "runs", "tolerancePercent", "chart"]);
    expect(tool.inputSchema.properties!.runs).toMatchObject({ type: "integer", minimum: 3, maximum: 30 });
    expect(tool.outputSchema?.properties).toHaveProperty("metrics");
    expect(mcp.client.getInstructions()).toMatch(/^\d\. Analyze: .*octoperf_trend/m);
  });

  it("answers text, a PNG image content and structuredContent that agree", async () => {
    mcp = await connectInMemory();
    await mcp.client.listTools(); // the client then validates structuredContent against the output schema
    const result = await mcp.call("octoperf_trend", { scenarioId: SEARCH });
    expect(result.isError, textOf(result)).toBeFalsy();

    const sc = structuredOf(tool, result);
    expect(sc.scenario).toMatchObject({ id: SEARCH, name: "Search relevance load" });
    expect(sc.requestedRuns).toBe(10);
    expect(sc.runs).toHaveLength(10);
    expect(sc.unfinishedRunsSkipped).toBe(1);
    const dates = sc.runs.map((r) => Date.parse(r.createdAt));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(sc.verdict).toBe("worsening");
    const byId = Object.fromEntries(sc.metrics.map((m) => [m.metricId, m]));
    const p95 = byId["RESPONSE_TIME_PERCENTILE_95"]!;
    expect(p95).toMatchObject({ unit: "ms", direction: "lower-is-better", verdict: "worsening", movement: "up" });
    expect(byId["ERRORS_PERCENT"]).toMatchObject({ unit: "%", verdict: "worsening", movement: "up" });
    expect(byId["HITS_RATE"]).toMatchObject({ unit: "hits/s", direction: "higher-is-better", verdict: "worsening", movement: "down" });
    for (const m of sc.metrics) expect(m.values).toHaveLength(10);
    expect(p95.slopePerRun).toBeGreaterThan(0);
    expect(p95.tStatistic).toBeGreaterThan(p95.tCritical!);
    // The method as facts; its explanation in words is the text's.
    expect(sc.method).toEqual({ fit: "least-squares", significance: "student-t", confidence: 0.95, tolerancePercent: 5, minimumRuns: 3 });
    expect(Object.keys(result.structuredContent!)).toEqual([
      "scenario",
      "requestedRuns",
      "runs",
      "unfinishedRunsSkipped",
      "verdict",
      "metrics",
      "method",
      "chart",
    ]);
    expect(sc.scenario).toEqual({
      id: SEARCH,
      name: "Search relevance load",
      projectId: SEED.project.searchService,
      url: scenarioLink(SEED.workspace.acmePlatform, SEED.project.searchService, SEARCH),
    });
    for (const run of sc.runs) expect(Object.keys(run)).toEqual(["benchResultId", "createdAt", "url"]);
    expect(Object.keys(p95)).toEqual([
      "metricId",
      "label",
      "unit",
      "direction",
      "values",
      "verdict",
      "movement",
      "slopePerRun",
      "changePercent",
      "fittedFirst",
      "fittedLast",
      "noise",
      "tStatistic",
      "tCritical",
    ]);

    const image = imageOf(result);
    expect(image.mimeType).toBe("image/png");
    const bytes = Buffer.from(image.data, "base64");
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.toString("latin1", 12, 16)).toBe("IHDR");
    expect({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes: bytes.length }).toEqual({
      width: sc.chart?.widthPx,
      height: sc.chart?.heightPx,
      bytes: sc.chart?.bytes,
    });
    const png = PNG.sync.read(bytes);
    expect(png.width).toBe(sc.chart?.widthPx);
    expect(sc.chart).toMatchObject({ mimeType: "image/png" });

    const text = textOf(result);
    expect(text).toMatch(/^Trend of "Search relevance load" \(searchRelevance00007\): WORSENING\. 10 FINISHED run/);
    expect(text).toMatch(/1 unfinished run\(s\) in that period left out/);
    expect(text).toMatch(/- worsening: Response time \(95th percentile\): [\d.]+ → [\d.]+ ms fitted /);
    expect(text).toMatch(/- worsening: Hits per second: .* hits\/s per run, -/);
    expect(text).toMatch(/^Method: /m);
    expect(text).toMatch(/The chart \(PNG, \d+×\d+\)/);
    expect(text.split(sc.scenario.url!)).toHaveLength(2); // the scenario's link, once
  });

  it("leaves the picture out with chart: false", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call("octoperf_trend", { scenarioId: SEARCH, chart: false, runs: 5, metricIds: ["response_time_percentile_95"] });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.content.map((c) => c.type)).toEqual(["text"]);
    expect(result.structuredContent).toMatchObject({ requestedRuns: 5 });
    expect(result.structuredContent).not.toHaveProperty("chart");
    expect(structuredOf(tool, result).metrics.map((m) => m.metricId)).toEqual(["RESPONSE_TIME_PERCENTILE_95"]);
  });

  it("says honestly when there are too few runs, and still draws them", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call("octoperf_trend", { scenarioId: SEED.scenario.checkoutNightly });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ verdict: "not-enough-runs" });
    // No line was fitted: its figures are left out rather than sent as nulls.
    for (const m of structuredOf(tool, result).metrics) {
      expect(Object.keys(m)).toEqual(["metricId", "label", "unit", "direction", "values", "verdict"]);
    }
    expect(structuredOf(tool, result).runs).toHaveLength(2);
    expect(textOf(result)).toMatch(/not enough runs for a trend \(at least 3 FINISHED runs with values\)/);
    expect(textOf(result)).toMatch(/OctoPerf keeps only 2 FINISHED run\(s\) of this scenario/);
    expect(imageOf(result).mimeType).toBe("image/png");
  });

  it("refuses bad input with a message naming the field, and keeps answering", async () => {
    mcp = await connectInMemory();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /scenarioId/],
      [{ scenarioId: "a/b" }, /scenarioId/],
      [{ scenarioId: SEARCH, runs: 2 }, /runs/],
      [{ scenarioId: SEARCH, runs: 31 }, /runs/],
      [{ scenarioId: SEARCH, runs: "10" }, /runs/],
      [{ scenarioId: SEARCH, metricIds: ["NOPE"] }, /unknown metric id "NOPE".*metricIds/],
      [{ scenarioId: SEARCH, metricIds: ["HTTP_RESPONSE_CODES"] }, /metricIds: HTTP_RESPONSE_CODES is a breakdown/],
      [{ scenarioId: SEARCH, chart: "yes" }, /chart/],
      [{ scenarioId: SEARCH, tolerancePercent: -3 }, /tolerancePercent/],
      [{ scenarioId: "doesNotExist00000000" }, /doesNotExist00000000/],
    ];
    for (const [args, message] of cases) {
      const result = await mcp.call("octoperf_trend", args);
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(result)).toMatch(message);
    }
    expect((await mcp.call("octoperf_trend", { scenarioId: SEARCH, chart: false })).isError).toBeFalsy();
  });
});
