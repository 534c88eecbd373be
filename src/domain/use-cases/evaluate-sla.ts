import * as z from "zod";
import { idSchema } from "../model/ids.js";
import { DEFAULT_SLA_CRITERIA, evaluateSla, type SlaCriterion, type SlaEvaluation } from "../model/sla.js";
import type { RunState } from "../model/run-state.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { NO_LINKS, type UiLinksPort as Links } from "../../ports/ui-links-port.js";
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
  /** The run in OctoPerf's UI. */
  readonly url: string | null;
}

/** Analyze: PASS / FAIL / INCONCLUSIVE for each criterion and overall. A FAIL is a result, not an error. */
export class EvaluateSla {
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly links: Links = NO_LINKS,
  ) {}

  async execute(input: EvaluateSlaInput, options?: CallOptions): Promise<SlaReport> {
    const { benchResultId, criteria } = parseInput(EvaluateSlaInput, input);
    const chosen: readonly SlaCriterion[] = criteria ?? DEFAULT_SLA_CRITERIA;
    const run = await this.octoperf.getRun(benchResultId, options);
    const metrics = await this.octoperf.getMetrics(benchResultId, [...new Set(chosen.map((c) => c.metricId))], options);
    return {
      benchResultId,
      state: run.state,
      criteriaSource: criteria === undefined ? "default" : "caller",
      url: await this.links.run(run, options),
      ...evaluateSla(chosen, metrics, run.state),
    };
  }
}
