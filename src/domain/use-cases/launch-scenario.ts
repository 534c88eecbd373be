import * as z from "zod";
import {
  AuthenticationError,
  CancelledError,
  CoordinationUnavailableError,
  InvalidInputError,
  LaunchCheckFailedError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  RateLimitedError,
  ReportListingUnavailableError,
  whatFailed,
} from "../errors.js";
import { idSchema } from "../model/ids.js";
import { assertMayLaunch, OPEN_POLICY, type LaunchPolicy } from "../model/launch-policy.js";
import type { Scenario } from "../model/scenario.js";
import type { LaunchedRun, TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { Logger } from "../../ports/logger-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import type { ClaimSpec, LaunchClaim, LaunchEntry, RecordedLaunch, RunCoordinationPort } from "../../ports/run-coordination-port.js";
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
  /**
   * How long a claim on a scenario lasts if its holder never ends it (a process that died). Never
   * less than the longest launch request plus a margin (see launchTimeoutMs).
   */
  readonly claimTtlMs?: number;
  /**
   * The longest a launch request may take (the OctoPerf timeout: the launch is never retried).
   * A claim written right before the request outlives it, so a slow launch is never taken for
   * an abandoned one and sent again.
   */
  readonly launchTimeoutMs?: number;
  /**
   * How often a claim's holder says it is alive. A claim not renewed for three beats has lost
   * its holder (a replica that died, or lost the store): twins settle it at once instead of
   * waiting for it to expire.
   */
  readonly heartbeatMs?: number;
  /** How long the record of a launched run is retried while the store does not answer. */
  readonly recordDeadlineMs?: number;
  /** Where each launch's audit line goes (info), and the account it acted for: a digest, never the key. */
  readonly audit?: { readonly logger: Logger; readonly account: string };
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
  launchTimeoutMs: 60_000,
  heartbeatMs: 2_000,
  recordDeadlineMs: 60_000,
  joinTimeoutMs: 3 * 60_000,
  joinPollMs: 100,
  joinPollMaxMs: 2_000,
};

/** What a claim outlives beyond the launch request: the reads and the search for a lost answer's run around it. */
const CLAIM_MARGIN_MS = 60_000;

/** What the audit line says happened to a launch. */
type AuditEvent = "sent" | "joined" | "reconciled" | "refused" | "outcome-unknown";

/** A claim held by this call: its token, what was last written, and the heartbeat that keeps it alive. */
interface Holding {
  readonly scenarioId: string;
  readonly token: string;
  spec: ClaimSpec;
  /** The claim write in flight (heartbeat or mark), so that writes land in order. */
  writing: Promise<unknown>;
  stopped: boolean;
  cancelBeat: () => void;
}

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
  private readonly audit: LaunchScenarioSettings["audit"];

  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
    private readonly coordination: RunCoordinationPort,
    settings: LaunchScenarioSettings = {},
  ) {
    const { policy: _policy, audit, ...rest } = settings;
    this.policy = settings.policy ?? OPEN_POLICY;
    this.audit = audit;
    const merged = { ...DEFAULTS, ...withoutUndefined(rest) };
    // The claim must outlive the longest launch request the settings allow (the OctoPerf timeout
    // accepts 10 minutes): a claim that expired under a slow launch let a twin send it again.
    this.settings = { ...merged, claimTtlMs: Math.max(merged.claimTtlMs, merged.launchTimeoutMs + CLAIM_MARGIN_MS) };
  }

  async execute(input: LaunchScenarioInput, options?: LaunchOptions): Promise<LaunchResult> {
    const { scenarioId, allowParallel = false } = parseInput(LaunchScenarioInput, input);
    let result: LaunchResult;
    try {
      result = await this.guarded(scenarioId, allowParallel, options);
    } catch (error) {
      this.auditLine(error instanceof LaunchOutcomeUnknownError ? "outcome-unknown" : "refused", scenarioId, {
        code: error instanceof OctoPerfError ? error.code : "UNEXPECTED",
      });
      throw error;
    }
    const event = result.outcome === "launched" ? "sent" : result.outcome === "existing" ? "joined" : "reconciled";
    this.auditLine(event, scenarioId, { benchResultId: result.benchResultId });
    return result;
  }

  /** One info line per launch call, whatever its end: what happened, to which scenario and run, for which account. */
  private auditLine(event: AuditEvent, scenarioId: string, facts: { benchResultId?: string; code?: string }): void {
    if (this.audit === undefined) return;
    this.audit.logger.log("info", "launch audit", { event, scenarioId, ...facts, account: this.audit.account });
  }

  private async guarded(scenarioId: string, allowParallel: boolean, options?: LaunchOptions): Promise<LaunchResult> {
    assertMayLaunch(this.policy, scenarioId);
    const reads: CallOptions = { signal: options?.readSignal ?? options?.signal };
    const joinUntil = this.clock.now() + this.settings.joinTimeoutMs;
    let spec = this.claimSpec();
    let claim: LaunchClaim = await this.coordination.claimLaunch(scenarioId, spec);
    let waitedOn: string | null = null;
    let pause = this.settings.joinPollMs;
    for (;;) {
      if (claim.kind === "claimed") {
        const holding = this.hold(scenarioId, claim.token, spec);
        return spec.sentAt === undefined ? this.launchHolding(holding, options) : this.settleHolding(holding, options);
      }
      const { entry } = claim;
      if (entry.state === "claimed" && allowParallel) return this.launch(scenarioId, options);
      if (entry.state === "claimed" && this.holderGone(entry)) {
        // Its holder stopped renewing it (a replica that died, or lost the store before it could
        // record its run). Nothing sent yet: the scenario is free. A launch that may have gone
        // out: take the claim over, keeping its send time, and settle it from OctoPerf.
        spec = entry.sentAt === undefined ? this.claimSpec() : { ...this.claimSpec(), at: entry.at, sentAt: entry.sentAt };
        claim = await this.coordination.takeOverLaunch(scenarioId, entry.token, spec);
        continue;
      }
      if (entry.state === "claimed") {
        // A launch of this scenario is under way elsewhere (a parallel tool call, another
        // instance or replica): wait for the run it produces rather than send a second one.
        if (this.clock.now() + pause > joinUntil) throw new LaunchInProgressError(scenarioId, entry.at);
        waitedOn = entry.token;
        await this.pause(pause, reads.signal);
        pause = Math.min(this.settings.joinPollMaxMs, pause * 2);
        const now = await this.coordination.readLaunch(scenarioId);
        spec = this.claimSpec();
        claim = now === null ? await this.coordination.claimLaunch(scenarioId, spec) : { kind: "held", entry: now };
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
      spec = this.claimSpec();
      claim = await this.coordination.takeOverLaunch(scenarioId, entry.token, spec);
      if (claim.kind === "held" && allowParallel && claim.entry.state !== "outcome-unknown") return this.launch(scenarioId, options);
    }
  }

  private claimSpec(): ClaimSpec {
    const now = this.clock.now();
    return { at: now, ttlMs: this.settings.claimTtlMs, aliveUntil: now + this.aliveWindowMs() };
  }

  /** Three beats: one late or lost renewal does not make a live holder look gone. */
  private aliveWindowMs(): number {
    return 3 * this.settings.heartbeatMs;
  }

  /**
   * Whether a claim's holder is gone: it wrote a heartbeat deadline and let it pass. Clocks of
   * replicas may differ; that costs at worst a settle or a take-over that compare-and-set makes
   * safe (a holder whose claim was taken over sends nothing), never a second launch.
   */
  private holderGone(entry: Extract<LaunchEntry, { state: "claimed" }>): boolean {
    return entry.aliveUntil !== undefined && this.clock.now() > entry.aliveUntil;
  }

  /** Starts the heartbeat of a claim this call holds: every beat pushes `aliveUntil` on and the entry's expiry with it. */
  private hold(scenarioId: string, token: string, spec: ClaimSpec): Holding {
    const holding: Holding = { scenarioId, token, spec, writing: Promise.resolve(), stopped: false, cancelBeat: () => {} };
    const schedule = () => {
      // An alarm, not a sleep: a clock that jumps forward on every sleep must not jump for a heartbeat.
      holding.cancelBeat = this.clock.alarm(this.clock.now() + this.settings.heartbeatMs, () => {
        if (holding.stopped) return;
        holding.writing = holding.writing
          .then(() => this.renew(holding, { ...holding.spec, aliveUntil: this.clock.now() + this.aliveWindowMs() }))
          .catch(() => {
            // The store did not answer this beat: the next one tries again; a twin meanwhile may settle the claim.
          })
          .finally(() => {
            if (!holding.stopped) schedule();
          });
      });
    };
    schedule();
    return holding;
  }

  private async renew(holding: Holding, spec: ClaimSpec): Promise<boolean> {
    if (holding.stopped) return false;
    holding.spec = spec;
    return this.coordination.renewClaim(holding.scenarioId, holding.token, spec);
  }

  /** Stops the heartbeat and lets the last beat land, so that nothing renews the claim after it ends. */
  private async letGo(holding: Holding): Promise<void> {
    holding.stopped = true;
    holding.cancelBeat();
    await holding.writing;
  }

  /**
   * The last step before the launch request: the caller must still be there, and the claim must
   * still be this call's and say that a launch is going out (compare-and-set). A store that does
   * not answer, a claim lost to a twin or a caller who left: nothing is sent.
   */
  private async markSending(holding: Holding, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw new CancelledError();
    await holding.writing.catch(() => {});
    const now = this.clock.now();
    const marked = this.renew(holding, { ...holding.spec, ttlMs: this.settings.claimTtlMs, aliveUntil: now + this.aliveWindowMs(), sentAt: now });
    holding.writing = marked.catch(() => {});
    if (!(await marked)) throw new LaunchInProgressError(holding.scenarioId, holding.spec.at);
    if (signal?.aborted) throw new CancelledError();
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch (error) {
      throw error instanceof OctoPerfError ? error : new CancelledError({ cause: error });
    }
  }

  /** Launches while holding the scenario's claim, and ends the claim whatever happens. */
  private async launchHolding(holding: Holding, options?: LaunchOptions): Promise<LaunchResult> {
    const progress = { sent: false };
    return this.whileHolding(holding, progress, () => {
      // A claim obtained after its caller left (cancelled, timed out, hung up) is released, never used.
      if (options?.signal?.aborted) throw new CancelledError();
      return this.launch(holding.scenarioId, options, progress, () => this.markSending(holding, options?.signal));
    });
  }

  /**
   * Settles a claim whose holder went away after its launch request may have gone out: the run
   * it started, if OctoPerf lists one since then; otherwise the outcome is unknown, at once.
   */
  private async settleHolding(holding: Holding, options?: LaunchOptions): Promise<LaunchResult> {
    const sentAt = holding.spec.sentAt ?? holding.spec.at;
    const reads: CallOptions = { signal: options?.readSignal ?? options?.signal };
    return this.whileHolding(holding, { sent: true }, async () => {
      const scenario = await this.octoperf.getScenario(holding.scenarioId, reads);
      const found = await this.reconcile(scenario, sentAt, reads, options?.signal);
      if (typeof found !== "string") return this.remember(scenario, found, "reconciled");
      throw new LaunchOutcomeUnknownError(holding.scenarioId, "the caller that sent it went away before its run was recorded", {
        runLookup: found,
        projectId: scenario.projectId,
      });
    });
  }

  /** Runs `body` holding a claim, then ends the claim: records the run, or releases it as its progress says. */
  private async whileHolding(holding: Holding, progress: { sent: boolean }, body: () => Promise<LaunchResult>): Promise<LaunchResult> {
    const { scenarioId, token } = holding;
    let result: LaunchResult;
    try {
      result = await body();
    } catch (error) {
      await this.letGo(holding);
      // Once the request went out, a run may exist whatever failed after: the callers waiting on
      // this claim must not launch. Before, nothing happened and the scenario is free again.
      const outcome = progress.sent ? "outcome-unknown" : "nothing-sent";
      await this.coordination.releaseLaunch(scenarioId, token, outcome, this.settings.joinPollMaxMs * 3).catch(() => {
        // The store did not answer: the claim stops beating, so twins settle it (or take it over) on their own.
      });
      throw error;
    }
    await this.letGo(holding);
    const { outcome: _outcome, ...launch } = result;
    if (!(await this.record(scenarioId, token, launch))) void this.recordLater(scenarioId, token, launch);
    return result;
  }

  /** One try at recording a launched run: false when the store did not answer (a lost claim needs no record). */
  private async record(scenarioId: string, token: string, launch: RecordedLaunch): Promise<boolean> {
    try {
      await this.coordination.recordLaunch(scenarioId, token, launch, this.settings.duplicateWindowMs);
      return true;
    } catch (error) {
      if (error instanceof CoordinationUnavailableError) return false;
      throw error;
    }
  }

  /**
   * The launch was answered; its record did not land (the store went away). Retried until it
   * lands or its deadline passes, after the caller has its answer: an unrecorded claim would
   * make twins settle it from OctoPerf, which works but costs them a search.
   */
  private async recordLater(scenarioId: string, token: string, launch: RecordedLaunch): Promise<void> {
    const until = this.clock.now() + this.settings.recordDeadlineMs;
    try {
      while (this.clock.now() + this.settings.joinPollMaxMs <= until) {
        await this.clock.sleep(this.settings.joinPollMaxMs);
        if (await this.record(scenarioId, token, launch)) return;
      }
    } catch {
      // Nothing to tell anyone: the caller has its answer, and the claim stopped beating.
    }
  }

  private async launch(
    scenarioId: string,
    options?: LaunchOptions,
    progress = { sent: false },
    beforeSend: () => Promise<void> = async () => {},
  ): Promise<LaunchResult> {
    const signal = options?.signal;
    const reads: CallOptions = { signal: options?.readSignal ?? signal };
    // Reading the scenario first fails fast on a wrong id (no credits spent) and gives the
    // expected duration that the caller needs to pace its polling.
    const scenario = await this.octoperf.getScenario(scenarioId, reads);

    await beforeSend();
    const sentAt = this.clock.now();
    progress.sent = true;
    let launched: LaunchedRun;
    try {
      launched = await this.octoperf.launchScenario(scenarioId, { signal });
    } catch (error) {
      if (mayHaveStarted(error)) {
        // A 4xx on the launch (429, 400, 401, 404…) does not prove nothing started: look for
        // the run before anyone is told to try again. None since the request: the refusal stands.
        const found = await this.reconcile(scenario, sentAt, reads, signal);
        if (typeof found !== "string") return this.remember(scenario, found, "reconciled");
        if (found === "not-found") throw error;
        throw new LaunchOutcomeUnknownError(scenarioId, `OctoPerf answered: ${whatFailed(error)}`, {
          cause: error,
          runLookup: found,
          projectId: scenario.projectId,
        });
      }
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

/** A refusal of the launch request that may not be one: OctoPerf answered 4xx, and a run may exist all the same. */
function mayHaveStarted(error: unknown): error is OctoPerfError {
  return (
    error instanceof RateLimitedError ||
    error instanceof InvalidInputError ||
    error instanceof AuthenticationError ||
    error instanceof NotFoundError ||
    (error instanceof LaunchRefusedError && error.refusal.kind === "upstream")
  );
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
