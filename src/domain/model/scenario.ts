/**
 * A runtime scenario: what `octoperf_run_test` launches. Its summary (total VUs, expected
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

/** A custom (point list) or future load shape whose duration we cannot compute. */
export interface OtherLoad {
  readonly kind: "OTHER";
  /** The `@type` OctoPerf sent, kept so a user sees what it was. */
  readonly type: string;
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
  /** Peak concurrent virtual users, all profiles together. */
  readonly totalVus: number;
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
  if (load.kind === "OTHER") return null;
  return load.delayMs + load.rampUpMs + load.plateauMs + load.rampDownMs;
}

export function summarizeProfiles(profiles: readonly UserProfile[]): ScenarioSummary {
  let totalVus = 0;
  let longest = 0;
  let unknownDuration = false;
  for (const { load } of profiles) {
    if (load.kind === "OTHER") {
      unknownDuration = true;
      continue;
    }
    totalVus += load.plateauVus;
    longest = Math.max(longest, loadDurationMs(load) ?? 0);
  }
  return {
    profileCount: profiles.length,
    totalVus,
    expectedDurationMs: unknownDuration || profiles.length === 0 ? null : longest,
  };
}

export function createScenario(fields: Omit<Scenario, "summary">): Scenario {
  return { ...fields, summary: summarizeProfiles(fields.userProfiles) };
}
