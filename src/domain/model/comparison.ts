import { metricDefinition, type MetricId, type MetricUnit, type MetricValue } from "./metrics.js";

/** Comparing two runs metric by metric, knowing which direction is better for each. */

export type ChangeVerdict = "regressed" | "improved" | "unchanged" | "changed" | "inconclusive";
export type OverallChange = "regressed" | "improved" | "unchanged" | "inconclusive";

export interface MetricComparison {
  readonly metricId: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly baseline: number | null;
  readonly candidate: number | null;
  readonly absoluteDelta: number | null;
  /** Relative to the baseline; null when the baseline is 0 or missing. */
  readonly percentDelta: number | null;
  /** `changed` is for metrics with no better direction (load, bytes sent) that moved beyond tolerance. */
  readonly verdict: ChangeVerdict;
}

export const DEFAULT_TOLERANCE_PERCENT = 5;

export const DEFAULT_COMPARISON_METRIC_IDS: readonly MetricId[] = [
  "RESPONSE_TIME_AVG",
  "RESPONSE_TIME_PERCENTILE_95",
  "RESPONSE_TIME_PERCENTILE_99",
  "ERRORS_PERCENT",
  "HITS_RATE",
  "THROUGHPUT_RATE",
];

const round = (value: number) => Math.round(value * 100) / 100;

export function compareMetric(baseline: MetricValue, candidate: MetricValue, tolerancePercent: number): MetricComparison {
  const { direction } = metricDefinition(baseline.metricId);
  const common = { metricId: baseline.metricId, label: baseline.label, unit: baseline.unit, baseline: baseline.value, candidate: candidate.value };
  if (baseline.value === null || candidate.value === null) {
    return { ...common, absoluteDelta: null, percentDelta: null, verdict: "inconclusive" };
  }
  const absoluteDelta = round(candidate.value - baseline.value);
  let percentDelta: number | null;
  if (baseline.value !== 0) percentDelta = round(((candidate.value - baseline.value) / Math.abs(baseline.value)) * 100);
  else percentDelta = candidate.value === 0 ? 0 : null;

  // From zero, any move is beyond tolerance: an error rate going from 0 to 0.5% is a regression.
  const beyond = percentDelta === null ? absoluteDelta !== 0 : Math.abs(percentDelta) > tolerancePercent;
  let verdict: ChangeVerdict = "unchanged";
  if (beyond) {
    if (direction === "neutral") verdict = "changed";
    else verdict = absoluteDelta > 0 === (direction === "higher-is-better") ? "improved" : "regressed";
  }
  return { ...common, absoluteDelta, percentDelta, verdict };
}

export function overallChange(comparisons: readonly MetricComparison[]): OverallChange {
  const verdicts = comparisons.map((c) => c.verdict);
  if (verdicts.includes("regressed")) return "regressed";
  if (verdicts.length === 0 || verdicts.every((v) => v === "inconclusive")) return "inconclusive";
  if (verdicts.includes("improved")) return "improved";
  return "unchanged";
}
