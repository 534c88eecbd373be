import * as z from "zod";
import { BudgetExceededError, CancelledError, NotFoundError, OctoPerfError } from "../errors.js";
import { idSchema } from "../model/ids.js";
import { overallPercent, progressMessage } from "../model/run-progress.js";
import type { TestRun } from "../model/test-run.js";
import type { Clock } from "../../ports/clock-port.js";
import type { OctoPerfPort } from "../../ports/octoperf-port.js";
import type { RunCheck, RunCoordinationPort } from "../../ports/run-coordination-port.js";
import { ANSWER_GRACE_MS, answerDeadline, DEFAULT_MAX_WAIT_SECONDS, Deadline } from "./deadline.js";
import { GetRunStatus } from "./get-run-status.js";
import { delayAfter, isTransient } from "./transient-reads.js";
import { parseInput } from "./input.js";

export { DEFAULT_MAX_WAIT_SECONDS };
export const MAX_WAIT_SECONDS = 3600;
// OctoPerf's own guidance: poll about every duration/10, between 3 and 60 seconds.
const MIN_POLL_MS = 3_000;
const MAX_POLL_MS = 60_000;
const FALLBACK_POLL_MS = 10_000;
const MIN_BUDGET_POLL_MS = 1_000;
/** How long a run's last check is kept: far beyond any polling interval, so a later call keeps the pace. */
const CHECK_TTL_MS = 15 * 60_000;

export const WaitForRunInput = z.object({
  benchResultId: idSchema("benchResultId").describe("Bench result id (the run): from a launch, or from the run history"),
  maxWaitSeconds: z
    .number({ error: "maxWaitSeconds must be a number of seconds" })
    .min(0, { error: "maxWaitSeconds must be 0 or more" })
    .max(MAX_WAIT_SECONDS, { error: `maxWaitSeconds must be at most ${MAX_WAIT_SECONDS}` })
    .optional()
    .describe(`How long to wait at most, in seconds (default ${DEFAULT_MAX_WAIT_SECONDS}, under the usual 60 s client timeout)`),
  pollIntervalSeconds: z
    .number({ error: "pollIntervalSeconds must be a number of seconds" })
    .min(1, { error: "pollIntervalSeconds must be at least 1" })
    .max(300, { error: "pollIntervalSeconds must be at most 300" })
    .optional()
    .describe("Seconds between state checks; default about the scenario's duration / 10, between 3 and 60"),
});
export type WaitForRunInput = z.input<typeof WaitForRunInput>;

export interface WaitProgress {
  readonly run: TestRun;
  /** 0..100 for the whole run, provisioning included. */
  readonly percent: number;
  readonly message: string;
}

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /**
   * The caller's own deadline, apart from the budget: when it aborts (a server shutting down),
   * the wait stops sleeping and answers with what it knows (terminal: false), rather than failing
   * the way a cancellation (`signal`) does.
   */
  readonly stop?: AbortSignal;
  /** Called after every state check, in order. */
  readonly onProgress?: (progress: WaitProgress) => void | Promise<void>;
  /**
   * Epoch ms by which to answer at the latest, for a caller with a budget of its own (run and
   * analyze): the wait then answers by the earlier of this and its own budget's end.
   */
  readonly answerBy?: number;
  /**
   * Told once, as the call starts, the moment (epoch ms) it will have answered by: what runs on
   * its behalf (the links the edges add to its progress and answer) can end by then too.
   */
  readonly onDeadline?: (answerBy: number) => void;
}

export interface WaitResult {
  readonly run: TestRun;
  readonly terminal: boolean;
  /** True when the budget was spent before the run ended (not when a stop cut the wait short): call again to keep waiting. */
  readonly budgetExhausted: boolean;
  /**
   * True when the caller's stop signal (a server shutting down) ended the wait before its budget:
   * the run goes on, and another call (to another replica) can keep following it.
   */
  readonly stopped: boolean;
  readonly waitedSeconds: number;
  readonly polls: number;
  readonly pollIntervalSeconds: number;
  /** When OctoPerf last gave the state (ISO-8601). */
  readonly lastCheckedAt: string;
  /** When to check again; null once terminal. */
  readonly nextPollAfterSeconds: number | null;
  /**
   * True when the state is not fresh: OctoPerf failed (5xx, timeout, reset) or did not answer the
   * latest check, so `run` is the last state it gave (at `lastCheckedAt`), which may be behind.
   */
  readonly stale: boolean;
}

/** Why a wait answers: the run ended, the budget was spent, or the caller's stop signal fired. */
type Ending = "terminal" | "budget" | "stop";

/**
 * Poll: waits for a run to end, within a budget. At most one state request per poll interval,
 * across calls too: a call that follows a recent check waits out the interval first. A transient
 * failure of OctoPerf (5xx, timeout, reset) is ridden out: the wait checks again a poll interval
 * later, until its budget is spent. When the budget runs out it returns the last known state
 * instead of failing.
 */
export class WaitForRun {
  private readonly status: GetRunStatus;

  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly clock: Clock,
    /** Holds the last check of each run followed, shared by every caller of the account, so back-to-back calls keep the pace. */
    private readonly coordination: RunCoordinationPort,
  ) {
    this.status = new GetRunStatus(octoperf);
  }

  async execute(input: WaitForRunInput, options: WaitOptions = {}): Promise<WaitResult> {
    const { benchResultId, maxWaitSeconds = DEFAULT_MAX_WAIT_SECONDS, pollIntervalSeconds } = parseInput(WaitForRunInput, input);
    const startedAt = this.clock.now();
    const budgetMs = maxWaitSeconds * 1000;
    // Polls are planned to end within the budget; the deadline also cuts short a call OctoPerf
    // sits on, retries and backoffs included, so the answer comes in time whatever it does.
    const hardStop = answerDeadline(startedAt, maxWaitSeconds, options.answerBy);
    const limit = new Deadline(this.clock, hardStop, options.signal);
    options.onDeadline?.(hardStop);
    const state: WaitState = { polls: 0, answered: undefined, failure: undefined };
    try {
      return await this.follow(benchResultId, budgetMs, pollIntervalSeconds, state, { ...options, signal: limit.signal });
    } catch (error) {
      if (!limit.expired) throw error;
      const known = state.answered ?? (await this.lastCheck(benchResultId));
      if (known === null) {
        throw new BudgetExceededError(maxWaitSeconds, { kind: "run-state", benchResultId }, { cause: state.failure ?? error });
      }
      const intervalMs = pollIntervalSeconds !== undefined ? pollIntervalSeconds * 1000 : (known.intervalMs ?? this.fallbackMs(budgetMs));
      return {
        ...this.result(known, state.polls, startedAt, intervalMs, "budget", true),
        nextPollAfterSeconds: Math.max(1, Math.ceil(intervalMs / 1000)),
      };
    } finally {
      limit.dispose();
    }
  }

  private async follow(
    benchResultId: string,
    budgetMs: number,
    pollIntervalSeconds: number | undefined,
    state: WaitState,
    options: WaitOptions,
  ): Promise<WaitResult> {
    const { signal, stop } = options;
    const startedAt = this.clock.now();
    const deadline = startedAt + budgetMs;
    const given = pollIntervalSeconds === undefined ? null : pollIntervalSeconds * 1000;
    const check = async (intervalMs: number | null): Promise<LastCheck> => {
      const run = await this.status.execute({ benchResultId }, { signal });
      state.polls += 1;
      state.answered = { at: this.clock.now(), run, intervalMs };
      state.failure = undefined;
      const interval = intervalMs ?? given ?? (await this.cadenceMs(run, budgetMs, signal));
      const last = { at: state.answered.at, run, intervalMs: interval };
      await this.briefly(this.coordination.rememberCheck(benchResultId, last, CHECK_TTL_MS), undefined, signal);
      await report(run, options);
      return last;
    };

    const shared = await this.lastCheck(benchResultId, signal);
    // A terminal run is read again: whoever recorded it, OctoPerf has the final word.
    let last: LastCheck | null = shared !== null && !shared.run.terminal ? shared : null;
    let intervalMs = last === null ? given : (given ?? last.intervalMs);
    let dueAt = last === null ? startedAt : last.at + intervalMs!;
    let ending: Ending;
    for (;;) {
      // Too soon to ask OctoPerf again and no time to wait for it: answer with what we know.
      if (dueAt > deadline) {
        ending = "budget";
        break;
      }
      if (stop?.aborted || (dueAt > this.clock.now() && !(await this.sleep(dueAt - this.clock.now(), signal, stop)))) {
        ending = "stop";
        break;
      }
      try {
        last = await check(intervalMs);
        intervalMs = last.intervalMs;
        if (last.run.terminal) {
          ending = "terminal";
          break;
        }
        dueAt = this.clock.now() + intervalMs;
      } catch (error) {
        if (!isTransient(error)) throw error;
        // A blip at OctoPerf: check again at the usual pace (or when it asked to be left alone).
        state.failure = error;
        dueAt = this.clock.now() + delayAfter(error, intervalMs ?? withinBudgetMs(MIN_POLL_MS, budgetMs));
      }
    }
    const stale = state.failure !== undefined;
    if (last === null) {
      // Not one answer, from this call or before it: nothing to fall back on but what went wrong.
      throw state.failure ?? new CancelledError();
    }
    const interval = intervalMs ?? last.intervalMs;
    const result = this.result(last, state.polls, startedAt, interval, ending, stale);
    return stale ? { ...result, nextPollAfterSeconds: Math.max(1, Math.ceil(Math.max(0, dueAt - this.clock.now()) / 1000)) } : result;
  }

  private result(last: Answered, polls: number, startedAt: number, intervalMs: number, ending: Ending, stale: boolean): WaitResult {
    const now = this.clock.now();
    return {
      run: last.run,
      terminal: last.run.terminal,
      budgetExhausted: !last.run.terminal && ending === "budget",
      stopped: !last.run.terminal && ending === "stop",
      waitedSeconds: Math.round((now - startedAt) / 100) / 10,
      polls,
      pollIntervalSeconds: intervalMs / 1000,
      lastCheckedAt: new Date(last.at).toISOString(),
      nextPollAfterSeconds: last.run.terminal ? null : Math.max(0, Math.ceil((last.at + intervalMs - now) / 1000)),
      stale,
    };
  }

  /**
   * About duration/10, clamped to 3–60 s, and short enough to check at least three times within
   * the budget: a wait that cannot look again before its budget ends would only be a status call.
   */
  private async cadenceMs(run: TestRun, budgetMs: number, signal: AbortSignal | undefined): Promise<number> {
    const withinBudget = (ms: number) => withinBudgetMs(ms, budgetMs);
    if (run.terminal) return withinBudget(FALLBACK_POLL_MS);
    try {
      const scenario = await this.octoperf.getScenario(run.scenarioId, { signal });
      const duration = scenario.summary.expectedDurationMs;
      if (duration === null) return withinBudget(FALLBACK_POLL_MS);
      return withinBudget(Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(duration / 10 / 1000) * 1000)));
    } catch (error) {
      // A deleted scenario, or OctoPerf failing for a moment, must not stop us from following its run.
      if (error instanceof NotFoundError || isTransient(error)) return withinBudget(FALLBACK_POLL_MS);
      throw error;
    }
  }

  private fallbackMs(budgetMs: number): number {
    return withinBudgetMs(FALLBACK_POLL_MS, budgetMs);
  }

  /** The shared last check: a store that fails or does not answer has nothing to add. */
  private lastCheck(benchResultId: string, signal?: AbortSignal): Promise<LastCheck | null> {
    return this.briefly(this.coordination.lastCheck(benchResultId), null, signal);
  }

  /**
   * A call to the shared store, which only spares state requests: one that fails or does not
   * answer (a frozen Redis) gets half the grace at most, and never outlasts the wait.
   */
  private async briefly<T>(call: Promise<T>, fallback: T, signal: AbortSignal | undefined): Promise<T> {
    const bound = new Deadline(this.clock, this.clock.now() + ANSWER_GRACE_MS / 2, signal);
    try {
      return await notPast(call, bound.signal, fallback);
    } catch {
      return fallback;
    } finally {
      bound.dispose();
    }
  }

  /** False when `stop` ended the sleep early; a cancellation (`signal`) throws. */
  private async sleep(ms: number, signal: AbortSignal | undefined, stop: AbortSignal | undefined): Promise<boolean> {
    const either = stop === undefined ? signal : signal === undefined ? stop : AbortSignal.any([signal, stop]);
    try {
      await this.clock.sleep(ms, either);
      return true;
    } catch (error) {
      if (signal?.aborted) throw new CancelledError({ cause: signal.reason });
      if (stop?.aborted) return false;
      throw error instanceof OctoPerfError ? error : new CancelledError({ cause: error });
    }
  }
}

type LastCheck = RunCheck;

/** An answer from OctoPerf, before its polling interval is known. */
interface Answered {
  readonly at: number;
  readonly run: TestRun;
  readonly intervalMs: number | null;
}

/** What one call has learnt so far: what it answers with when its deadline strikes mid-call. */
interface WaitState {
  polls: number;
  answered: Answered | undefined;
  /** The transient failure of the latest check, when it failed: the state known is then not fresh. */
  failure: OctoPerfError | undefined;
}

function withinBudgetMs(ms: number, budgetMs: number): number {
  return Math.max(MIN_BUDGET_POLL_MS, Math.min(ms, Math.floor(budgetMs / 3000) * 1000));
}

async function report(run: TestRun, options: WaitOptions): Promise<void> {
  await options.onProgress?.({ run, percent: overallPercent(run), message: progressMessage(run) });
}

/**
 * A store call that must not outlast the wait: when `signal` aborts first, `fallback` answers
 * (the store has its own command deadline, but a wait's budget may end sooner).
 */
function notPast<T>(call: Promise<T>, signal: AbortSignal | undefined, fallback: T): Promise<T> {
  if (signal === undefined) return call;
  call.catch(() => {});
  if (signal.aborted) return Promise.resolve(fallback);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => resolve(fallback);
    signal.addEventListener("abort", onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
