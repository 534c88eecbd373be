import * as z from "zod";
import { CancelledError, ConfigurationError, InvalidInputError, NotFoundError } from "../errors.js";
import { DEFAULT_TOLERANCE_PERCENT } from "../model/comparison.js";
import { idSchema } from "../model/ids.js";
import { metricDefinition, type MetricId } from "../model/metrics.js";
import { metricTrend, MIN_TREND_RUNS, overallTrend, TREND_CONFIDENCE, type ScenarioTrend, type TrendData } from "../model/trend.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import type { TrendChartPort } from "../../ports/trend-chart-port.js";
import { mapWithConcurrency, parseInput } from "./input.js";
import { MetricIdsInput } from "./metric-ids-input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const DEFAULT_TREND_RUNS = 10;
export const MAX_TREND_RUNS = 30;
/** More lines than this make a chart nobody can read. */
export const MAX_TREND_METRICS = 12;
/** Metric reads in flight at once: a 30-run trend is 30 reads, not 30 at the same moment. */
export const TREND_READ_CONCURRENCY = 4;

/** Response-time percentiles and errors (what the chart is about), and the rate of hits they were served at. */
export const DEFAULT_TREND_METRIC_IDS: readonly MetricId[] = [
  "RESPONSE_TIME_MEDIAN",
  "RESPONSE_TIME_PERCENTILE_90",
  "RESPONSE_TIME_PERCENTILE_95",
  "RESPONSE_TIME_PERCENTILE_99",
  "ERRORS_PERCENT",
  "HITS_RATE",
];

export const GetScenarioTrendInput = z.object({
  scenarioId: idSchema("scenarioId").describe("Runtime scenario id whose recent runs to follow"),
  metricIds: MetricIdsInput.optional().describe(
    `Metric ids to follow (at most ${MAX_TREND_METRICS}; duplicates are merged); default: response time median/p90/p95/p99, ERRORS_PERCENT, HITS_RATE`,
  ),
  runs: z
    .number({ error: "runs must be a number" })
    .int({ error: "runs must be a whole number" })
    .min(MIN_TREND_RUNS, { error: `runs must be at least ${MIN_TREND_RUNS}: a trend needs three runs` })
    .max(MAX_TREND_RUNS, { error: `runs must be at most ${MAX_TREND_RUNS}` })
    .optional()
    .describe(`How many of the most recent FINISHED runs (default ${DEFAULT_TREND_RUNS}, at most ${MAX_TREND_RUNS})`),
  tolerancePercent: z
    .number({ error: "tolerancePercent must be a number" })
    .min(0, { error: "tolerancePercent must be 0 or more" })
    .max(1000, { error: "tolerancePercent must be at most 1000" })
    .optional()
    .describe(`A trend must move the metric beyond ± this percent across the window (default ${DEFAULT_TOLERANCE_PERCENT})`),
  chart: z
    .enum(["png", "svg"], { error: 'chart must be "png" or "svg"' })
    .optional()
    .describe("Also draw the chart: PNG bytes or SVG text (default: no chart)"),
});
export type GetScenarioTrendInput = z.input<typeof GetScenarioTrendInput>;

/**
 * Analyze: how a scenario's key metrics moved over its last FINISHED runs, each judged by the
 * direction its metric should go. Read-only. The chart, when asked for, is drawn by the chart port.
 */
export class GetScenarioTrend {
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly charts: TrendChartPort | null = null,
  ) {}

  async execute(input: GetScenarioTrendInput, options?: CallOptions): Promise<ScenarioTrend> {
    const parsed = parseInput(GetScenarioTrendInput, input);
    const metricIds = checkTrendMetrics(parsed.metricIds ?? [...DEFAULT_TREND_METRIC_IDS]);
    const requestedRuns = parsed.runs ?? DEFAULT_TREND_RUNS;
    const tolerancePercent = parsed.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT;
    if (parsed.chart !== undefined && this.charts === null) {
      throw new ConfigurationError("No chart renderer is configured: build GetScenarioTrend with a TrendChartPort to get charts.");
    }

    const scenario = await this.octoperf.getScenario(parsed.scenarioId, options);
    const ofScenario = (await listProjectRuns(this.octoperf, scenario.projectId, options))
      .filter(({ run }) => run.scenarioId === scenario.id)
      .sort(newestFirst);
    const finished = ofScenario.filter(({ run }) => run.state === "FINISHED").slice(0, requestedRuns);
    const oldestUsed = finished.at(-1)?.run.createdAt;
    const unfinishedRunsSkipped = ofScenario.filter(
      ({ run }) => run.state !== "FINISHED" && (oldestUsed === undefined || Date.parse(run.createdAt) >= Date.parse(oldestUsed)),
    ).length;

    const read = await mapWithConcurrency(finished, TREND_READ_CONCURRENCY, async ({ run }) => {
      try {
        return { run, metrics: await this.octoperf.getMetrics(run.id, metricIds, options) };
      } catch (error) {
        // A run OctoPerf dropped between the listing and the read (retention cap) is left out.
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    });
    const oldestFirst = read.filter((r) => r !== null).reverse();
    const metrics = metricIds.map((id) =>
      metricTrend(
        id,
        oldestFirst.map(({ run, metrics }) => ({
          benchResultId: run.id,
          createdAt: run.createdAt,
          value: metrics.find((m) => m.metricId === id)?.value ?? null,
        })),
        tolerancePercent,
      ),
    );
    const trend = {
      scenario: { id: scenario.id, name: scenario.name, projectId: scenario.projectId },
      requestedRuns,
      runs: oldestFirst.map(({ run }) => ({ benchResultId: run.id, createdAt: run.createdAt, benchReportId: run.benchReportId })),
      unfinishedRunsSkipped,
      metrics,
      verdict: overallTrend(metrics),
      method: { fit: "least-squares", significance: "student-t", confidence: TREND_CONFIDENCE, tolerancePercent, minimumRuns: MIN_TREND_RUNS },
    } as const satisfies TrendData;
    // Drawing is short and CPU-bound: a request cancelled by now gets no picture.
    if (parsed.chart !== undefined && options?.signal?.aborted) throw new CancelledError({ cause: options.signal.reason });
    const chart = parsed.chart === undefined ? null : await this.charts!.render(trend, parsed.chart);
    return { ...trend, chart };
  }
}

/** Breakdowns have no single value per run, and a chart of dozens of lines says nothing. */
function checkTrendMetrics(metricIds: readonly MetricId[]): MetricId[] {
  const breakdowns = metricIds.filter((id) => !metricDefinition(id).scalar);
  if (breakdowns.length > 0) {
    throw new InvalidInputError(
      `Invalid input: metricIds: ${breakdowns.join(", ")} ${breakdowns.length === 1 ? "is a breakdown" : "are breakdowns"} with no single value per run, so no trend; pick scalar metrics such as RESPONSE_TIME_PERCENTILE_95`,
    );
  }
  if (metricIds.length > MAX_TREND_METRICS) {
    throw new InvalidInputError(`Invalid input: metricIds: at most ${MAX_TREND_METRICS} metrics per trend (the chart stays readable); got ${metricIds.length}`);
  }
  return [...metricIds];
}
