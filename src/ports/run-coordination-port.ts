import type { TestRun } from "../domain/model/test-run.js";

/**
 * What one OctoPerf account's callers must share so that launches stay safe and polling stays
 * polite, whichever process, replica or use-case instance serves them: the launch of each
 * scenario that is under way or just happened, and the last state check of each run followed.
 *
 * Written for a shared store (Redis, a database) as much as for memory: every method is async,
 * every entry expires, and every change that depends on what is stored is one atomic step
 * (set-if-absent, compare-and-set on a token), so no caller ever reads then writes.
 */
export interface RunCoordinationPort {
  /**
   * Claims the right to launch a scenario: set-if-absent, expiring after `ttlMs` (a holder that
   * dies frees it). Answers the new claim's token, or what holds the scenario now.
   */
  claimLaunch(scenarioId: string, claim: ClaimSpec): Promise<LaunchClaim>;
  /**
   * Replaces what holds a scenario with a new claim, only if it is still the entry with
   * `staleToken` (compare-and-set): a recorded run found past provisioning, or an abandoned launch.
   */
  takeOverLaunch(scenarioId: string, staleToken: string, claim: ClaimSpec): Promise<LaunchClaim>;
  /**
   * Rewrites a claim, only by its holder and only while it is still a claim (compare-and-set on
   * `token`): the holder's heartbeat (`aliveUntil`), and `sentAt` written right before the launch
   * request goes out. False when the claim is no longer this holder's (expired or taken over):
   * then its holder must not send.
   */
  renewClaim(scenarioId: string, token: string, claim: ClaimSpec): Promise<boolean>;
  /**
   * Records the run a claim produced, only by the claim's holder. False when the claim was lost
   * (expired or taken over). A store that does not answer throws CoordinationUnavailableError
   * (as every method here that ends or changes a claim does), so its caller may try again.
   */
  recordLaunch(scenarioId: string, token: string, launch: RecordedLaunch, ttlMs: number): Promise<boolean>;
  /**
   * Ends a claim, only by its holder. `nothing-sent`: the scenario is free again.
   * `outcome-unknown`: a launch request may have gone out; callers waiting on this claim learn
   * it (for `ttlMs`) and launch nothing, while a later caller may take the entry over.
   */
  releaseLaunch(scenarioId: string, token: string, outcome: "nothing-sent" | "outcome-unknown", ttlMs: number): Promise<boolean>;
  /** What holds a scenario now, if anything: what a caller waiting on a claim polls. */
  readLaunch(scenarioId: string): Promise<LaunchEntry | null>;
  /** Remembers the latest state check of a run, for `ttlMs`. */
  rememberCheck(benchResultId: string, check: RunCheck, ttlMs: number): Promise<void>;
  lastCheck(benchResultId: string): Promise<RunCheck | null>;
}

/** A claim as its holder writes it. */
export interface ClaimSpec {
  /** When the claim was first taken, epoch ms (kept by renewals and take-overs of a launch that may have gone out). */
  readonly at: number;
  /** How long the entry lives if nobody writes it again: longer than the longest launch request. */
  readonly ttlMs: number;
  /** The holder's heartbeat: past this (epoch ms) without a renewal, the holder is gone. Absent: alive until the entry expires. */
  readonly aliveUntil?: number;
  /** When the launch request was (or was about to be) sent, epoch ms: from then on, a run may exist. */
  readonly sentAt?: number;
}

export type LaunchClaim = { readonly kind: "claimed"; readonly token: string } | { readonly kind: "held"; readonly entry: LaunchEntry };

/** What holds a scenario: a launch under way, the run it produced, or a launch whose outcome is unknown. */
export type LaunchEntry =
  | { readonly state: "claimed"; readonly token: string; readonly at: number; readonly aliveUntil?: number; readonly sentAt?: number }
  | { readonly state: "launched"; readonly token: string; readonly at: number; readonly launch: RecordedLaunch }
  | { readonly state: "outcome-unknown"; readonly token: string; readonly at: number };

/** A launched run, as callers who did not launch it are told about it (plain data: a store serializes it). */
export interface RecordedLaunch {
  /** The run: poll it with the status tools, read its metrics once terminal. */
  readonly benchResultId: string;
  /** The run's bench report. */
  readonly benchReportId: string;
  readonly scenarioId: string;
  readonly scenarioName: string;
  readonly projectId: string;
  readonly totalVus: number | null;
  readonly expectedDurationMs: number | null;
}

/** A state check of a run (plain data). */
export interface RunCheck {
  /** When OctoPerf answered, epoch ms. */
  readonly at: number;
  readonly run: TestRun;
  /** The polling interval in force for this run. */
  readonly intervalMs: number;
}

/** The stored form of a claim: only the fields it has (a store serializes it; undefined is not data). */
export function claimedEntry(token: string, claim: ClaimSpec): LaunchEntry {
  return {
    state: "claimed",
    token,
    at: claim.at,
    ...(claim.aliveUntil === undefined ? {} : { aliveUntil: claim.aliveUntil }),
    ...(claim.sentAt === undefined ? {} : { sentAt: claim.sentAt }),
  };
}

export const RUN_COORDINATION: unique symbol = Symbol("RunCoordinationPort");
