import { OctoPerfError, RateLimitedError } from "../errors.js";
import type { Clock } from "../../ports/clock-port.js";

/** A failure of the moment, by the fact the error carries (never by where it came from). */
export function isTransient(error: unknown): error is OctoPerfError {
  return error instanceof OctoPerfError && error.transient;
}

/** How long to leave OctoPerf alone after a transient failure: the usual pace, or longer when it asked for it. */
export function delayAfter(error: OctoPerfError, paceMs: number): number {
  return error instanceof RateLimitedError && error.retryAfterMs !== undefined ? Math.max(paceMs, error.retryAfterMs) : paceMs;
}

/**
 * Reads again after a transient failure (a 5xx, a timeout, a reset), `paceMs` apart, as long as
 * the next try still starts before `until`: a blip at OctoPerf costs a caller with a time budget
 * some of that budget, never the answer. Any other failure, and the last transient one, is thrown.
 */
export async function readThroughBlips<T>(
  read: () => Promise<T>,
  clock: Clock,
  options: { readonly until: number; readonly paceMs: number; readonly signal?: AbortSignal },
): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delayMs = delayAfter(error, options.paceMs);
      if (clock.now() + delayMs > options.until) throw error;
      await clock.sleep(delayMs, options.signal);
    }
  }
}
