import type { MetricId, MetricUnavailability, MetricUnit, MetricValue } from "./metrics.js";
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

/**
 * Why a criterion's verdict is what it is, as facts for each edge to word:
 * - `measured`: the value of a FINISHED run, held to the threshold (PASS or FAIL);
 * - `partial`: a value from a run that did not finish (`state`, the run's), so INCONCLUSIVE;
 * - `no-value`: OctoPerf has no value for the metric, so INCONCLUSIVE;
 * - `unavailable`: OctoPerf refused to compute the metric (`unavailable` says how), so INCONCLUSIVE.
 */
export type CriterionBasis =
  | { readonly kind: "measured" }
  | { readonly kind: "partial"; readonly state: RunState }
  | { readonly kind: "no-value" }
  | { readonly kind: "unavailable"; readonly unavailable: MetricUnavailability };

export interface CriterionResult extends SlaCriterion {
  readonly label: string;
  readonly unit: MetricUnit;
  readonly observed: number | null;
  readonly verdict: Verdict;
  readonly basis: CriterionBasis;
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

/** `metrics` holds one value per criterion's metric; `state` is the run's. */
export function evaluateSla(criteria: readonly SlaCriterion[], metrics: readonly MetricValue[], state: RunState): SlaEvaluation {
  const results = criteria.map((criterion): CriterionResult => {
    const metric = metrics.find((m) => m.metricId === criterion.metricId);
    const judged = { ...criterion, label: metric?.label ?? criterion.metricId, unit: metric?.unit ?? "count" } as const;
    if (metric?.unavailable !== undefined) {
      return { ...judged, observed: null, verdict: "INCONCLUSIVE", basis: { kind: "unavailable", unavailable: metric.unavailable } };
    }
    const observed = metric?.value ?? null;
    if (observed === null) return { ...judged, observed, verdict: "INCONCLUSIVE", basis: { kind: "no-value" } };
    if (state !== "FINISHED") return { ...judged, observed, verdict: "INCONCLUSIVE", basis: { kind: "partial", state } };
    const passes = holds(observed, criterion.operator, criterion.threshold);
    return { ...judged, observed, verdict: passes ? "PASS" : "FAIL", basis: { kind: "measured" } };
  });
  return { verdict: overallVerdict(results.map((r) => r.verdict)), results };
}

/** A failure is a failure even beside unknowns; PASS needs every criterion to pass. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("FAIL")) return "FAIL";
  if (verdicts.length === 0 || verdicts.includes("INCONCLUSIVE")) return "INCONCLUSIVE";
  return "PASS";
}
