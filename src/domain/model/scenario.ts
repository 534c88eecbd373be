/**
 * A runtime scenario: what a launch starts a run of. Its summary (total VUs, expected
 * duration) does not exist in OctoPerf's JSON; it is computed here from the load shapes.
 */

/** A ramp-up family load shape; every duration in milliseconds, as OctoPerf sends them. */
export interface RampLoad {
  readonly kind: "RAMP_UP" | "RAMP_UP_THEN_DOWN" | "ASCENDING_STAIRS";
  readonly delayMs: number;
  readonly rampUpMs: number;
  readonly plateauMs: number;
  readonly plateauVus: number;
  readonly rampDownMs: number;
  readonly stepCount: number | null;
}

/**
 * Any other load: a custom point list, OctoPerf's `loadStrategy` shape (seconds), a future
 * `@type`, or a ramp missing a field. What could be read is kept; the rest is null.
 */
export interface OtherLoad {
  readonly kind: "OTHER";
  /** The `@type` OctoPerf sent (or "loadStrategy"), kept so a user sees what it was. */
  readonly type: string;
  /** Peak VUs of this profile, when they could be read. */
  readonly plateauVus: number | null;
  /** Length of the load, when it could be read. */
  readonly durationMs: number | null;
}

export type LoadShape = RampLoad | OtherLoad;

export interface UserProfile {
  readonly name: string;
  readonly virtualUserId: string;
  readonly location: string;
  readonly load: LoadShape;
}

export interface ScenarioSummary {
  readonly profileCount: number;
  /** Peak concurrent virtual users, all profiles together; null when a profile's could not be read. */
  readonly totalVus: number | null;
  /** Of the longest profile, load only (provisioning adds about 30 s on OctoPerf); null when unknown. */
  readonly expectedDurationMs: number | null;
}

export interface Scenario {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly userProfiles: readonly UserProfile[];
  readonly summary: ScenarioSummary;
}

export function loadDurationMs(load: LoadShape): number | null {
  if (load.kind === "OTHER") return load.durationMs;
  return load.delayMs + load.rampUpMs + load.plateauMs + load.rampDownMs;
}

export function summarizeProfiles(profiles: readonly UserProfile[]): ScenarioSummary {
  let totalVus: number | null = 0;
  let longest: number | null = 0;
  for (const { load } of profiles) {
    totalVus = totalVus === null || load.plateauVus === null ? null : totalVus + load.plateauVus;
    const duration = loadDurationMs(load);
    longest = longest === null || duration === null ? null : Math.max(longest, duration);
  }
  return {
    profileCount: profiles.length,
    totalVus,
    expectedDurationMs: profiles.length === 0 ? null : longest,
  };
}

export function createScenario(fields: Omit<Scenario, "summary">): Scenario {
  return { ...fields, summary: summarizeProfiles(fields.userProfiles) };
}
