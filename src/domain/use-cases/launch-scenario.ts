import * as z from "zod";
import { LaunchCheckFailedError, LaunchOutcomeUnknownError, NotFoundError, OctoPerfError, ReportListingUnavailableError } from "../errors.js";
import { idSchema } from "../model/ids.js";
import { assertMayLaunch, OPEN_POLICY, type LaunchPolicy } from "../model/launch-policy.js";
import type { Scenario } from "../model/scenario.js";
import type { LaunchedRun, TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { NO_LINKS, type Links } from "../ui-links.js";
import { parseInput } from "./input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const LaunchScenarioInput = z.object({
  scenarioId: idSchema("scenarioId").describe("Runtime scenario id, from get_runtime_id"),
  allowParallel: z
    .boolean({ error: "allowParallel must be true or false" })
    .optional()
    .describe("Start another run even if one of this scenario was launched moments ago and is still provisioning (default false)"),
});
export type LaunchScenarioInput = z.input<typeof LaunchScenarioInput>;

export interface LaunchResult {
  /** The run: poll it with the status tools, read its metrics once terminal. */
  readonly benchResultId: string;
  /** The run's bench report. */
  readonly benchReportId: string;
  readonly scenarioId: string;
  readonly scenarioName: string;
  readonly projectId: string;
  readonly totalVus: number | null;
  readonly expectedDurationMs: number | null;
  /**
   * launched: a new run started. existing: a run of this scenario launched moments ago is still
   * provisioning, so no second one was started. reconciled: the launch answer was lost, and the
   * run it started was found.
   */
  readonly outcome: "launched" | "existing" | "reconciled";
  /** The run's report in OctoPerf's UI. */
  readonly reportUrl: string | null;
  /** The scenario's runtime page in OctoPerf's UI. */
  readonly scenarioUrl: string | null;
}

export interface LaunchOptions extends CallOptions {
  /**
   * For the reads around the launch (the scenario, the duplicate check, the search for a lost
   * launch's run) when they must end sooner than the launch request itself: a caller with a time
   * budget cuts them short, but never the launch, whose outcome would then be unknown.
   */
  readonly readSignal?: AbortSignal;
}

export interface LaunchScenarioSettings {
  readonly policy?: LaunchPolicy;
  /** A second launch within this window, while the first still provisions, returns the first. */
  readonly duplicateWindowMs?: number;
  /** Tolerance for clock differences when matching a lost launch to the run it started. */
  readonly reconcileSkewMs?: number;
  /** Looks for the lost launch's run this many times, a few seconds apart (runs appear asynchronously). */
  readonly reconcileAttempts?: number;
  readonly reconcileDelayMs?: number;
  readonly links?: Links;
}

const DEFAULTS = {
  duplicateWindowMs: 5 * 60_000,
  reconcileSkewMs: 30_000,
  reconcileAttempts: 3,
  reconcileDelayMs: 2_000,
};

interface RecentLaunch {
  readonly at: number;
  readonly result: LaunchResult;
}

/**
 * Launch: starts a run of a scenario. Spends OctoPerf credits and puts real load on real
 * systems, so it is guarded: policy first, no accidental double launch, and a lost answer is
 * reconciled before anyone is told to launch again.
 */
export class LaunchScenario {
  private readonly policy: LaunchPolicy;
  private readonly links: Links;
  private readonly settings: typeof DEFAULTS;
  private readonly recent = new Map<string, RecentLaunch>();
  /** Launches still waiting for OctoPerf's answer: a twin call joins one instead of sending another. */
  private readonly inFlight = new Map<string, Promise<LaunchResult>>();

  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
    settings: LaunchScenarioSettings = {},
  ) {
    this.policy = settings.policy ?? OPEN_POLICY;
    this.links = settings.links ?? NO_LINKS;
    this.settings = { ...DEFAULTS, ...withoutUndefined(settings) };
  }

  async execute(input: LaunchScenarioInput, options?: LaunchOptions): Promise<LaunchResult> {
    const { scenarioId, allowParallel = false } = parseInput(LaunchScenarioInput, input);
    assertMayLaunch(this.policy, scenarioId);
    // Checked and registered with no await in between, or two calls could both find nothing.
    const pending = allowParallel ? undefined : this.inFlight.get(scenarioId);
    if (pending !== undefined) return { ...(await this.joinInFlight(scenarioId, pending)), outcome: "existing" };
    const launch = this.launch(scenarioId, allowParallel, options);
    this.inFlight.set(scenarioId, launch);
    const forget = () => {
      if (this.inFlight.get(scenarioId) === launch) this.inFlight.delete(scenarioId);
    };
    launch.then(forget, forget);
    return launch;
  }

  /**
   * Two calls in the same moment (a model that sends its tool calls in parallel) would both pass
   * the "still provisioning" check before either run exists; the second one waits for the first.
   */
  private async joinInFlight(scenarioId: string, pending: Promise<LaunchResult>): Promise<LaunchResult> {
    try {
      return await pending;
    } catch (error) {
      // The first caller gave up mid-launch: its request may or may not have gone out, and
      // launching blindly could start a second paid run.
      if (error instanceof OctoPerfError && error.code === "CANCELLED") {
        throw new LaunchOutcomeUnknownError(scenarioId, "a launch of the same scenario sent at the same moment was cancelled", { cause: error });
      }
      throw error;
    }
  }

  private async launch(scenarioId: string, allowParallel: boolean, options?: LaunchOptions): Promise<LaunchResult> {
    const signal = options?.signal;
    const reads: CallOptions = { signal: options?.readSignal ?? signal };
    // Reading the scenario first fails fast on a wrong id (no credits spent) and gives the
    // expected duration that the caller needs to pace its polling.
    const scenario = await this.octoperf.getScenario(scenarioId, reads);

    if (!allowParallel) {
      const existing = await this.stillProvisioning(scenarioId, reads);
      if (existing !== null) return { ...existing, outcome: "existing" };
    }

    const sentAt = this.clock.now();
    let launched: LaunchedRun;
    try {
      launched = await this.octoperf.launchScenario(scenarioId, { signal });
    } catch (error) {
      if (!(error instanceof LaunchOutcomeUnknownError)) throw error;
      const found = await this.reconcile(scenario, sentAt, reads, signal);
      if (typeof found === "string") {
        throw new LaunchOutcomeUnknownError(scenarioId, error.reason, {
          cause: error.cause,
          runLookup: found,
          scenarioUrl: await this.links.scenario(scenario.projectId, scenario.id, reads),
        });
      }
      return this.remember(scenario, found, "reconciled", reads, signal);
    }
    return this.remember(scenario, launched, "launched", reads, signal);
  }

  private async remember(
    scenario: Scenario,
    launched: LaunchedRun,
    outcome: LaunchResult["outcome"],
    options: CallOptions,
    callerSignal: AbortSignal | undefined,
  ): Promise<LaunchResult> {
    // The run exists now: a link cut short by the reads' deadline is left out, never turned
    // into a failure that would hide the launch (and invite a second one).
    const link = async (make: () => Promise<string | null>): Promise<string | null> => {
      try {
        return await make();
      } catch (error) {
        if (callerSignal?.aborted !== true && options.signal?.aborted === true) return null;
        throw error;
      }
    };
    const result: LaunchResult = {
      benchResultId: launched.benchResultId,
      benchReportId: launched.benchReportId,
      scenarioId: scenario.id,
      scenarioName: scenario.name,
      projectId: launched.projectId,
      totalVus: scenario.summary.totalVus,
      expectedDurationMs: scenario.summary.expectedDurationMs,
      outcome,
      reportUrl: await link(() => this.links.report(launched.projectId, launched.benchReportId, options)),
      scenarioUrl: await link(() => this.links.scenario(scenario.projectId, scenario.id, options)),
    };
    this.recent.set(result.scenarioId, { at: this.clock.now(), result });
    return result;
  }

  private async stillProvisioning(scenarioId: string, options?: CallOptions): Promise<LaunchResult | null> {
    const recent = this.recent.get(scenarioId);
    if (recent === undefined || this.clock.now() - recent.at > this.settings.duplicateWindowMs) return null;
    const { benchResultId } = recent.result;
    let run: TestRun;
    try {
      run = await this.octoperf.getRun(benchResultId, options);
    } catch (error) {
      // A run OctoPerf no longer has (deleted, or never kept) cannot be provisioning: forget it.
      if (error instanceof NotFoundError) {
        if (this.recent.get(scenarioId) === recent) this.recent.delete(scenarioId);
        return null;
      }
      if (error instanceof OctoPerfError && error.code !== "CANCELLED") throw new LaunchCheckFailedError(scenarioId, benchResultId, error);
      throw error;
    }
    return run.phase === "provisioning" ? recent.result : null;
  }

  /**
   * Finds the run a lost launch started: a run of the scenario created since the request was sent.
   * When none is found, says why, for the error the caller gets.
   */
  private async reconcile(
    scenario: Scenario,
    sentAt: number,
    reads: CallOptions,
    signal: AbortSignal | undefined,
  ): Promise<LaunchedRun | "not-found" | "listing-unavailable" | "failed"> {
    // The reads may have a shorter deadline than the caller: when it passes, the unknown outcome stands.
    const readsOver = () => reads.signal?.aborted === true && signal?.aborted !== true;
    let outcome: "not-found" | "failed" = "not-found";
    for (let attempt = 1; attempt <= this.settings.reconcileAttempts && !readsOver(); attempt++) {
      try {
        const found = await this.findRunSince(scenario, sentAt - this.settings.reconcileSkewMs, reads);
        if (found !== null) return found;
        outcome = "not-found";
      } catch (error) {
        // No listing to look in: asking again cannot help.
        if (error instanceof ReportListingUnavailableError) return "listing-unavailable";
        // Looking is best effort: if OctoPerf is still unreachable, the unknown outcome stands.
        if (!(error instanceof OctoPerfError) || (error.code === "CANCELLED" && !readsOver())) throw error;
        outcome = "failed";
      }
      if (attempt < this.settings.reconcileAttempts && !readsOver()) {
        try {
          await this.clock.sleep(this.settings.reconcileDelayMs, reads.signal);
        } catch (error) {
          if (!readsOver()) throw error;
        }
      }
    }
    return outcome;
  }

  private async findRunSince(scenario: Scenario, since: number, options?: CallOptions): Promise<LaunchedRun | null> {
    const runs = await listProjectRuns(this.octoperf, scenario.projectId, options);
    // Only a run with a report of its own: a launch creates one, and the caller needs its id.
    const match = runs
      .filter(({ run, report }) => report !== null && run.scenarioId === scenario.id && Date.parse(run.createdAt) >= since)
      .sort(newestFirst)[0];
    if (match?.report == null) return null;
    return { benchResultId: match.run.id, benchReportId: match.report.id, scenarioId: scenario.id, projectId: match.report.projectId };
  }

}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
