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
import type { MetricId, MetricUnavailability, MetricValue } from "../model/metrics.js";
import type { RunState } from "../model/run-state.js";
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

export type ComparisonSide = "baseline" | "candidate";

/**
 * What makes a comparison weaker, as facts for each edge to word: a run that did not finish (its
 * metrics are partial), a metric OctoPerf refused to compute for one run, runs of two scenarios
 * (a difference may come from the load, not from the system under test).
 */
export type ComparisonCaveat =
  | { readonly kind: "partial-run"; readonly side: ComparisonSide; readonly state: RunState }
  | { readonly kind: "metric-unavailable"; readonly metricId: MetricId; readonly side: ComparisonSide; readonly unavailable: MetricUnavailability }
  | { readonly kind: "different-scenarios"; readonly baselineScenarioId: string; readonly candidateScenarioId: string };

export interface RunComparison {
  readonly baseline: RunSide;
  readonly candidate: RunSide;
  readonly tolerancePercent: number;
  readonly verdict: OverallChange;
  readonly comparisons: readonly MetricComparison[];
  /** What makes the comparison weaker, in this order: unfinished runs, refused metrics (by metric, baseline first), different scenarios. */
  readonly caveats: readonly ComparisonCaveat[];
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
  const sides = [
    ["baseline", baseline],
    ["candidate", candidate],
  ] as const;
  const caveats: ComparisonCaveat[] = [];
  for (const [name, { run }] of sides) if (run.state !== "FINISHED") caveats.push({ kind: "partial-run", side: name, state: run.state });
  for (const metricId of metricIds) {
    for (const [name, side] of sides) {
      const unavailable = pick(side, metricId)?.unavailable;
      if (unavailable !== undefined) caveats.push({ kind: "metric-unavailable", metricId, side: name, unavailable });
    }
  }
  if (baseline.run.scenarioId !== candidate.run.scenarioId) {
    caveats.push({ kind: "different-scenarios", baselineScenarioId: baseline.run.scenarioId, candidateScenarioId: candidate.run.scenarioId });
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
    caveats,
  };
}
