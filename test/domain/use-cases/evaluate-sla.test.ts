import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { EvaluateSla } from "../../../src/domain/use-cases/evaluate-sla.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

function setup(runDurationMs = 30_000) {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs });
  return {
    clock,
    fake,
    sla: new EvaluateSla(fake),
  };
}

describe("EvaluateSla", () => {
  it("applies the default criteria to a finished run", async () => {
    const { sla } = setup();
    const report = await sla.execute({ benchResultId: SEED.run.checkoutBaseline });
    expect(report).toMatchObject({ criteriaSource: "default", state: "FINISHED", verdict: "PASS" });
    expect(report.results.map((r) => r.metricId)).toEqual(["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"]);
  });

  it("fails a run on the caller's criteria, with observed values and units", async () => {
    const { sla } = setup();
    const report = await sla.execute({
      benchResultId: SEED.run.checkoutLastNight,
      criteria: [
        { metricId: "response_time_percentile_95", operator: "<", threshold: 600 },
        { metricId: "ERRORS_PERCENT", operator: "<", threshold: 5 },
      ],
    });
    expect(report.verdict).toBe("FAIL");
    expect(report.results[0]).toMatchObject({ verdict: "FAIL", unit: "ms", threshold: 600 });
    expect(report.results[0]!.observed).toBeGreaterThan(600);
    expect(report.results[1]!.verdict).toBe("PASS");
  });

  it("is INCONCLUSIVE for an aborted run and for a run that never produced load", async () => {
    const { sla } = setup();
    expect((await sla.execute({ benchResultId: SEED.run.checkoutStopped })).verdict).toBe("INCONCLUSIVE");
    const error = await sla.execute({ benchResultId: SEED.run.searchError });
    expect(error.verdict).toBe("INCONCLUSIVE");
    expect(error.results.every((r) => r.observed === null)).toBe(true);
  });

  it("refuses malformed criteria", async () => {
    const { sla } = setup();
    await expect(sla.execute({ benchResultId: SEED.run.checkoutBaseline, criteria: [] })).rejects.toThrow(/at least one criterion/);
    await expect(sla.execute({ benchResultId: SEED.run.checkoutBaseline, criteria: [{ metricId: "P95", operator: "<", threshold: 1 }] })).rejects.toThrow(
      /unknown metric id "P95"/,
    );
    await expect(
      sla.execute({ benchResultId: SEED.run.checkoutBaseline, criteria: [{ metricId: "HITS_RATE", operator: "=" as never, threshold: 1 }] }),
    ).rejects.toThrow(/operator must be one of/);
  });
});
