import * as z from "zod";
import { idSchema } from "../model/ids.js";
import { DEFAULT_SLA_CRITERIA, evaluateSla, type SlaCriterion, type SlaEvaluation } from "../model/sla.js";
import type { RunState } from "../model/run-state.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";
import { SlaCriteriaInput } from "./sla-criteria-input.js";

export const EvaluateSlaInput = z.object({
  benchResultId: idSchema("benchResultId").describe("Bench result id (the run) to judge"),
  criteria: SlaCriteriaInput.optional().describe("Pass criteria; default: RESPONSE_TIME_PERCENTILE_95 < 1000 ms and ERRORS_PERCENT < 1 (%)"),
});
export type EvaluateSlaInput = z.input<typeof EvaluateSlaInput>;

export interface SlaReport extends SlaEvaluation {
  readonly benchResultId: string;
  readonly state: RunState;
  readonly criteriaSource: "caller" | "default";
  /** Where the run lives, for an edge that links to it. */
  readonly projectId: string;
  readonly scenarioId: string;
  /** Null when unknown. */
  readonly benchReportId: string | null;
}

/** Analyze: PASS / FAIL / INCONCLUSIVE for each criterion and overall. A FAIL is a result, not an error. */
export class EvaluateSla {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: EvaluateSlaInput, options?: CallOptions): Promise<SlaReport> {
    const { benchResultId, criteria } = parseInput(EvaluateSlaInput, input);
    const chosen: readonly SlaCriterion[] = criteria ?? DEFAULT_SLA_CRITERIA;
    const run = await this.octoperf.getRun(benchResultId, options);
    const metrics = await this.octoperf.getMetrics(benchResultId, [...new Set(chosen.map((c) => c.metricId))], options);
    return {
      benchResultId,
      state: run.state,
      criteriaSource: criteria === undefined ? "default" : "caller",
      projectId: run.projectId,
      scenarioId: run.scenarioId,
      benchReportId: run.benchReportId,
      ...evaluateSla(chosen, metrics, run.state),
    };
  }
}
