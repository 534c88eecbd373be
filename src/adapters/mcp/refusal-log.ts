import type { Logger } from "../../ports/logger-port.js";

/** How many refused messages are logged one by one before they are only counted. */
export const REFUSALS_LOGGED_ONE_BY_ONE = 10;
/** How often, at most, a line gives the count of the refused messages not logged one by one. */
export const REFUSAL_COUNT_EVERY_MS = 60_000;

/**
 * The warnings about refused client messages, bounded: a client that sends garbage in a loop
 * (a bug, or someone hostile) must not fill the host's log file at the rate it writes. The first
 * few are logged one by one, which is what someone debugging a client needs; after that a line
 * at most once a minute gives how many more were refused, and the last count is given at close.
 * Every refused message is still answered: only the logging is bounded.
 */
export class RefusalLog {
  private logged = 0;
  private unlogged = 0;
  private countedSince = 0;

  constructor(
    private readonly logger: Logger | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  refused(message: string, fields: Record<string, unknown>): void {
    if (this.logged < REFUSALS_LOGGED_ONE_BY_ONE) {
      this.logged += 1;
      const last = this.logged === REFUSALS_LOGGED_ONE_BY_ONE;
      this.logger?.log("warn", message, last ? { ...fields, next: "further refused messages are counted, one line a minute at most" } : fields);
      if (last) this.countedSince = this.now();
      return;
    }
    this.unlogged += 1;
    if (this.now() - this.countedSince >= REFUSAL_COUNT_EVERY_MS) this.flush();
  }

  /** Gives the count of refused messages not logged yet, if any (also called at close). */
  flush(): void {
    if (this.unlogged > 0) {
      this.logger?.log("warn", "refused more messages from the client", {
        count: this.unlogged,
        sinceSeconds: Math.round((this.now() - this.countedSince) / 1000),
      });
    }
    this.unlogged = 0;
    this.countedSince = this.now();
  }
}
