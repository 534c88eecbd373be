import { formatMeasure, formatMetricValue, metricDefinition, type MetricUnavailability, type MetricValue } from "../../domain/model/metrics.js";
import type { CriterionResult } from "../../domain/model/sla.js";
import type { ComparisonCaveat } from "../../domain/use-cases/compare-runs.js";

/**
 * The model's words for the facts of an analysis: why a criterion has its verdict, why a metric
 * has no value, what weakens a comparison. The domain hands over facts (a criterion's basis, a
 * comparison's caveats, a metric's unavailability); only the text of an answer says them.
 */

/** "refused by OctoPerf (HTTP 400: …)": the one wording of an unavailability in the model's text. */
export function unavailabilityWords(unavailable: MetricUnavailability): string {
  const what = unavailable.cause === "refused" ? "refused by OctoPerf" : "in a summary request OctoPerf refused";
  return `${what} (HTTP ${unavailable.httpStatus}: ${unavailable.serverMessage})`;
}

/** "Response time (95th percentile): 612 ms", or "…: unavailable, refused by OctoPerf (HTTP 400: …)". */
export function metricLine(metric: MetricValue): string {
  return metric.unavailable === undefined ? formatMetricValue(metric) : `${metric.label}: unavailable, ${unavailabilityWords(metric.unavailable)}`;
}

/**
 * Why a criterion has its verdict: "612 ms < 800 ms", "0.9% not <= 0.5%", or why it is
 * INCONCLUSIVE. The run's state is said once, in the answer's header: a partial value reads "so far".
 */
export function criterionWhy(r: CriterionResult): string {
  const expected = `${r.operator} ${formatMeasure(r.threshold, r.unit)}`;
  switch (r.basis.kind) {
    case "measured":
      return `${formatMeasure(r.observed, r.unit)} ${r.verdict === "PASS" ? "" : "not "}${expected}`;
    case "partial":
      return `${formatMeasure(r.observed, r.unit)} so far (expected ${expected})`;
    case "no-value":
      return `no value for ${r.label} (expected ${expected})`;
    case "unavailable":
      return `${r.label} is unavailable: ${unavailabilityWords(r.basis.unavailable)} (expected ${expected})`;
  }
}

/** One line per caveat; a metric refused alike in both runs is one line. */
export function caveatLines(caveats: readonly ComparisonCaveat[]): string[] {
  const lines: string[] = [];
  const refusals = caveats.flatMap((c) => (c.kind === "metric-unavailable" ? [c] : []));
  for (const caveat of caveats) {
    switch (caveat.kind) {
      case "partial-run":
        lines.push(`The ${caveat.side} run is ${caveat.state}, not FINISHED: its metrics are partial.`);
        break;
      case "metric-unavailable": {
        const label = metricDefinition(caveat.metricId).label;
        const words = unavailabilityWords(caveat.unavailable);
        const same = refusals.filter((c) => c.metricId === caveat.metricId && unavailabilityWords(c.unavailable) === words);
        if (same[0] !== caveat) break; // said with the first
        lines.push(`${label} is unavailable${same.length > 1 ? "" : ` in the ${caveat.side} run`}: ${words}.`);
        break;
      }
      case "different-scenarios":
        lines.push("The two runs come from different scenarios: differences may come from the load, not the system.");
        break;
    }
  }
  return lines;
}
