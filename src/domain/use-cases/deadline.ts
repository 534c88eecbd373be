import type { Clock } from "../../ports/clock-port.js";

/**
 * How long past its budget a call may take to answer: room for the last check, which may start at
 * the very end of the budget, and for the answer itself. The README promises budget + 2 s.
 */
export const ANSWER_GRACE_MS = 1_000;

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
