import { describeUnavailability, formatMeasure, type MetricId, type MetricUnit, type MetricValue } from "./metrics.js";
import type { RunState } from "./run-state.js";

/**
 * SLA verdicts from the caller's own criteria. OctoPerf has no pass/fail field on a run; its
 * threshold alarms need SLA profiles set up in the project. These verdicts need neither.
 */

export const SLA_OPERATORS = ["<", "<=", ">", ">="] as const;
export type SlaOperator = (typeof SLA_OPERATORS)[number];

export interface SlaCriterion {
  readonly metricId: MetricId;
  readonly operator: SlaOperator;
  readonly threshold: number;
}

export type Verdict = "PASS" | "FAIL" | "INCONCLUSIVE";

export interface CriterionResult extends SlaCriterion {
  readonly label: string;
  readonly unit: MetricUnit;
  readonly observed: number | null;
  readonly verdict: Verdict;
  /** Why, in words: "612 ms < 800 ms", or why it is inconclusive. */
  readonly reason: string;
}

export interface SlaEvaluation {
  readonly verdict: Verdict;
  readonly results: readonly CriterionResult[];
}

/** When the caller gives none: the two numbers every load test report starts with. */
export const DEFAULT_SLA_CRITERIA: readonly SlaCriterion[] = [
  { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 1000 },
  { metricId: "ERRORS_PERCENT", operator: "<", threshold: 1 },
];

function holds(observed: number, operator: SlaOperator, threshold: number): boolean {
  switch (operator) {
    case "<":
      return observed < threshold;
    case "<=":
      return observed <= threshold;
    case ">":
      return observed > threshold;
    case ">=":
      return observed >= threshold;
  }
}

const withUnit = (value: number, unit: MetricUnit) => formatMeasure(value, unit);

/** `metrics` holds one value per criterion's metric; `state` is the run's. */
export function evaluateSla(criteria: readonly SlaCriterion[], metrics: readonly MetricValue[], state: RunState): SlaEvaluation {
  const results = criteria.map((criterion): CriterionResult => {
    const metric = metrics.find((m) => m.metricId === criterion.metricId);
    const observed = metric?.value ?? null;
    const label = metric?.label ?? criterion.metricId;
    const unit = metric?.unit ?? "count";
    const expected = `${criterion.operator} ${withUnit(criterion.threshold, unit)}`;
    if (metric?.unavailable !== undefined) {
      return {
        ...criterion,
        label,
        unit,
        observed: null,
        verdict: "INCONCLUSIVE",
        reason: `${label} is unavailable: ${describeUnavailability(metric.unavailable)} (expected ${expected})`,
      };
    }
    if (observed === null) {
      return { ...criterion, label, unit, observed, verdict: "INCONCLUSIVE", reason: `no value for ${label} (expected ${expected})` };
    }
    const passes = holds(observed, criterion.operator, criterion.threshold);
    if (state !== "FINISHED") {
      return {
        ...criterion,
        label,
        unit,
        observed,
        verdict: "INCONCLUSIVE",
        reason: `run is ${state}, not FINISHED: ${withUnit(observed, unit)} is partial (expected ${expected})`,
      };
    }
    return {
      ...criterion,
      label,
      unit,
      observed,
      verdict: passes ? "PASS" : "FAIL",
      reason: `${withUnit(observed, unit)} ${passes ? "" : "not "}${expected}`,
    };
  });
  return { verdict: overallVerdict(results.map((r) => r.verdict)), results };
}

/** A failure is a failure even beside unknowns; PASS needs every criterion to pass. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("FAIL")) return "FAIL";
  if (verdicts.length === 0 || verdicts.includes("INCONCLUSIVE")) return "INCONCLUSIVE";
  return "PASS";
}
