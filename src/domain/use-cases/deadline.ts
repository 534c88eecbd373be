import type { Clock } from "../../ports/clock-port.js";

/**
 * How long past its budget a call may take to answer: room for the last check, which may start at
 * the very end of the budget, and for the answer itself. The README promises budget + 2 s.
 */
export const ANSWER_GRACE_MS = 1_000;

/** Under the 60 s request timeout most MCP clients use, so a wait never turns into a client timeout. */
export const DEFAULT_MAX_WAIT_SECONDS = 50;

/**
 * When a call that waits at most `maxWaitSeconds` (the default when not given), started at
 * `startedAt`, must have answered: its budget and the grace, never after the caller's `answerBy`.
 * One rule for the use cases that wait and for what runs on their behalf (links added at the edge).
 */
export function answerDeadline(startedAt: number, maxWaitSeconds: number | undefined, answerBy = Number.POSITIVE_INFINITY): number {
  return Math.min(startedAt + (maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS) * 1000 + ANSWER_GRACE_MS, answerBy);
}

/**
 * The moment after which a use case stops waiting for OctoPerf, merged with the caller's own
 * cancellation: `signal` aborts on whichever comes first, so every call made with it (HTTP
 * retries and their backoffs included) ends by then. Driven by the Clock port, so tests move it
 * by hand; `dispose` it when done.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #expiry = new AbortController();
  readonly #cancelAlarm: () => void;

  constructor(
    private readonly clock: Clock,
    readonly at: number,
    private readonly caller?: AbortSignal,
  ) {
    this.#cancelAlarm = clock.alarm(at, () => this.#expiry.abort(new Error("deadline reached")));
    this.signal = caller === undefined ? this.#expiry.signal : AbortSignal.any([caller, this.#expiry.signal]);
  }

  /** The time ran out, as opposed to the caller cancelling. */
  get expired(): boolean {
    return this.#expiry.signal.aborted && this.caller?.aborted !== true;
  }

  remainingMs(): number {
    return Math.max(0, this.at - this.clock.now());
  }

  dispose(): void {
    this.#cancelAlarm();
  }
}
