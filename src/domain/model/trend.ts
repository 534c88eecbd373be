import { metricDefinition, type MetricDirection, type MetricId, type MetricUnit } from "./metrics.js";

/**
 * How a metric moved over a scenario's last runs: a least-squares line through the values
 * (runs equally spaced, oldest first), judged against the scatter of the values around it.
 *
 * A trend is declared when both hold:
 * - the slope is significant against the run-to-run noise: |slope| / standard error of the
 *   slope ≥ the two-sided 95% Student-t critical value for n − 2 degrees of freedom (a slope
 *   that noise alone would produce one time in twenty or more is not a trend);
 * - the change the line makes across the window is beyond ± tolerance percent of its starting
 *   level (the same tolerance as run comparisons): a tiny but regular drift stays "stable".
 * Which way is "worse" comes from the metric catalogue (lower is better for times and errors,
 * higher for hits and throughput); metrics with no better direction are "changing".
 */

/** `changing`: a metric with no better direction (load, bytes sent) that trends up or down. */
export type TrendVerdict = "worsening" | "improving" | "stable" | "changing" | "not-enough-runs";
export type TrendMovement = "up" | "down" | "flat";

/** Fewer values than this fit any line exactly: no noise to judge the slope against. */
export const MIN_TREND_RUNS = 3;
export const TREND_CONFIDENCE = 0.95;

export interface TrendPoint {
  readonly benchResultId: string;
  /** ISO-8601: when the run started. */
  readonly createdAt: string;
  /** Null when OctoPerf had no value for that run: left out of the fit. */
  readonly value: number | null;
}

export interface TrendFit {
  /** Change per run, in the metric's unit. */
  readonly slopePerRun: number;
  /** The line's change from the first to the last run of the window, in the metric's unit. */
  readonly changeOverWindow: number;
  /** changeOverWindow relative to the line's value at the first run; null when that value is 0. */
  readonly changePercent: number | null;
  /** Residual standard deviation: the run-to-run noise around the line, in the metric's unit. */
  readonly noise: number;
  /** slope / its standard error; null when every value lies exactly on the line (no noise at all). */
  readonly tStatistic: number | null;
  /** The Student-t critical value the t statistic is held against. */
  readonly tCritical: number;
  readonly significant: boolean;
  /** The line's values at the first and the last run of the window. */
  readonly fittedFirst: number;
  readonly fittedLast: number;
}

export interface MetricTrend {
  readonly metricId: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly direction: MetricDirection;
  /** One per run of the window, oldest first. */
  readonly points: readonly TrendPoint[];
  /** How many points had a value (what the fit used). */
  readonly valueCount: number;
  readonly verdict: TrendVerdict;
  /** Null when there were not enough runs to tell. */
  readonly movement: TrendMovement | null;
  readonly fit: TrendFit | null;
}

// Two-sided 95% Student-t critical values, by degrees of freedom (1..30); beyond, the normal 1.96.
const T_CRITICAL_95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tCritical95(degreesOfFreedom: number): number {
  return T_CRITICAL_95[degreesOfFreedom - 1] ?? 1.96;
}

/** Values equal to a few parts in a billion of the level are equal: float noise is not a trend. */
const RELATIVE_EPSILON = 1e-9;

/** The least-squares line through (run index, value) and its significance; null below MIN_TREND_RUNS values. */
export function fitTrend(points: readonly TrendPoint[]): TrendFit | null {
  const xy = points.flatMap((p, i) => (p.value === null || !Number.isFinite(p.value) ? [] : [[i, p.value] as const]));
  const n = xy.length;
  if (n < MIN_TREND_RUNS) return null;
  const meanX = xy.reduce((s, [x]) => s + x, 0) / n;
  const meanY = xy.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = xy.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  const sxy = xy.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const scale = Math.max(...xy.map(([, y]) => Math.abs(y)), Number.MIN_VALUE);
  let slope = sxy / sxx;
  if (Math.abs(slope) * (points.length - 1) <= scale * RELATIVE_EPSILON) slope = 0;
  const intercept = meanY - slope * meanX;
  const residuals = xy.map(([x, y]) => y - (intercept + slope * x));
  const ssr = residuals.reduce((s, r) => s + r * r, 0);
  const degreesOfFreedom = n - 2;
  let noise = Math.sqrt(ssr / degreesOfFreedom);
  if (noise <= scale * RELATIVE_EPSILON) noise = 0;
  const standardError = noise / Math.sqrt(sxx);
  const tStatistic = standardError === 0 ? null : slope / standardError;
  const critical = tCritical95(degreesOfFreedom);
  const significant = tStatistic === null ? slope !== 0 : Math.abs(tStatistic) >= critical;
  const fittedFirst = intercept;
  const fittedLast = intercept + slope * (points.length - 1);
  const changeOverWindow = fittedLast - fittedFirst;
  const changePercent = fittedFirst === 0 ? null : (changeOverWindow / Math.abs(fittedFirst)) * 100;
  return { slopePerRun: slope, changeOverWindow, changePercent, noise, tStatistic, tCritical: critical, significant, fittedFirst, fittedLast };
}

/** One metric's trend over the window, direction-aware. */
export function metricTrend(metricId: MetricId, points: readonly TrendPoint[], tolerancePercent: number): MetricTrend {
  const { label, unit, direction } = metricDefinition(metricId);
  const valueCount = points.filter((p) => p.value !== null).length;
  const fit = fitTrend(points);
  const common = { metricId, label, unit, direction, points, valueCount, fit };
  if (fit === null) return { ...common, verdict: "not-enough-runs", movement: null };
  // From a zero level (no errors at first), any change the test finds significant counts.
  const beyond = fit.changePercent === null ? fit.changeOverWindow !== 0 : Math.abs(fit.changePercent) > tolerancePercent;
  if (!fit.significant || !beyond) return { ...common, verdict: "stable", movement: "flat" };
  const movement: TrendMovement = fit.slopePerRun > 0 ? "up" : "down";
  if (direction === "neutral") return { ...common, verdict: "changing", movement };
  const better = (movement === "up") === (direction === "higher-is-better");
  return { ...common, verdict: better ? "improving" : "worsening", movement };
}

/** The scenario's verdict: a worsening metric anywhere wins, as a regression does in a comparison. */
export function overallTrend(trends: readonly MetricTrend[]): TrendVerdict {
  const verdicts = trends.map((t) => t.verdict);
  if (verdicts.includes("worsening")) return "worsening";
  if (verdicts.length === 0 || verdicts.every((v) => v === "not-enough-runs")) return "not-enough-runs";
  if (verdicts.includes("improving")) return "improving";
  if (verdicts.includes("changing")) return "changing";
  return "stable";
}

export interface TrendRun {
  readonly benchResultId: string;
  /** ISO-8601: when the run started. */
  readonly createdAt: string;
  /** The run's bench report, where its page is (null when unknown). */
  readonly benchReportId: string | null;
}

/** How the verdicts were reached, so a reader can weigh them. */
export interface TrendMethod {
  readonly fit: "least-squares";
  /** The slope is tested against its standard error (Student t, two-sided). */
  readonly significance: "student-t";
  readonly confidence: number;
  /** The fitted change across the window must exceed ± this percent of its starting level. */
  readonly tolerancePercent: number;
  readonly minimumRuns: number;
}

/** What a trend chart is drawn from: the scenario, its runs oldest first, and each metric's trend. */
export interface TrendData {
  readonly scenario: { readonly id: string; readonly name: string; readonly projectId: string };
  /** How many runs were asked for. */
  readonly requestedRuns: number;
  /** The FINISHED runs used, oldest first. */
  readonly runs: readonly TrendRun[];
  /** Runs of the same period that did not finish (ABORTED, ERROR, still running): left out. */
  readonly unfinishedRunsSkipped: number;
  readonly metrics: readonly MetricTrend[];
  readonly verdict: TrendVerdict;
  readonly method: TrendMethod;
}

export type ChartFormat = "png" | "svg";

/** A rendered picture: PNG bytes, or SVG text, with its size in pixels. */
export type RenderedChart =
  | { readonly format: "png"; readonly mimeType: "image/png"; readonly data: Uint8Array; readonly widthPx: number; readonly heightPx: number }
  | { readonly format: "svg"; readonly mimeType: "image/svg+xml"; readonly data: string; readonly widthPx: number; readonly heightPx: number };

/** A scenario's trend, with its chart when one was asked for. */
export interface ScenarioTrend extends TrendData {
  readonly chart: RenderedChart | null;
}
