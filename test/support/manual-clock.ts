import type { Clock } from "../../src/ports/clock-port.js";

/**
 * A clock that only moves when told. `sleep` resolves once `advance` passes its deadline, or
 * at once when the clock auto-advances (then every sleep jumps time forward by its length).
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly sleepers: { until: number; resolve: () => void }[] = [];
  /** Every sleep requested, in ms: tests assert on the polling cadence with it. */
  readonly sleeps: number[] = [];

  constructor(
    start = Date.parse("2026-11-24T09:00:00.000Z"),
    private readonly autoAdvance = false,
  ) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    signal?.throwIfAborted();
    if (this.autoAdvance) {
      this.advance(ms);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const sleeper = { until: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          const index = this.sleepers.indexOf(sleeper);
          if (index >= 0) this.sleepers.splice(index, 1);
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a sleep rejects with the abort's own reason, whatever the caller gave
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Fires when `advance` (or an auto-advancing sleep) moves time to `at`, or at once if due; never moves time itself. */
  alarm(at: number, onTime: () => void): () => void {
    const sleeper = { until: at, resolve: onTime };
    if (at <= this.current) {
      // Already due: fires at once (asynchronously, as a timer would), unless cancelled first.
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) onTime();
      });
      return () => {
        cancelled = true;
      };
    }
    this.sleepers.push(sleeper);
    return () => {
      const index = this.sleepers.indexOf(sleeper);
      if (index >= 0) this.sleepers.splice(index, 1);
    };
  }

  advance(ms: number): void {
    this.current += ms;
    for (const sleeper of [...this.sleepers]) {
      if (sleeper.until <= this.current) {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        sleeper.resolve();
      }
    }
  }
}

/** Lets a promise settle while moving the clock on in small steps (e.g. a twin caller that polls a store on the clock). */
export async function drive<T>(clock: ManualClock, promise: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  const done = promise.finally(() => (settled = true));
  done.catch(() => {});
  for (let i = 0; i < 10_000 && !settled; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!settled) clock.advance(stepMs);
  }
  return done;
}
