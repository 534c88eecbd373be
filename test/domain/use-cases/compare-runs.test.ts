import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { CompareRuns } from "../../../src/domain/use-cases/compare-runs.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

function setup(runDurationMs = 30_000) {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs });
  return {
    clock,
    fake,
    compare: new CompareRuns(fake),
  };
}

describe("CompareRuns", () => {
  it("finds last night's regression against the baseline", async () => {
    const { compare } = setup();
    const result = await compare.execute({ baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutLastNight });
    expect(result.verdict).toBe("regressed");
    const p95 = result.comparisons.find((c) => c.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95.verdict).toBe("regressed");
    expect(p95.percentDelta).toBeGreaterThan(20);
    expect(result.comparisons.find((c) => c.metricId === "HITS_RATE")!.verdict).toBe("regressed");
    expect(result.caveats).toEqual([]);
  });

  it("sees the reverse as an improvement, and notes a partial run as a caveat", async () => {
    const { compare } = setup();
    const reverse = await compare.execute({ baselineBenchResultId: SEED.run.checkoutLastNight, candidateBenchResultId: SEED.run.checkoutBaseline });
    expect(reverse.verdict).toBe("improved");
    const partial = await compare.execute({
      baselineBenchResultId: SEED.run.checkoutBaseline,
      candidateBenchResultId: SEED.run.checkoutStopped,
      metricIds: ["RESPONSE_TIME_AVG"],
      tolerancePercent: 50,
    });
    expect(partial.verdict).toBe("unchanged");
    expect(partial.caveats).toEqual([{ kind: "partial-run", side: "candidate", state: "ABORTED" }]);
  });

  it("notes runs of two scenarios as a caveat naming both", async () => {
    const { compare } = setup();
    const result = await compare.execute({ baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.authSpike });
    expect(result.caveats).toEqual([
      { kind: "different-scenarios", baselineScenarioId: SEED.scenario.checkoutNightly, candidateScenarioId: SEED.scenario.authLoginSpike },
    ]);
  });

  it("refuses comparing a run with itself", async () => {
    const { compare } = setup();
    await expect(compare.execute({ baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutBaseline })).rejects.toThrow(
      /same run/,
    );
  });
});
