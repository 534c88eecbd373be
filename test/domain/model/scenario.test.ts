import { describe, expect, it } from "vitest";
import { summarizeProfiles, type UserProfile } from "../../../src/domain/model/scenario.js";

const ramp = (plateauVus: number, rampUpMs: number, plateauMs: number, extra: Partial<{ delayMs: number; rampDownMs: number }> = {}): UserProfile => ({
  name: "p",
  virtualUserId: "vu",
  location: "eu-west-1",
  load: { kind: "RAMP_UP", delayMs: extra.delayMs ?? 0, rampUpMs, plateauMs, plateauVus, rampDownMs: extra.rampDownMs ?? 0, stepCount: null },
});

describe("scenario summary", () => {
  it("adds VUs of all profiles and takes the longest profile's duration", () => {
    const summary = summarizeProfiles([ramp(500, 60_000, 600_000), ramp(100, 30_000, 300_000, { delayMs: 400_000, rampDownMs: 10_000 })]);
    expect(summary).toEqual({ profileCount: 2, totalVus: 600, expectedDurationMs: 740_000 });
  });

  it("does not guess a duration for custom load shapes", () => {
    const custom: UserProfile = {
      name: "c",
      virtualUserId: "vu",
      location: "x",
      load: { kind: "OTHER", type: "UserProfileLoadCustom", plateauVus: null, durationMs: null },
    };
    expect(summarizeProfiles([ramp(10, 1, 1), custom]).expectedDurationMs).toBeNull();
    expect(summarizeProfiles([ramp(10, 1, 1), custom]).totalVus).toBeNull();
    const strategy: UserProfile = { ...custom, load: { kind: "OTHER", type: "loadStrategy", plateauVus: 20, durationMs: 5_000 } };
    expect(summarizeProfiles([ramp(10, 1, 1), strategy])).toEqual({ profileCount: 2, totalVus: 30, expectedDurationMs: 5_000 });
    expect(summarizeProfiles([])).toEqual({ profileCount: 0, totalVus: 0, expectedDurationMs: null });
  });
});
