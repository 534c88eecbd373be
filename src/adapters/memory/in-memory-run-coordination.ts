import { randomUUID } from "node:crypto";
import type { Clock } from "../../ports/clock-port.js";
import {
  claimedEntry,
  type ClaimSpec,
  type LaunchClaim,
  type LaunchEntry,
  type RecordedLaunch,
  type RunCheck,
  type RunCoordinationPort,
} from "../../ports/run-coordination-port.js";

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/** Above this many entries, expired ones are swept on the next write: a long-lived server follows many runs. */
const SWEEP_ABOVE = 1_000;

/**
 * The coordination state of one OctoPerf account, in this process. JavaScript runs each method
 * body to its first await without interleaving, and these have none: every step is atomic, as
 * the port asks. Expiry follows the injected clock, so tests drive it.
 */
export class InMemoryRunCoordination implements RunCoordinationPort {
  private readonly launches = new Map<string, Expiring<LaunchEntry>>();
  private readonly checks = new Map<string, Expiring<RunCheck>>();

  constructor(private readonly clock: Clock) {}

  async claimLaunch(scenarioId: string, claim: ClaimSpec): Promise<LaunchClaim> {
    const held = this.live(this.launches, scenarioId);
    if (held !== null) return { kind: "held", entry: held };
    return this.claim(scenarioId, claim);
  }

  async takeOverLaunch(scenarioId: string, staleToken: string, claim: ClaimSpec): Promise<LaunchClaim> {
    const held = this.live(this.launches, scenarioId);
    if (held !== null && held.token !== staleToken) return { kind: "held", entry: held };
    return this.claim(scenarioId, claim);
  }

  async renewClaim(scenarioId: string, token: string, claim: ClaimSpec): Promise<boolean> {
    const held = this.live(this.launches, scenarioId);
    if (held?.state !== "claimed" || held.token !== token) return false;
    this.put(this.launches, scenarioId, claimedEntry(token, claim), claim.ttlMs);
    return true;
  }

  async recordLaunch(scenarioId: string, token: string, launch: RecordedLaunch, ttlMs: number): Promise<boolean> {
    const held = this.live(this.launches, scenarioId);
    if (held?.state !== "claimed" || held.token !== token) return false;
    this.put(this.launches, scenarioId, { state: "launched", token, at: this.clock.now(), launch }, ttlMs);
    return true;
  }

  async releaseLaunch(scenarioId: string, token: string, outcome: "nothing-sent" | "outcome-unknown", ttlMs: number): Promise<boolean> {
    const held = this.live(this.launches, scenarioId);
    if (held?.state !== "claimed" || held.token !== token) return false;
    if (outcome === "nothing-sent") this.launches.delete(scenarioId);
    else this.put(this.launches, scenarioId, { state: "outcome-unknown", token, at: this.clock.now() }, ttlMs);
    return true;
  }

  async readLaunch(scenarioId: string): Promise<LaunchEntry | null> {
    return this.live(this.launches, scenarioId);
  }

  async rememberCheck(benchResultId: string, check: RunCheck, ttlMs: number): Promise<void> {
    this.put(this.checks, benchResultId, check, ttlMs);
  }

  async lastCheck(benchResultId: string): Promise<RunCheck | null> {
    return this.live(this.checks, benchResultId);
  }

  /** Whether nothing is live here any more: an account with no claim and no remembered check can be forgotten. */
  isIdle(): boolean {
    const now = this.clock.now();
    for (const map of [this.launches, this.checks] as Map<string, Expiring<unknown>>[]) {
      for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
    }
    return this.launches.size === 0 && this.checks.size === 0;
  }

  private claim(scenarioId: string, claim: ClaimSpec): LaunchClaim {
    const token = randomUUID();
    this.put(this.launches, scenarioId, claimedEntry(token, claim), claim.ttlMs);
    return { kind: "claimed", token };
  }

  private live<T>(map: Map<string, Expiring<T>>, key: string): T | null {
    const entry = map.get(key);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.clock.now()) {
      map.delete(key);
      return null;
    }
    return entry.value;
  }

  private put<T>(map: Map<string, Expiring<T>>, key: string, value: T, ttlMs: number): void {
    if (map.size > SWEEP_ABOVE) {
      const now = this.clock.now();
      for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
    }
    // Plain data in, copies out of reach: what a network store would give, so no caller mutates another's view.
    map.set(key, { value: structuredClone(value), expiresAt: this.clock.now() + Math.max(1, ttlMs) });
  }
}
