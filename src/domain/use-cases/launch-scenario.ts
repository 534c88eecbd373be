import * as z from "zod";
import {
  CancelledError,
  LaunchCheckFailedError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  NotFoundError,
  OctoPerfError,
  ReportListingUnavailableError,
} from "../errors.js";
import { idSchema } from "../model/ids.js";
import { assertMayLaunch, OPEN_POLICY, type LaunchPolicy } from "../model/launch-policy.js";
import type { Scenario } from "../model/scenario.js";
import type { LaunchedRun, TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import type { RecordedLaunch, RunCoordinationPort } from "../../ports/run-coordination-port.js";
import { parseInput } from "./input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const LaunchScenarioInput = z.object({
  scenarioId: idSchema("scenarioId").describe("Runtime scenario id"),
  allowParallel: z
    .boolean({ error: "allowParallel must be true or false" })
    .optional()
    .describe("Start another run even if one of this scenario was launched moments ago and is still provisioning (default false)"),
});
export type LaunchScenarioInput = z.input<typeof LaunchScenarioInput>;

/** A launch's answer: the run (the same facts a store records for callers who did not launch it), and how it came. */
export interface LaunchResult extends RecordedLaunch {
  /**
   * launched: a new run started. existing: a run of this scenario launched moments ago is still
   * provisioning, so no second one was started. reconciled: the launch answer was lost, and the
   * run it started was found.
   */
  readonly outcome: "launched" | "existing" | "reconciled";
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
  /** How long a claim on a scenario lasts if its holder never ends it (a process that died). */
  readonly claimTtlMs?: number;
  /** How long a twin caller waits for a launch under way before answering that it is in progress. */
  readonly joinTimeoutMs?: number;
  /** First and longest pause between two looks at a launch under way. */
  readonly joinPollMs?: number;
  readonly joinPollMaxMs?: number;
}

const DEFAULTS = {
  duplicateWindowMs: 5 * 60_000,
  reconcileSkewMs: 30_000,
  reconcileAttempts: 3,
  reconcileDelayMs: 2_000,
  claimTtlMs: 3 * 60_000,
  joinTimeoutMs: 3 * 60_000,
  joinPollMs: 100,
  joinPollMaxMs: 2_000,
};

/**
 * Launch: starts a run of a scenario. Spends OctoPerf credits and puts real load on real
 * systems, so it is guarded: policy first, no accidental double launch, and a lost answer is
 * reconciled before anyone is told to launch again.
 *
 * "No double launch" holds across every caller that shares the coordination store (one per
 * OctoPerf account), whatever instance or process serves them: a launch first claims its
 * scenario in the store, and a caller who finds a claim waits for the run it produces.
 */
export class LaunchScenario {
  private readonly policy: LaunchPolicy;
  private readonly settings: typeof DEFAULTS;

  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
    private readonly coordination: RunCoordinationPort,
    settings: LaunchScenarioSettings = {},
  ) {
    this.policy = settings.policy ?? OPEN_POLICY;
    this.settings = { ...DEFAULTS, ...withoutUndefined(settings) };
  }

  async execute(input: LaunchScenarioInput, options?: LaunchOptions): Promise<LaunchResult> {
    const { scenarioId, allowParallel = false } = parseInput(LaunchScenarioInput, input);
    assertMayLaunch(this.policy, scenarioId);
    const reads: CallOptions = { signal: options?.readSignal ?? options?.signal };
    const joinUntil = this.clock.now() + this.settings.joinTimeoutMs;
    let claim = await this.coordination.claimLaunch(scenarioId, this.claimSpec());
    let waitedOn: string | null = null;
    let pause = this.settings.joinPollMs;
    for (;;) {
      if (claim.kind === "claimed") return this.launchHolding(scenarioId, claim.token, options);
      const { entry } = claim;
      if (entry.state === "claimed" && allowParallel) return this.launch(scenarioId, options);
      if (entry.state === "claimed") {
        // A launch of this scenario is under way elsewhere (a parallel tool call, another
        // instance or replica): wait for the run it produces rather than send a second one.
        if (this.clock.now() + pause > joinUntil) throw new LaunchInProgressError(scenarioId, entry.at);
        waitedOn = entry.token;
        await this.pause(pause, reads.signal);
        pause = Math.min(this.settings.joinPollMaxMs, pause * 2);
        const now = await this.coordination.readLaunch(scenarioId);
        claim = now === null ? await this.coordination.claimLaunch(scenarioId, this.claimSpec()) : { kind: "held", entry: now };
        continue;
      }
      if (entry.state === "outcome-unknown" && entry.token === waitedOn) {
        // The launch this call waited for may or may not have gone out: launching blindly
        // could start a second paid run.
        throw new LaunchOutcomeUnknownError(scenarioId, "a launch of the same scenario sent at the same moment was cancelled or lost");
      }
      if (entry.state === "launched" && !allowParallel) {
        if (entry.token === waitedOn) return { ...recorded(entry.launch), outcome: "existing" };
        if (await this.stillProvisioning(scenarioId, entry.launch, reads)) return { ...recorded(entry.launch), outcome: "existing" };
      }
      claim = await this.coordination.takeOverLaunch(scenarioId, entry.token, this.claimSpec());
      if (claim.kind === "held" && allowParallel && claim.entry.state !== "outcome-unknown") return this.launch(scenarioId, options);
    }
  }

  private claimSpec() {
    return { at: this.clock.now(), ttlMs: this.settings.claimTtlMs };
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch (error) {
      throw error instanceof OctoPerfError ? error : new CancelledError({ cause: error });
    }
  }

  /** Launches while holding the scenario's claim, and ends the claim whatever happens. */
  private async launchHolding(scenarioId: string, token: string, options?: LaunchOptions): Promise<LaunchResult> {
    const progress = { sent: false };
    let result: LaunchResult;
    try {
      result = await this.launch(scenarioId, options, progress);
    } catch (error) {
      // Once the request went out, a run may exist whatever failed after: the callers waiting on
      // this claim must not launch. Before, nothing happened and the scenario is free again.
      const outcome = progress.sent ? "outcome-unknown" : "nothing-sent";
      await this.coordination.releaseLaunch(scenarioId, token, outcome, this.settings.joinPollMaxMs * 3);
      throw error;
    }
    const { outcome: _outcome, ...launch } = result;
    await this.coordination.recordLaunch(scenarioId, token, launch, this.settings.duplicateWindowMs);
    return result;
  }

  private async launch(scenarioId: string, options?: LaunchOptions, progress = { sent: false }): Promise<LaunchResult> {
    const signal = options?.signal;
    const reads: CallOptions = { signal: options?.readSignal ?? signal };
    // Reading the scenario first fails fast on a wrong id (no credits spent) and gives the
    // expected duration that the caller needs to pace its polling.
    const scenario = await this.octoperf.getScenario(scenarioId, reads);

    const sentAt = this.clock.now();
    progress.sent = true;
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
          projectId: scenario.projectId,
        });
      }
      return this.remember(scenario, found, "reconciled");
    }
    return this.remember(scenario, launched, "launched");
  }

  private remember(scenario: Scenario, launched: LaunchedRun, outcome: LaunchResult["outcome"]): LaunchResult {
    return {
      benchResultId: launched.benchResultId,
      benchReportId: launched.benchReportId,
      scenarioId: scenario.id,
      scenarioName: scenario.name,
      projectId: launched.projectId,
      totalVus: scenario.summary.totalVus,
      expectedDurationMs: scenario.summary.expectedDurationMs,
      outcome,
    };
  }

  /** Whether the run recorded for this scenario moments ago is still provisioning (then it is the answer). */
  private async stillProvisioning(scenarioId: string, recorded: RecordedLaunch, options?: CallOptions): Promise<boolean> {
    const { benchResultId } = recorded;
    let run: TestRun;
    try {
      run = await this.octoperf.getRun(benchResultId, options);
    } catch (error) {
      // A run OctoPerf no longer has (deleted, or never kept) cannot be provisioning.
      if (error instanceof NotFoundError) return false;
      if (error instanceof OctoPerfError && error.code !== "CANCELLED") throw new LaunchCheckFailedError(scenarioId, benchResultId, error);
      throw error;
    }
    return run.phase === "provisioning";
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

/**
 * The facts of a recorded launch, and only those: a record written by an earlier version of this
 * package (a rolling deploy shares one store) may carry fields this one no longer knows.
 */
function recorded(launch: RecordedLaunch): RecordedLaunch {
  const { benchResultId, benchReportId, scenarioId, scenarioName, projectId, totalVus, expectedDurationMs } = launch;
  return { benchResultId, benchReportId, scenarioId, scenarioName, projectId, totalVus, expectedDurationMs };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
