import { CancelledError } from "../../src/domain/errors.js";
import type { CallOptions, OctoPerfPort } from "../../src/ports/octoperf-port.js";
import type { ManualClock } from "./manual-clock.js";

type Method = keyof OctoPerfPort;

/**
 * A port in front of another (the fake) whose chosen methods stop answering, as OctoPerf does
 * when it hangs: a stalled call settles only when its signal aborts (with CancelledError, as the
 * HTTP adapter does). Or fail: `fail("getRun", 4, () => new UpstreamUnavailableError(…))` makes
 * the next four calls of a method throw what the HTTP adapter throws for a 503. `calls` records
 * every call, stalled, failed or not.
 */
export function stallingPort(inner: OctoPerfPort) {
  const stalled = new Set<Method>();
  const failing = new Map<Method, { left: number; error: () => Error }>();
  const calls: Method[] = [];
  let pending = 0;
  const port = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const method = key as Method;
        calls.push(method);
        const failure = failing.get(method);
        if (failure !== undefined && failure.left > 0) {
          failure.left -= 1;
          return Promise.reject(failure.error());
        }
        if (!stalled.has(method)) return (value as (...args: unknown[]) => unknown).apply(target, args);
        const options = args.at(-1) as CallOptions | undefined;
        pending += 1;
        return new Promise((_resolve, reject) => {
          const signal = options?.signal;
          const give = () => {
            pending -= 1;
            reject(new CancelledError({ cause: signal?.reason }));
          };
          if (signal?.aborted) give();
          else signal?.addEventListener("abort", give, { once: true });
        });
      };
    },
  });
  return {
    port,
    calls,
    /** Calls still hanging: a call without a signal would hang forever. */
    pending: () => pending,
    stall: (...methods: Method[]) => methods.forEach((m) => stalled.add(m)),
    resume: () => stalled.clear(),
    /** The next `times` calls of `method` throw `error()` (Infinity: every call). */
    fail: (method: Method, times: number, error: () => Error) => void failing.set(method, { left: times, error }),
  };
}

/** Lets every promise that can settle now do so. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Follows a promise's outcome without awaiting it, so the test can move time meanwhile. */
export function track<T>(promise: Promise<T>) {
  const outcome: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(outcome, { settled: true, value }),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  );
  return outcome;
}

/** Moves the manual clock one second at a time, letting the code under test run in between. */
export async function advanceSeconds(clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1_000);
    await settle();
  }
}
