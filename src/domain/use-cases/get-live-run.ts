import * as z from "zod";
import { CancelledError, InvalidInputError, OctoPerfError } from "../errors.js";
import { idSchema } from "../model/ids.js";
import type { LiveMetric } from "../model/live-metrics.js";
import { KEY_METRIC_IDS, type MetricValue } from "../model/metrics.js";
import { overallPercent } from "../model/run-progress.js";
import type { TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { GetRunStatus } from "./get-run-status.js";
import { parseInput } from "./input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const GetLiveRunInput = z
  .object({
    benchResultId: idSchema("benchResultId").optional().describe("Bench result id (the run)"),
    scenarioId: idSchema("scenarioId").optional().describe("Instead of benchResultId: the newest run of this runtime scenario"),
    summary: z.boolean().optional().describe("Also the scenario and the key metrics so far (default false: state and live metrics only)"),
  })
  .refine((input) => input.benchResultId !== undefined || input.scenarioId !== undefined, {
    error: "give a benchResultId, or a scenarioId to follow its newest run",
  });
export type GetLiveRunInput = z.input<typeof GetLiveRunInput>;

/** A run as someone watching it sees it now. */
export interface LiveRun {
  readonly run: TestRun;
  /** 0..100, provisioning included (run-progress.ts). */
  readonly percent: number;
  /** When this was read (ISO-8601): the x of the watcher's charts. */
  readonly checkedAt: string;
  /** Since the run was created; once terminal, its whole length. */
  readonly elapsedMs: number;
  /** Load still to come by the scenario's plan (provisioning not counted); 0 once terminal; null when the plan has no duration. */
  readonly remainingMs: number | null;
  /** OctoPerf's live global metrics while RUNNING ([] otherwise, or when they cannot be had). */
  readonly live: readonly LiveMetric[];
  /** Why there are no live metrics although the run is RUNNING (OctoPerf's own words, key-free); null otherwise. */
  readonly liveUnavailable: string | null;
  /** Asked with `summary`: the scenario's name and plan. Null otherwise. */
  readonly scenario: { readonly id: string; readonly name: string; readonly totalVus: number | null; readonly expectedDurationMs: number | null } | null;
  /**
   * Asked with `summary`, once load has started: the key metrics so far (partial until FINISHED),
   * what a watcher who arrives late starts from. Null otherwise, or when they cannot be had.
   */
  readonly summary: readonly MetricValue[] | null;
}

/**
 * Poll family: what a live view of a run shows, in one call. The state comes first and its
 * failures are the call's (a run this key cannot see is NotFound); the live metrics and the
 * summary are extras, so their failures never hide the state: they read as "unavailable".
 */
export class GetLiveRun {
  private readonly status: GetRunStatus;

  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
  ) {
    this.status = new GetRunStatus(octoperf);
  }

  async execute(input: GetLiveRunInput, options?: CallOptions): Promise<LiveRun> {
    const parsed = parseInput(GetLiveRunInput, input);
    const benchResultId = parsed.benchResultId ?? (await this.newestRunOf(parsed.scenarioId!, options));
    const run = await this.status.execute({ benchResultId }, options);
    const now = this.clock.now();
    const [live, scenario, summary] = await Promise.all([
      run.state === "RUNNING" ? extra(() => this.octoperf.getLiveMetrics(run.id, options)) : { value: [], unavailable: null },
      parsed.summary ? this.octoperf.getScenario(run.scenarioId, options) : null,
      parsed.summary && run.phase !== "provisioning" ? extra(() => this.octoperf.getMetrics(run.id, KEY_METRIC_IDS, options)) : null,
    ]);
    const createdAt = Date.parse(run.createdAt);
    const elapsedMs = Math.max(0, (run.terminal ? Date.parse(run.updatedAt) : now) - createdAt);
    const plannedMs = scenario?.summary.expectedDurationMs ?? null;
    return {
      run,
      percent: overallPercent(run),
      checkedAt: new Date(now).toISOString(),
      elapsedMs,
      remainingMs: run.terminal ? 0 : plannedMs === null ? null : Math.round(plannedMs * (1 - (run.phase === "running" ? (run.progress ?? 0) : 0))),
      live: live.value ?? [],
      liveUnavailable: live.unavailable,
      scenario:
        scenario === null
          ? null
          : { id: scenario.id, name: scenario.name, totalVus: scenario.summary.totalVus, expectedDurationMs: scenario.summary.expectedDurationMs },
      summary: summary?.value ?? null,
    };
  }

  private async newestRunOf(scenarioId: string, options: CallOptions | undefined): Promise<string> {
    const scenario = await this.octoperf.getScenario(scenarioId, options);
    const [newest] = (await listProjectRuns(this.octoperf, scenario.projectId, options)).filter(({ run }) => run.scenarioId === scenarioId).sort(newestFirst);
    if (newest === undefined) throw new InvalidInputError(`Scenario "${scenarioId}" has no run that this API key can see yet.`);
    return newest.run.id;
  }
}

/** An extra read: OctoPerf's failure becomes "unavailable" with its words; only a cancellation (or a bug) goes on. */
async function extra<T>(read: () => Promise<T>): Promise<{ value: T | null; unavailable: string | null }> {
  try {
    return { value: await read(), unavailable: null };
  } catch (error) {
    if (error instanceof CancelledError || !(error instanceof OctoPerfError)) throw error;
    return { value: null, unavailable: error.what };
  }
}
