import { underDeadline } from "../../../adapters/redis/redis-deadline.js";
import type { RedisCommands } from "../../../adapters/redis/redis-run-coordination.js";
import type { Clock } from "../../../ports/clock-port.js";

/**
 * Where the authorization server keeps its registered clients, codes, tokens and grants: short
 * strings under keys, each with a lifetime. Tokens and codes arrive here already digested and
 * OctoPerf keys already encrypted: a store (or a dump of it) holds nothing a caller could use.
 */
export interface OAuthStore {
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Reads and deletes in one atomic step: of two replicas redeeming one code, one gets it. */
  take(key: string): Promise<string | null>;
  delete(key: string): Promise<void>;
}

/** The store does not answer (Redis down or hung): the caller is told to retry, nothing is issued. */
export class OAuthStoreUnavailableError extends Error {
  constructor(options: { cause?: unknown }) {
    super("the token store does not answer: retry in a moment", options);
  }
}

/** Above this many entries, expired ones are swept on the next write. */
const SWEEP_ABOVE = 1_000;

/** In this process: one replica only, and everything (clients, tokens) dies with it. */
export class InMemoryOAuthStore implements OAuthStore {
  private readonly entries = new Map<string, { readonly value: string; readonly expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const now = this.clock.now();
    if (this.entries.size > SWEEP_ABOVE) for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    this.entries.set(key, { value, expiresAt: now + Math.max(1, ttlMs) });
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async take(key: string): Promise<string | null> {
    const value = await this.get(key);
    this.entries.delete(key);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

/**
 * In Redis, shared by every replica: a token issued by one is honoured by all. Every command runs
 * under a deadline of ours, because the client's own timeout stops counting once a command is
 * written (a frozen Redis would hang it forever).
 */
export class RedisOAuthStore implements OAuthStore {
  constructor(
    private readonly options: {
      readonly redis: RedisCommands;
      /** The deployment's prefix; OAuth keys live under `<prefix>oauth:`. */
      readonly prefix: string;
      readonly commandTimeoutMs: number;
    },
  ) {}

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.command(["SET", this.key(key), value, "PX", String(Math.max(1, Math.ceil(ttlMs)))]);
  }

  get(key: string): Promise<string | null> {
    return this.command<string | null>(["GET", this.key(key)]);
  }

  take(key: string): Promise<string | null> {
    return this.command<string | null>(["GETDEL", this.key(key)]);
  }

  async delete(key: string): Promise<void> {
    await this.command(["DEL", this.key(key)]);
  }

  private key(key: string): string {
    return `${this.options.prefix}oauth:${key}`;
  }

  private async command<T>(args: readonly string[]): Promise<T> {
    const { commandTimeoutMs } = this.options;
    try {
      return await underDeadline(commandTimeoutMs, () => this.options.redis.sendCommand<T>(args, { timeout: commandTimeoutMs }));
    } catch (error) {
      throw new OAuthStoreUnavailableError({ cause: error });
    }
  }
}
