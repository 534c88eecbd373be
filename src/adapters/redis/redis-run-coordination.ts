import { randomUUID } from "node:crypto";
import { CoordinationUnavailableError } from "../../domain/errors.js";
import type { Clock } from "../../ports/clock-port.js";
import type { Logger } from "../../ports/logger-port.js";
import {
  claimedEntry,
  type ClaimSpec,
  type LaunchClaim,
  type LaunchEntry,
  type RecordedLaunch,
  type RunCheck,
  type RunCoordinationPort,
} from "../../ports/run-coordination-port.js";

/** The one call this adapter needs from a Redis client (node-redis's `sendCommand`), so tests and the app share it. */
export interface RedisCommands {
  sendCommand<T>(args: readonly string[], options?: { readonly timeout?: number }): Promise<T>;
}

/**
 * Each script is one atomic step on one key: Redis runs a script to its end before any other
 * command, so no replica ever reads a claim and then writes on what it read.
 */
// Set-if-absent with an expiry; otherwise answers what holds the scenario.
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;
// Compare-and-set on the token of the entry the caller saw (or none: it expired meanwhile).
const TAKE_OVER = `local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).token ~= ARGV[1] then return held end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return false`;
// Ends (or renews) a claim, only by its holder and only while it is still a claim: replaces it (ARGV[2]) or deletes it ('').
const END_CLAIM = `local held = redis.call('GET', KEYS[1])
if not held then return 0 end
local entry = cjson.decode(held)
if entry.state ~= 'claimed' or entry.token ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

export interface RedisRunCoordinationOptions {
  readonly redis: RedisCommands;
  /** Prepended to every key (e.g. "octoperf-mcp:"): several deployments may share one Redis. */
  readonly prefix: string;
  /** The account's namespace: a one-way digest of its API key, never the key. */
  readonly accountId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A command that takes longer fails: a Redis that hangs must answer as fast as one that is down. */
  readonly commandTimeoutMs: number;
  /** Shared by every account's store of one process, so an outage is logged once, not once per user. */
  readonly health?: RedisHealth;
}

/** Logs an outage at warn once, and its end once. */
export class RedisHealth {
  private down = false;

  constructor(private readonly logger: Logger) {}

  failed(operation: string, error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.log("warn", "Redis coordination store unreachable: launches are refused, reads go on without sharing their last check", {
      operation,
      error: error instanceof Error ? error.message : String(error),
    });
  }

  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log("info", "Redis coordination store answers again");
  }
}

/**
 * The coordination state of one OctoPerf account in Redis, shared by every replica. Every key
 * expires (PX) and lives under `<prefix><accountId>:`, so accounts never see each other's.
 *
 * When Redis fails (or does not answer within the command deadline): a step on a claim (claim,
 * take over, read, renew, record, release) throws CoordinationUnavailableError, because
 * launching without it could send a second run and its caller decides what to do about a record
 * that did not land; the rest degrades (a run's last check is not remembered) so that status
 * reads and waits keep working.
 */
export class RedisRunCoordination implements RunCoordinationPort {
  private readonly redis: RedisCommands;
  private readonly namespace: string;
  private readonly health: RedisHealth;

  constructor(private readonly options: RedisRunCoordinationOptions) {
    this.redis = options.redis;
    this.namespace = `${options.prefix}${options.accountId}:`;
    this.health = options.health ?? new RedisHealth(options.logger);
  }

  async claimLaunch(scenarioId: string, claim: ClaimSpec): Promise<LaunchClaim> {
    const token = randomUUID();
    const entry = claimedEntry(token, claim);
    const held = await this.launchStep(scenarioId, "claim", () =>
      this.run<string | null>(CLAIM, this.launchKey(scenarioId), [JSON.stringify(entry), ttl(claim.ttlMs)]),
    );
    return held === null ? { kind: "claimed", token } : { kind: "held", entry: parse<LaunchEntry>(held) };
  }

  async takeOverLaunch(scenarioId: string, staleToken: string, claim: ClaimSpec): Promise<LaunchClaim> {
    const token = randomUUID();
    const entry = claimedEntry(token, claim);
    const held = await this.launchStep(scenarioId, "take-over", () =>
      this.run<string | null>(TAKE_OVER, this.launchKey(scenarioId), [staleToken, JSON.stringify(entry), ttl(claim.ttlMs)]),
    );
    return held === null ? { kind: "claimed", token } : { kind: "held", entry: parse<LaunchEntry>(held) };
  }

  async renewClaim(scenarioId: string, token: string, claim: ClaimSpec): Promise<boolean> {
    return this.endClaim(scenarioId, "renew", token, JSON.stringify(claimedEntry(token, claim)), claim.ttlMs);
  }

  async recordLaunch(scenarioId: string, token: string, launch: RecordedLaunch, ttlMs: number): Promise<boolean> {
    const entry: LaunchEntry = { state: "launched", token, at: this.options.clock.now(), launch };
    return this.endClaim(scenarioId, "record", token, JSON.stringify(entry), ttlMs);
  }

  async releaseLaunch(scenarioId: string, token: string, outcome: "nothing-sent" | "outcome-unknown", ttlMs: number): Promise<boolean> {
    const entry: LaunchEntry = { state: "outcome-unknown", token, at: this.options.clock.now() };
    return this.endClaim(scenarioId, "release", token, outcome === "nothing-sent" ? "" : JSON.stringify(entry), ttlMs);
  }

  async readLaunch(scenarioId: string): Promise<LaunchEntry | null> {
    const held = await this.launchStep(scenarioId, "read", () => this.command<string | null>(["GET", this.launchKey(scenarioId)]));
    return held === null ? null : parse<LaunchEntry>(held);
  }

  async rememberCheck(benchResultId: string, check: RunCheck, ttlMs: number): Promise<void> {
    try {
      await this.command(["SET", this.checkKey(benchResultId), JSON.stringify(check), "PX", ttl(ttlMs)]);
    } catch (error) {
      // Not remembering only costs a state request that could have been spared.
      this.health.failed("remember a run's last check", error);
    }
  }

  async lastCheck(benchResultId: string): Promise<RunCheck | null> {
    try {
      const stored = await this.command<string | null>(["GET", this.checkKey(benchResultId)]);
      return stored === null ? null : parse<RunCheck>(stored);
    } catch (error) {
      this.health.failed("read a run's last check", error);
      return null;
    }
  }

  private async endClaim(scenarioId: string, step: "renew" | "record" | "release", token: string, replacement: string, ttlMs: number): Promise<boolean> {
    const answer = await this.launchStep(scenarioId, step, () => this.run<number>(END_CLAIM, this.launchKey(scenarioId), [token, replacement, ttl(ttlMs)]));
    return answer === 1;
  }

  private async launchStep<T>(scenarioId: string, step: CoordinationUnavailableError["step"], call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.health.failed(`launch (${step})`, error);
      throw new CoordinationUnavailableError(scenarioId, step, { cause: error });
    }
  }

  private run<T>(script: string, key: string, args: readonly string[]): Promise<T> {
    return this.command<T>(["EVAL", script, "1", key, ...args]);
  }

  private async command<T>(args: readonly string[]): Promise<T> {
    const reply = await this.redis.sendCommand<T>(args, { timeout: this.options.commandTimeoutMs });
    this.health.answered();
    return reply;
  }

  private launchKey(scenarioId: string): string {
    return `${this.namespace}launch:${scenarioId}`;
  }

  private checkKey(benchResultId: string): string {
    return `${this.namespace}check:${benchResultId}`;
  }
}

/** Redis refuses PX 0; the in-memory store treats anything shorter as 1 ms too. */
const ttl = (ms: number) => String(Math.max(1, Math.ceil(ms)));

const parse = <T>(json: string): T => JSON.parse(json) as T;
