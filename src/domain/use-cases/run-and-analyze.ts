import * as z from "zod";
import { BudgetExceededError, FollowUpFailedError, OctoPerfError } from "../errors.js";
import { DEFAULT_COMPARISON_METRIC_IDS, DEFAULT_TOLERANCE_PERCENT } from "../model/comparison.js";
import { idSchema } from "../model/ids.js";
import { KEY_METRIC_IDS, type MetricValue } from "../model/metrics.js";
import { DEFAULT_SLA_CRITERIA, evaluateSla, type SlaEvaluation } from "../model/sla.js";
import type { TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { OctoPerfPort } from "../../ports/octoperf-port.js";
import { CompareRunsInput, compareRunMetrics, type RunComparison } from "./compare-runs.js";
import { parseInput } from "./input.js";
import { LaunchScenarioInput, type LaunchResult, type LaunchScenario } from "./launch-scenario.js";
import { SlaCriteriaInput } from "./sla-criteria-input.js";
import { answerDeadline, Deadline } from "./deadline.js";
import { readThroughBlips } from "./transient-reads.js";
import { DEFAULT_MAX_WAIT_SECONDS, WaitForRunInput, type WaitForRun, type WaitOptions, type WaitResult } from "./wait-for-run.js";

export const RunAndAnalyzeInput = z.object({
  scenarioId: idSchema("scenarioId").describe("Runtime scenario id to launch"),
  criteria: SlaCriteriaInput.optional().describe("SLA pass criteria; default: RESPONSE_TIME_PERCENTILE_95 < 1000 ms and ERRORS_PERCENT < 1 (%)"),
  baselineBenchResultId: idSchema("baselineBenchResultId").optional().describe("A previous run to compare with (e.g. last night's)"),
  tolerancePercent: CompareRunsInput.shape.tolerancePercent,
  allowParallel: LaunchScenarioInput.shape.allowParallel,
  maxWaitSeconds: WaitForRunInput.shape.maxWaitSeconds,
  pollIntervalSeconds: WaitForRunInput.shape.pollIntervalSeconds,
});
export type RunAndAnalyzeInput = z.input<typeof RunAndAnalyzeInput>;

export interface RunAnalysis {
  readonly launch: LaunchResult;
  readonly wait: WaitResult;
  /** Empty until the run is terminal. */
  readonly metrics: readonly MetricValue[];
  /** Null until the run is terminal. */
  readonly sla: SlaEvaluation | null;
  /** Null until terminal, or when no baseline was given. */
  readonly comparison: RunComparison | null;
}

/**
 * Launch → wait → key metrics → SLA verdict → baseline comparison, as one call. When the wait
 * budget ends first, it returns what it has and the ids to continue with.
 */
export class RunAndAnalyze {
  /**
   * Its collaborators come built: the launch and the wait hold no state of their own (the
   * coordination store they share does), so this call keeps the launch guard and the polling
   * pace of every other caller of the account.
   */
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
    private readonly launch: LaunchScenario,
    private readonly wait: WaitForRun,
  ) {}

  async execute(input: RunAndAnalyzeInput, options: WaitOptions = {}): Promise<RunAnalysis> {
    const parsed = parseInput(RunAndAnalyzeInput, input);
    const budgetMs = (parsed.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000;
    const startedAt = this.clock.now();
    // One deadline for the whole call, so it answers within its budget whatever OctoPerf does.
    // Only the launch request itself is exempt: cutting it short would leave its outcome unknown.
    const limit = new Deadline(this.clock, answerDeadline(startedAt, parsed.maxWaitSeconds), options.signal);
    options.onDeadline?.(limit.at);
    try {
      return await this.run(parsed, startedAt + budgetMs, limit, options);
    } finally {
      limit.dispose();
    }
  }

  private async run(parsed: z.output<typeof RunAndAnalyzeInput>, waitEndsAt: number, limit: Deadline, options: WaitOptions): Promise<RunAnalysis> {
    const budgetSeconds = parsed.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS;
    let launch: LaunchResult;
    try {
      // Check the baseline before spending credits: a typo must not cost a load test.
      const baselineRun =
        parsed.baselineBenchResultId === undefined ? undefined : await this.octoperf.getRun(parsed.baselineBenchResultId, { signal: limit.signal });
      launch = await this.launch.execute(
        { scenarioId: parsed.scenarioId, allowParallel: parsed.allowParallel },
        { signal: options.signal, readSignal: limit.signal },
      );
      try {
        return await this.followUp(launch, parsed, baselineRun, waitEndsAt, options, limit);
      } catch (error) {
        const failure = limit.expired
          ? new BudgetExceededError(budgetSeconds, { kind: "run-results", benchResultId: launch.benchResultId }, { cause: error })
          : error;
        if (failure instanceof OctoPerfError && failure.code !== "CANCELLED") {
          throw new FollowUpFailedError(launch.scenarioId, launch.benchResultId, failure);
        }
        throw failure;
      }
    } catch (error) {
      if (!limit.expired || (error instanceof OctoPerfError && error.code !== "CANCELLED")) throw error;
      throw new BudgetExceededError(budgetSeconds, { kind: "before-launch", scenarioId: parsed.scenarioId }, { cause: error });
    }
  }

  private async followUp(
    launch: LaunchResult,
    parsed: z.output<typeof RunAndAnalyzeInput>,
    baselineRun: TestRun | undefined,
    waitEndsAt: number,
    options: WaitOptions,
    limit: Deadline,
  ): Promise<RunAnalysis> {
    const { signal } = limit;
    const answerBy = limit.at;
    // Whatever the launch took comes out of the wait's budget. The wait keeps its own deadline,
    // never later than this call's, so when OctoPerf stalls it answers with the last known state.
    const maxWaitSeconds = Math.max(0, Math.floor((waitEndsAt - this.clock.now()) / 100) / 10);
    // The caller was told this call's deadline, not the wait's own (which may come sooner).
    const { onDeadline: _told, ...waitOptions } = options;
    const wait = await this.wait.execute(
      { benchResultId: launch.benchResultId, maxWaitSeconds, pollIntervalSeconds: parsed.pollIntervalSeconds },
      { ...waitOptions, answerBy },
    );
    if (!wait.terminal) return { launch, wait, metrics: [], sla: null, comparison: null };

    const criteria = parsed.criteria ?? DEFAULT_SLA_CRITERIA;
    const metricIds = [...new Set([...KEY_METRIC_IDS, ...criteria.map((c) => c.metricId)])];
    // The run is over and its numbers are waiting: a blip at OctoPerf costs budget, not the verdict.
    const read = <T>(call: () => Promise<T>) =>
      readThroughBlips(call, this.clock, { until: waitEndsAt, paceMs: Math.max(1_000, wait.pollIntervalSeconds * 1000), signal });
    const metrics = await read(() => this.octoperf.getMetrics(launch.benchResultId, metricIds, { signal }));
    const sla = evaluateSla(criteria, metrics, wait.run.state);

    let comparison: RunComparison | null = null;
    if (baselineRun !== undefined) {
      const baselineMetrics = await read(() => this.octoperf.getMetrics(baselineRun.id, metricIds, { signal }));
      // Compare what speaks of the system's speed and health; totals depend on run length.
      const compared = [...new Set([...DEFAULT_COMPARISON_METRIC_IDS, ...criteria.map((c) => c.metricId)])];
      comparison = compareRunMetrics(
        { run: baselineRun, metrics: baselineMetrics },
        { run: wait.run, metrics },
        compared,
        parsed.tolerancePercent ?? DEFAULT_TOLERANCE_PERCENT,
      );
    }
    return { launch, wait, metrics, sla, comparison };
  }
}
