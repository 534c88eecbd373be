import { previewValue } from "../../domain/model/ids.js";
import { isMetricId, KEY_METRIC_IDS, METRIC_IDS, metricDefinition, type MetricId } from "../../domain/model/metrics.js";
import { SLA_OPERATORS, type SlaCriterion, type SlaOperator } from "../../domain/model/sla.js";
import { SlaCriteriaInput } from "../../domain/use-cases/sla-criteria-input.js";

const CRITERION = /^([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|<|>)\s*(.*)$/;

/**
 * `RESPONSE_TIME_PERCENTILE_95<800,ERRORS_PERCENT<1`: the CI spelling of the SLA criteria the
 * tools take as objects. Thresholds are in the metric's unit (ms, %, per second), so a unit
 * suffix is refused rather than guessed. Throws an Error whose message says what is wrong.
 */
export function parseSlaExpression(text: string): SlaCriterion[] {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.every((part) => part === "")) throw new Error('give at least one criterion, e.g. "RESPONSE_TIME_PERCENTILE_95<800,ERRORS_PERCENT<1"');
  const criteria = parts.map((part) => {
    if (part === "") throw new Error(`empty criterion in ${JSON.stringify(text)}: remove the extra comma`);
    const match = CRITERION.exec(part);
    if (match === null) {
      throw new Error(`${JSON.stringify(part)} is not METRIC_ID<threshold (operators ${SLA_OPERATORS.join(" ")}), e.g. RESPONSE_TIME_PERCENTILE_95<800`);
    }
    const [, metricId, operator, threshold] = match as unknown as [string, string, SlaOperator, string];
    if (!/^-?\d+(\.\d+)?$/.test(threshold.trim())) {
      throw new Error(
        `threshold of ${metricId} must be a plain number in the metric's unit (ms for times, 0..100 for percentages), not ${JSON.stringify(threshold)}`,
      );
    }
    if (!isMetricId(metricId.toUpperCase())) throw new Error(unknownMetric(metricId));
    const never = neverPasses(metricId.toUpperCase() as MetricId, operator, Number(threshold));
    if (never !== null) throw new Error(`${part} can never pass: ${never}`);
    return { metricId, operator, threshold: Number(threshold) };
  });
  const checked = SlaCriteriaInput.safeParse(criteria);
  if (!checked.success) throw new Error(checked.error.issues.map((issue) => issue.message).join("; "));
  return checked.data;
}

/** Names the closest known ids, so a typo in a CI file is fixed in one edit. */
function unknownMetric(metricId: string): string {
  const words = metricId
    .toUpperCase()
    .split("_")
    .filter((w) => w.length > 0);
  const score = (id: string) => {
    const parts = id.split("_");
    return words.filter((w) => parts.some((p) => p.startsWith(w) || w.startsWith(p))).length;
  };
  const best = Math.max(...METRIC_IDS.map(score));
  const close = best === 0 ? [] : METRIC_IDS.filter((id) => score(id) === best).slice(0, 4);
  const hint = close.length > 0 ? `did you mean ${close.join(" or ")}? ` : "";
  return `unknown metric id ${previewValue(metricId)}: ${hint}Common ids: ${KEY_METRIC_IDS.join(", ")} (${METRIC_IDS.length} in all)`;
}

/**
 * Why a criterion no run can pass (a gate that always fails is a typo, not a test), or null:
 * every metric is 0 or more, and a percentage at most 100.
 */
function neverPasses(metricId: MetricId, operator: SlaOperator, threshold: number): string | null {
  if ((operator === "<" && threshold <= 0) || (operator === "<=" && threshold < 0)) return `${metricId} is never below 0`;
  if (metricDefinition(metricId).unit === "%" && ((operator === ">" && threshold >= 100) || (operator === ">=" && threshold > 100))) {
    return `${metricId} is a percentage, never above 100`;
  }
  return null;
}
