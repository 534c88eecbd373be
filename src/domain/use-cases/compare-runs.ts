import * as z from "zod";
import { InvalidInputError } from "../errors.js";
import {
  compareMetric,
  DEFAULT_COMPARISON_METRIC_IDS,
  DEFAULT_TOLERANCE_PERCENT,
  overallChange,
  type MetricComparison,
  type OverallChange,
} from "../model/comparison.js";
import { idSchema } from "../model/ids.js";
import { describeUnavailability, metricDefinition, type MetricId, type MetricValue } from "../model/metrics.js";
import type { TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";
import { MetricIdsInput } from "./metric-ids-input.js";

export const CompareRunsInput = z.object({
  baselineBenchResultId: idSchema("baselineBenchResultId").describe("The reference run (e.g. last night's), a bench result id"),
  candidateBenchResultId: idSchema("candidateBenchResultId").describe("The run to judge against the baseline, a bench result id"),
  metricIds: MetricIdsInput.optional().describe(
    "Metric ids to compare (duplicates are merged); default: response time avg/p95/p99, ERRORS_PERCENT, HITS_RATE, THROUGHPUT_RATE",
  ),
  tolerancePercent: z
    .number({ error: "tolerancePercent must be a number" })
    .min(0, { error: "tolerancePercent must be 0 or more" })
    .max(1000, { error: "tolerancePercent must be at most 1000" })
    .optional()
    .describe(`Changes within ± this percent count as unchanged (default ${DEFAULT_TOLERANCE_PERCENT})`),
});
export type CompareRunsInput = z.input<typeof CompareRunsInput>;

export interface RunSide {
  readonly benchResultId: string;
  readonly scenarioId: string;
  readonly state: string;
  readonly createdAt: string;
  /** Where the run lives, for an edge that links to it. */
  readonly projectId: string;
  /** Null when unknown. */
  readonly benchReportId: string | null;
}

export interface RunComparison {
  readonly baseline: RunSide;
  readonly candidate: RunSide;
  readonly tolerancePercent: number;
  readonly verdict: OverallChange;
  readonly comparisons: readonly MetricComparison[];
  /** What makes the comparison weaker: unfinished runs, different scenarios. */
  readonly warnings: readonly string[];
}

/** Analyze: two runs side by side, metric by metric, direction-aware. Read-only: creates nothing in OctoPerf. */
export class CompareRuns {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: CompareRunsInput, options?: CallOptions): Promise<RunComparison> {
    const parsed = parseInput(CompareRunsInput, input);
    if (parsed.baselineBenchResultId === parsed.candidateBenchResultId) {
      throw new InvalidInputError("baselineBenchResultId and candidateBenchResultId are the same run: pick two different runs.");
    }
    const metricIds = parsed.metricIds ?? [...DEFAULT_COMPARISON_METRIC_IDS];
    const [baseline, candidate] = await Promise.all(
      [parsed.baselineBenchResultId, parsed.candidateBenchResultId].map(async (id) => {
        const run = await this.octoperf.getRun(id, options);
        const metrics = await this.octoperf.getMetrics(id, metricIds, options);
        return { run, metrics };
      }),
    );
    return compareRunMetrics(baseline!, candidate!, metricIds, parsed.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT);
  }
}

export interface RunWithMetrics {
  readonly run: TestRun;
  readonly metrics: readonly MetricValue[];
}

/** The comparison itself, for callers that already hold both runs' metrics. */
export function compareRunMetrics(
  baseline: RunWithMetrics,
  candidate: RunWithMetrics,
  metricIds: readonly MetricId[],
  tolerancePercent: number,
): RunComparison {
  const pick = (side: RunWithMetrics, id: MetricId) => side.metrics.find((m) => m.metricId === id);
  const comparisons = metricIds.flatMap((id) => {
    const b = pick(baseline, id);
    const c = pick(candidate, id);
    return b && c ? [compareMetric(b, c, tolerancePercent)] : [];
  });
  const warnings: string[] = [];
  for (const [name, side] of [
    ["baseline", baseline],
    ["candidate", candidate],
  ] as const) {
    if (side.run.state !== "FINISHED") warnings.push(`The ${name} run is ${side.run.state}, not FINISHED: its metrics are partial.`);
  }
  for (const id of metricIds) {
    const unavailable = pick(baseline, id)?.unavailable ?? pick(candidate, id)?.unavailable;
    if (unavailable !== undefined) warnings.push(`${metricDefinition(id).label} is unavailable: ${describeUnavailability(unavailable)}.`);
  }
  if (baseline.run.scenarioId !== candidate.run.scenarioId) {
    warnings.push("The two runs come from different scenarios: differences may come from the load, not the system.");
  }
  const side = ({ run }: RunWithMetrics): RunSide => ({
    benchResultId: run.id,
    scenarioId: run.scenarioId,
    state: run.state,
    createdAt: run.createdAt,
    projectId: run.projectId,
    benchReportId: run.benchReportId,
  });
  return {
    baseline: side(baseline),
    candidate: side(candidate),
    tolerancePercent,
    verdict: overallChange(comparisons),
    comparisons,
    warnings,
  };
}
