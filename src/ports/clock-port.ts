/**
 * Time, as a port: polling, waiting and the fake's run timeline all read it, so tests drive
 * time by hand and never really sleep.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const CLOCK: unique symbol = Symbol("Clock");
