/**
 * Time, as a port: polling, waiting and the fake's run timeline all read it, so tests drive
 * time by hand and never really sleep.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `onTime` once, when the clock reaches `at` (epoch ms); the returned function cancels
   * it. Not a wait: a deadline that fires while calls are in flight, so a clock that jumps
   * forward on every sleep must not jump for this.
   */
  alarm(at: number, onTime: () => void): () => void;
}

export const CLOCK: unique symbol = Symbol("Clock");
