import { describe, expect, it } from "vitest";
import { DEFAULT_FAKE_DATA } from "../../../src/adapters/fake/fake-data.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { describeOctoPerfPortContract } from "../../ports/octoperf-port.contract.js";
import { ManualClock } from "../../support/manual-clock.js";

const RUN_DURATION_MS = 30_000;

describeOctoPerfPortContract(
  "FakeOctoPerfAdapter",
  async () => {
    const clock = new ManualClock();
    return {
      port: new FakeOctoPerfAdapter(clock, { runDurationMs: RUN_DURATION_MS }),
      advance: (ms) => clock.advance(ms),
      runDurationMs: RUN_DURATION_MS,
    };
  },
);

describe("FakeOctoPerfAdapter (fake-only behaviour)", () => {
  it("ends a run of a scenario that cannot be provisioned in ERROR, never RUNNING", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: RUN_DURATION_MS });
    const failing = DEFAULT_FAKE_DATA.scenarios.find((s) => s.failsDuringProvisioning)!;
    const { benchResultId } = await fake.launchScenario(failing.scenario.id);
    const states: string[] = [];
    for (let i = 0; i < 20; i++) {
      states.push((await fake.getRun(benchResultId)).state);
      clock.advance(RUN_DURATION_MS / 10);
    }
    expect(states).not.toContain("RUNNING");
    expect(states.at(-1)).toBe("ERROR");
  });

  it("seeds past runs that are already terminal, with reports in their projects", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    for (const past of DEFAULT_FAKE_DATA.pastRuns) {
      const run = await fake.getRun(past.benchResultId);
      expect(run.state).toBe(past.outcome);
      expect(run.benchReportId).toBeNull(); // as on OctoPerf: a bench result does not name its report
      const report = await fake.getReport(past.benchReportId);
      expect(report.benchResultIds).toEqual([past.benchResultId]);
    }
  });

  it("gives the same metrics for the same run every time (stable demo numbers)", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    const first = await fake.getMetrics("checkoutRunLast00003", ["RESPONSE_TIME_AVG", "HITS_TOTAL"]);
    const second = await fake.getMetrics("checkoutRunLast00003", ["RESPONSE_TIME_AVG", "HITS_TOTAL"]);
    expect(second).toEqual(first);
  });
});
