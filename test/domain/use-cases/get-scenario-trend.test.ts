import { describe, expect, it } from "vitest";
import { DEFAULT_FAKE_DATA, type FakeData, type PastRun } from "../../../src/adapters/fake/fake-data.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { CancelledError, ConfigurationError, InvalidInputError, NotFoundError } from "../../../src/domain/errors.js";
import type { ChartFormat, RenderedChart, TrendData } from "../../../src/domain/model/trend.js";
import { GetScenarioTrend, TREND_READ_CONCURRENCY } from "../../../src/domain/use-cases/get-scenario-trend.js";
import type { TrendChartPort } from "../../../src/ports/trend-chart-port.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.storefrontPeak;
const DAY = 86_400_000;

/** Past runs of one scenario, one a day, oldest first, each with its slowdown (1.3 = 30% slower). */
function history(slowdowns: readonly number[], outcomes: Record<number, PastRun["outcome"]> = {}): PastRun[] {
  return slowdowns.map((slowdown, i) => ({
    benchResultId: `trendRun${String(i).padStart(12, "0")}`,
    benchReportId: `trendRep${String(i).padStart(12, "0")}`,
    scenarioId: SCENARIO,
    name: `Peak ${i}`,
    startedAgoMs: (slowdowns.length - i) * DAY,
    durationMs: 600_000,
    outcome: outcomes[i] ?? "FINISHED",
    slowdown,
  }));
}

function setup(pastRuns: PastRun[], charts: TrendChartPort | null = null) {
  const clock = new ManualClock();
  const data: FakeData = { ...DEFAULT_FAKE_DATA, pastRuns };
  const fake = new FakeOctoPerfAdapter(clock, { data });
  return { fake, trend: new GetScenarioTrend(fake, charts) };
}

const ramp = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => Number((from + step * i).toFixed(3)));

describe("GetScenarioTrend", () => {
  it("a slow regression: every series oldest → newest with units and dates, and direction-aware verdicts", async () => {
    const { trend } = setup(history(ramp(12, 1, 0.03)));
    const result = await trend.execute({ scenarioId: SCENARIO });
    expect(result.scenario).toMatchObject({ id: SCENARIO, name: "Storefront browse peak", projectId: SEED.project.storefront });
    expect(result.requestedRuns).toBe(10);
    // The ten newest of twelve, oldest first.
    expect(result.runs.map((r) => r.benchResultId)).toEqual(ramp(10, 2, 1).map((i) => `trendRun${String(i).padStart(12, "0")}`));
    const dates = result.runs.map((r) => Date.parse(r.createdAt));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    expect(result.metrics.map((m) => [m.metricId, m.unit])).toEqual([
      ["RESPONSE_TIME_MEDIAN", "ms"],
      ["RESPONSE_TIME_PERCENTILE_90", "ms"],
      ["RESPONSE_TIME_PERCENTILE_95", "ms"],
      ["RESPONSE_TIME_PERCENTILE_99", "ms"],
      ["ERRORS_PERCENT", "%"],
      ["HITS_RATE", "hits/s"],
    ]);
    for (const metric of result.metrics) {
      expect(metric.points.map((p) => p.benchResultId)).toEqual(result.runs.map((r) => r.benchResultId));
      expect(metric.points.map((p) => p.createdAt)).toEqual(result.runs.map((r) => r.createdAt));
      expect(metric.points.every((p) => typeof p.value === "number")).toBe(true);
    }
    const p95 = result.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95.points.at(-1)!.value!).toBeGreaterThan(p95.points[0]!.value!);
    // Times and errors rise (worse), hits per second fall (worse too: higher is better for hits).
    expect(Object.fromEntries(result.metrics.map((m) => [m.metricId, `${m.verdict}/${m.movement}`]))).toEqual({
      RESPONSE_TIME_MEDIAN: "worsening/up",
      RESPONSE_TIME_PERCENTILE_90: "worsening/up",
      RESPONSE_TIME_PERCENTILE_95: "worsening/up",
      RESPONSE_TIME_PERCENTILE_99: "worsening/up",
      ERRORS_PERCENT: "worsening/up",
      HITS_RATE: "worsening/down",
    });
    expect(result.verdict).toBe("worsening");
    expect(result.method).toEqual({ fit: "least-squares", significance: "student-t", confidence: 0.95, tolerancePercent: 5, minimumRuns: 3 });
    expect(result.chart).toBeNull();
  });

  it("a recovery is improving: response times fall, hits per second rise", async () => {
    const { trend } = setup(history(ramp(8, 1.3, -0.04)));
    const result = await trend.execute({ scenarioId: SCENARIO, metricIds: ["RESPONSE_TIME_PERCENTILE_95", "HITS_RATE"] });
    expect(result.metrics.map((m) => `${m.metricId}:${m.verdict}/${m.movement}`)).toEqual([
      "RESPONSE_TIME_PERCENTILE_95:improving/down",
      "HITS_RATE:improving/up",
    ]);
    expect(result.verdict).toBe("improving");
  });

  it("a steady system is stable: the runs' own noise is not a trend", async () => {
    const { trend } = setup(history(Array(10).fill(1)));
    const result = await trend.execute({ scenarioId: SCENARIO });
    expect(result.metrics.map((m) => m.verdict)).toEqual(Array(6).fill("stable"));
    expect(result.metrics.every((m) => m.fit !== null && m.fit.noise > 0)).toBe(true);
    expect(result.verdict).toBe("stable");
  });

  it("fewer than three finished runs: not-enough-runs for every metric, with the runs it has; unfinished runs are left out and counted", async () => {
    const { trend } = setup(history([1, 1.2, 1.4, 1.6], { 1: "ABORTED", 3: "ERROR" }));
    const result = await trend.execute({ scenarioId: SCENARIO, runs: 5 });
    expect(result.runs.map((r) => r.benchResultId)).toEqual(["trendRun000000000000", "trendRun000000000002"]);
    expect(result.unfinishedRunsSkipped).toBe(2);
    expect(result.metrics.every((m) => m.verdict === "not-enough-runs" && m.fit === null && m.points.length === 2)).toBe(true);
    expect(result.verdict).toBe("not-enough-runs");
  });

  it("a scenario that never ran: no runs, not-enough-runs, no error", async () => {
    const { trend } = setup([]);
    const result = await trend.execute({ scenarioId: SCENARIO });
    expect(result).toMatchObject({ runs: [], unfinishedRunsSkipped: 0, verdict: "not-enough-runs" });
  });

  it("takes the number of runs asked for, up to 30, newest ones", async () => {
    const { trend } = setup(history(ramp(35, 1, 0.01)));
    expect((await trend.execute({ scenarioId: SCENARIO, runs: 3 })).runs.map((r) => r.benchResultId)).toEqual([
      "trendRun000000000032",
      "trendRun000000000033",
      "trendRun000000000034",
    ]);
    expect((await trend.execute({ scenarioId: SCENARIO, runs: 30 })).runs).toHaveLength(30);
  });

  it(`reads the runs' metrics with at most ${TREND_READ_CONCURRENCY} requests in flight`, async () => {
    const { fake, trend } = setup(history(ramp(30, 1, 0.01)));
    const getMetrics = fake.getMetrics.bind(fake);
    let inFlight = 0;
    let peak = 0;
    let reads = 0;
    fake.getMetrics = async (...args) => {
      inFlight += 1;
      reads += 1;
      peak = Math.max(peak, inFlight);
      // Let the other reads start, if the use case allowed them to.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await getMetrics(...args);
      } finally {
        inFlight -= 1;
      }
    };
    await trend.execute({ scenarioId: SCENARIO, runs: 30 });
    expect(reads).toBe(30);
    expect(peak).toBe(TREND_READ_CONCURRENCY);
  });

  it("refuses bad input before any request, naming the field", async () => {
    const { fake, trend } = setup(history(ramp(5, 1, 0.1)));
    let calls = 0;
    for (const method of ["getScenario", "listReports", "getRun", "getMetrics"] as const) {
      const original = (fake[method] as (...a: unknown[]) => Promise<unknown>).bind(fake);
      (fake as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => {
        calls += 1;
        return original(...a);
      };
    }
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ scenarioId: "../x" }, /scenarioId/],
      [{ scenarioId: SCENARIO, runs: 2 }, /runs must be at least 3/],
      [{ scenarioId: SCENARIO, runs: 31 }, /runs must be at most 30/],
      [{ scenarioId: SCENARIO, runs: 4.5 }, /runs must be a whole number/],
      [{ scenarioId: SCENARIO, metricIds: ["NOPE"] }, /unknown metric id "NOPE"/],
      [{ scenarioId: SCENARIO, metricIds: ["HTTP_METHODS"] }, /HTTP_METHODS is a breakdown/],
      [
        {
          scenarioId: SCENARIO,
          metricIds: [
            "RESPONSE_TIME_AVG",
            "RESPONSE_TIME_MIN",
            "RESPONSE_TIME_MAX",
            "RESPONSE_TIME_MEDIAN",
            "RESPONSE_TIME_PERCENTILE_80",
            "RESPONSE_TIME_PERCENTILE_90",
            "RESPONSE_TIME_PERCENTILE_95",
            "RESPONSE_TIME_PERCENTILE_99",
            "ERRORS_PERCENT",
            "ERRORS_TOTAL",
            "HITS_RATE",
            "HITS_TOTAL",
            "USERLOAD",
          ],
        },
        /at most 12 metrics/,
      ],
      [{ scenarioId: SCENARIO, tolerancePercent: -1 }, /tolerancePercent must be 0 or more/],
      [{ scenarioId: SCENARIO, chart: "gif" }, /chart must be "png" or "svg"/],
    ];
    for (const [input, message] of cases) {
      const error = await trend.execute(input as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch(message);
    }
    expect(calls).toBe(0);
  });

  it("an unknown scenario is a not-found error naming it", async () => {
    const { trend } = setup([]);
    await expect(trend.execute({ scenarioId: "noSuchScenario000001" })).rejects.toThrow(NotFoundError);
    await expect(trend.execute({ scenarioId: "noSuchScenario000001" })).rejects.toThrow(/noSuchScenario000001/);
  });

  it("draws the chart through its port when asked, from the same data it returns", async () => {
    const drawn: { trend: TrendData; format: ChartFormat }[] = [];
    const charts: TrendChartPort = {
      render: async (trend, format) => {
        drawn.push({ trend, format });
        return { format: "svg", mimeType: "image/svg+xml", data: "<svg/>", widthPx: 10, heightPx: 5 } satisfies RenderedChart;
      },
    };
    const { trend } = setup(history(ramp(6, 1, 0.05)), charts);
    const result = await trend.execute({ scenarioId: SCENARIO, chart: "svg" });
    expect(result.chart).toMatchObject({ format: "svg", data: "<svg/>" });
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.format).toBe("svg");
    const { chart: _chart, ...data } = result;
    expect(drawn[0]!.trend).toEqual(data);
    expect((await trend.execute({ scenarioId: SCENARIO })).chart).toBeNull();
    expect(drawn).toHaveLength(1);
  });

  it("draws nothing for a request cancelled before the chart", async () => {
    let drawn = 0;
    const charts: TrendChartPort = {
      render: async () => {
        drawn += 1;
        return { format: "svg", mimeType: "image/svg+xml", data: "<svg/>", widthPx: 1, heightPx: 1 };
      },
    };
    const { fake, trend } = setup(history(ramp(4, 1, 0.05)), charts);
    const controller = new AbortController();
    const getMetrics = fake.getMetrics.bind(fake);
    let reads = 0;
    fake.getMetrics = async (...args) => {
      const values = await getMetrics(...args);
      // The user cancels while the last run's metrics are read.
      if (++reads === 4) controller.abort("user cancelled");
      return values;
    };
    await expect(trend.execute({ scenarioId: SCENARIO, chart: "png" }, { signal: controller.signal })).rejects.toThrow(CancelledError);
    expect(drawn).toBe(0);
  });

  it("a chart asked of a use case built without a chart port is a configuration error", async () => {
    const { trend } = setup(history(ramp(3, 1, 0.1)));
    await expect(trend.execute({ scenarioId: SCENARIO, chart: "png" })).rejects.toThrow(ConfigurationError);
  });
});
