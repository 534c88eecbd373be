import { afterEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../src/adapters/http/http-octoperf-adapter.js";
import { narrowSummary, MAX_NARROWING_REQUESTS } from "../../src/adapters/http/summary-narrowing.js";
import { KEY_METRIC_IDS, METRIC_IDS, type MetricId } from "../../src/domain/model/metrics.js";
import { CompareRuns } from "../../src/domain/use-cases/compare-runs.js";
import { EvaluateSla } from "../../src/domain/use-cases/evaluate-sla.js";
import { GetRunMetrics } from "../../src/domain/use-cases/get-run-metrics.js";
import type { Logger } from "../../src/ports/logger-port.js";
import { connectInMemory, textOf } from "../support/mcp-client.js";
import { FIXTURES_DIR, startFixtureOctoPerf, type FixtureOctoPerf } from "../support/fixture-octoperf-server.js";

const KEY = "5ecret00-k3y0-4d1e-9a8e-fixtures0001";
const R1 = "rcFdvIYBUDjbSvwJ1EC_";
const R2 = "rdGewJZCVEkcTwxK2FD0";
const SUMMARY = "/analysis/metrics/summary";

let server: FixtureOctoPerf | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function adapterOn(set: string, logs: { level: string; message: string; fields?: Record<string, unknown> }[] = []) {
  server = await startFixtureOctoPerf({ dir: `${FIXTURES_DIR}${set}`, apiKey: KEY });
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) }) };
  return new HttpOctoPerfAdapter({ baseUrl: server.baseUrl, apiKey: KEY, timeoutMs: 2000, maxRetries: 0, logger });
}

describe("a metric OctoPerf refuses in a summary request (refused-metric fixtures)", () => {
  it("returns every other value and marks each refused metric unavailable with OctoPerf's reason", async () => {
    const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const adapter = await adapterOn("refused-metric", logs);
    const asked: MetricId[] = ["USERLOAD", ...KEY_METRIC_IDS];
    const metrics = await adapter.getMetrics(R1, asked);

    expect(metrics.map((m) => m.metricId)).toEqual(asked);
    const byId = new Map(metrics.map((m) => [m.metricId, m]));
    expect(byId.get("RESPONSE_TIME_PERCENTILE_95")).toMatchObject({ value: 612, unit: "ms" });
    expect(byId.get("HITS_TOTAL")?.value).toBe(184230);
    for (const refused of ["USERLOAD", "RESPONSE_TIME_MEDIAN"] as const) {
      expect(byId.get(refused)).toMatchObject({
        value: null,
        unavailable: { cause: "refused", httpStatus: 400, serverMessage: `Metric ${refused} is not supported by SummaryReportItem` },
      });
    }
    expect(metrics.filter((m) => m.unavailable !== undefined)).toHaveLength(2);
    // 13 metrics, 2 refused: within 1 + 2·k·⌈log₂ n⌉ = 17, and the stated hard cap.
    const sent = server!.requestsTo("POST", SUMMARY).length;
    expect(sent).toBeGreaterThan(1);
    expect(sent).toBeLessThanOrEqual(1 + 2 * 2 * Math.ceil(Math.log2(13)));
    expect(
      logs
        .filter((l) => l.level === "warn" && l.message.includes("refuses a metric"))
        .map((l) => l.fields?.["metricId"])
        .sort(),
    ).toEqual(["RESPONSE_TIME_MEDIAN", "USERLOAD"]);
  });

  it("pays the narrowing once per server: the next read, by another adapter too, sends one request", async () => {
    const adapter = await adapterOn("refused-metric");
    await adapter.getMetrics(R1, ["USERLOAD", ...KEY_METRIC_IDS]);
    const before = server!.requestsTo("POST", SUMMARY).length;
    const again = new HttpOctoPerfAdapter({ baseUrl: server!.baseUrl, apiKey: KEY, timeoutMs: 2000, maxRetries: 0 });
    const metrics = await again.getMetrics(R2, ["USERLOAD", ...KEY_METRIC_IDS]);
    const sent = server!.requestsTo("POST", SUMMARY).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).not.toContain("USERLOAD");
    expect(metrics.find((m) => m.metricId === "USERLOAD")?.unavailable?.cause).toBe("refused");
    expect(metrics.find((m) => m.metricId === "HITS_TOTAL")?.value).toBe(90211);
  });

  it("makes an SLA criterion on a refused metric INCONCLUSIVE, never an error for the whole verdict", async () => {
    const adapter = await adapterOn("refused-metric");
    const sla = await new EvaluateSla(adapter).execute({
      benchResultId: R1,
      criteria: [
        { metricId: "RESPONSE_TIME_MEDIAN", operator: "<", threshold: 500 },
        { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 1000 },
      ],
    });
    expect(sla.verdict).toBe("INCONCLUSIVE");
    expect(sla.results[0]).toMatchObject({ verdict: "INCONCLUSIVE", observed: null });
    expect(sla.results[0]!.basis).toEqual({
      kind: "unavailable",
      unavailable: { cause: "refused", httpStatus: 400, serverMessage: "Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem" },
    });
    expect(sla.results[1]).toMatchObject({ verdict: "PASS", observed: 612 });
  });

  it("keeps a FAIL beside an unavailable metric, and compares the rest with a caveat per refusing run", async () => {
    const adapter = await adapterOn("refused-metric");
    const sla = await new EvaluateSla(adapter).execute({
      benchResultId: R1,
      criteria: [
        { metricId: "USERLOAD", operator: ">=", threshold: 100 },
        { metricId: "ERRORS_PERCENT", operator: "<", threshold: 0.1 },
      ],
    });
    expect(sla.verdict).toBe("FAIL");
    const comparison = await new CompareRuns(adapter).execute({
      baselineBenchResultId: R2,
      candidateBenchResultId: R1,
      metricIds: ["RESPONSE_TIME_MEDIAN", "RESPONSE_TIME_AVG", "HITS_RATE"],
    });
    expect(comparison.comparisons.map((c) => [c.metricId, c.verdict])).toEqual([
      ["RESPONSE_TIME_MEDIAN", "inconclusive"],
      ["RESPONSE_TIME_AVG", "regressed"],
      ["HITS_RATE", "improved"],
    ]);
    const unavailable = { cause: "refused", httpStatus: 400, serverMessage: "Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem" };
    expect(comparison.caveats).toEqual([
      { kind: "partial-run", side: "baseline", state: "ABORTED" },
      { kind: "metric-unavailable", metricId: "RESPONSE_TIME_MEDIAN", side: "baseline", unavailable },
      { kind: "metric-unavailable", metricId: "RESPONSE_TIME_MEDIAN", side: "candidate", unavailable },
      { kind: "different-scenarios", baselineScenarioId: "bLqIupZCVEkcTwxKh4Wv", candidateScenarioId: "aKpHtoYBUDjbSvwJg3Vu" },
    ]);
  });

  it("reads key metrics through the use case with the refused ones marked", async () => {
    const adapter = await adapterOn("refused-metric");
    const result = await new GetRunMetrics(adapter).execute({ benchResultId: R1, metricIds: ["RESPONSE_TIME_MEDIAN", "ERRORS_PERCENT"] });
    expect(result.metrics.map((m) => [m.metricId, m.value, m.unavailable?.cause ?? null])).toEqual([
      ["RESPONSE_TIME_MEDIAN", null, "refused"],
      ["ERRORS_PERCENT", 0.22, null],
    ]);
  });

  it("leaves USERLOAD out of the default key metrics (a monitor sample the summary may refuse)", () => {
    expect(KEY_METRIC_IDS).not.toContain("USERLOAD");
  });
});

describe("refused metrics at the MCP edge", () => {
  it("octoperf_get_report_metrics and octoperf_evaluate_sla carry the unavailability in structuredContent and text", async () => {
    const adapter = await adapterOn("refused-metric");
    const mcp = await connectInMemory({ octoperf: adapter });
    try {
      const metrics = await mcp.call("octoperf_get_report_metrics", { benchResultId: R1, metricIds: ["USERLOAD", "HITS_TOTAL"] });
      expect(metrics.isError).toBeFalsy();
      expect((metrics.structuredContent as { metrics: unknown[] }).metrics).toEqual([
        {
          metricId: "USERLOAD",
          label: "Concurrent virtual users",
          unit: "VUs",
          value: null,
          unavailable: { cause: "refused", httpStatus: 400, serverMessage: "Metric USERLOAD is not supported by SummaryReportItem" },
        },
        { metricId: "HITS_TOTAL", label: "Hits", unit: "count", value: 184230 },
      ]);
      expect(JSON.stringify(metrics.content)).toContain("Concurrent virtual users: unavailable, refused by OctoPerf (HTTP 400");
      const sla = await mcp.call("octoperf_evaluate_sla", {
        benchResultId: R1,
        criteria: [{ metricId: "USERLOAD", operator: ">=", threshold: 100 }],
      });
      expect(sla.isError).toBeFalsy();
      expect(sla.structuredContent).toMatchObject({
        verdict: "INCONCLUSIVE",
        results: [
          {
            verdict: "INCONCLUSIVE",
            observed: null,
            basis: "unavailable",
            unavailable: { httpStatus: 400, serverMessage: "Metric USERLOAD is not supported by SummaryReportItem" },
          },
        ],
      });
      expect(textOf(sla)).toContain(
        "- INCONCLUSIVE: Concurrent virtual users: Concurrent virtual users is unavailable: refused by OctoPerf (HTTP 400: Metric USERLOAD is not supported by SummaryReportItem) (expected >= 100 VUs)",
      );
      const compared = await mcp.call("octoperf_compare_tests", {
        baselineBenchResultId: R2,
        candidateBenchResultId: R1,
        metricIds: ["RESPONSE_TIME_MEDIAN", "HITS_RATE"],
      });
      expect(compared.isError).toBeFalsy();
      // A metric refused alike in both runs is one caveat, one line; the partial run's state is in its side.
      expect((compared.structuredContent as { caveats: unknown }).caveats).toEqual([
        { kind: "partial-run", side: "baseline" },
        {
          kind: "metric-unavailable",
          side: "both",
          metricId: "RESPONSE_TIME_MEDIAN",
          httpStatus: 400,
          serverMessage: "Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem",
        },
        { kind: "different-scenarios" },
      ]);
      expect(textOf(compared)).toContain(
        "! The baseline run is ABORTED, not FINISHED: its metrics are partial.\n" +
          "! Response time (median) is unavailable: refused by OctoPerf (HTTP 400: Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem).\n" +
          "! The two runs come from different scenarios: differences may come from the load, not the system.",
      );
    } finally {
      await mcp.close();
    }
  });
});

describe("narrowSummary's bound", () => {
  const refusal = { httpStatus: 400, serverMessage: "no" };
  const refusing = (refused: ReadonlySet<MetricId>) => {
    const calls: (readonly MetricId[])[] = [];
    const ask = async (ids: readonly MetricId[]) => {
      calls.push(ids);
      if (ids.some((id) => refused.has(id))) throw Object.assign(new Error("refused"), { refusal });
      return ids.map(() => 1);
    };
    const refusalOf = (error: unknown) => (error as { refusal?: typeof refusal }).refusal ?? null;
    return { calls, ask, refusalOf };
  };

  it("finds one refused metric among n in at most 1 + 2⌈log₂ n⌉ requests", async () => {
    for (const n of [2, 3, 12, 52]) {
      const ids = METRIC_IDS.slice(0, n);
      const { calls, ask, refusalOf } = refusing(new Set([ids[n - 1]!]));
      const result = await narrowSummary(ids, ask, refusalOf);
      expect(calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(n)));
      expect([...result.unavailable.keys()]).toEqual([ids[n - 1]]);
      expect(result.values.size).toBe(n - 1);
    }
  });

  it("never sends more than 1 + MAX_NARROWING_REQUESTS, reporting the rest unresolved", async () => {
    const ids = METRIC_IDS.slice(0, 52);
    const { calls, ask, refusalOf } = refusing(new Set(ids.filter((_, i) => i % 5 === 0)));
    const result = await narrowSummary(ids, ask, refusalOf);
    expect(calls.length).toBeLessThanOrEqual(1 + MAX_NARROWING_REQUESTS);
    expect([...result.unavailable.values()].some((u) => u.cause === "unresolved")).toBe(true);
    expect(result.values.size + result.unavailable.size).toBe(52);
  });

  it("rethrows when OctoPerf refuses every metric: the request, not a metric, is refused", async () => {
    const ids = METRIC_IDS.slice(0, 3);
    const { ask, refusalOf } = refusing(new Set(ids));
    await expect(narrowSummary(ids, ask, refusalOf)).rejects.toThrow("refused");
  });
});
