import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { MetricValue } from "../model/metrics.js";
import type { RunState } from "../model/run-state.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";
import { MetricIdsInput } from "./metric-ids-input.js";

export const GetRunMetricsInput = z.object({
  benchResultId: idSchema("benchResultId").describe("Bench result id (the run): from a launch, or from the run history"),
  metricIds: MetricIdsInput.describe(
    'Metric ids, e.g. ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT", "HITS_RATE"]; case and spaces are forgiven, duplicates are merged; the octoperf://metrics resource lists all',
  ),
});
export type GetRunMetricsInput = z.input<typeof GetRunMetricsInput>;

export interface RunMetrics {
  readonly benchResultId: string;
  readonly state: RunState;
  /** True while the run is not FINISHED: OctoPerf's statistics are still moving. */
  readonly partial: boolean;
  readonly metrics: readonly MetricValue[];
  /** Where the run lives, for an edge that links to it. */
  readonly projectId: string;
  readonly scenarioId: string;
  /** Null when unknown. */
  readonly benchReportId: string | null;
}

/** Analyze: chosen summary metrics of a run, each named and with its unit. */
export class GetRunMetrics {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: GetRunMetricsInput, options?: CallOptions): Promise<RunMetrics> {
    const { benchResultId, metricIds } = parseInput(GetRunMetricsInput, input);
    const run = await this.octoperf.getRun(benchResultId, options);
    const metrics = await this.octoperf.getMetrics(benchResultId, metricIds, options);
    const { projectId, scenarioId, benchReportId } = run;
    return { benchResultId, state: run.state, partial: run.state !== "FINISHED", metrics, projectId, scenarioId, benchReportId };
  }
}
