import { describe, expect, it } from "vitest";
import { DEFAULT_FAKE_DATA } from "../../../src/adapters/fake/fake-data.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { describeOctoPerfPortContract } from "../../ports/octoperf-port.contract.js";
import { runDurationMs } from "../../../src/domain/model/test-run.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const RUN_DURATION_MS = 30_000;

describeOctoPerfPortContract("FakeOctoPerfAdapter", async () => {
  const clock = new ManualClock();
  return {
    port: new FakeOctoPerfAdapter(clock, { runDurationMs: RUN_DURATION_MS }),
    advance: (ms) => clock.advance(ms),
    runDurationMs: RUN_DURATION_MS,
  };
});

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
    const first = await fake.getMetrics(SEED.run.checkoutLastNight, ["RESPONSE_TIME_AVG", "HITS_TOTAL"]);
    const second = await fake.getMetrics(SEED.run.checkoutLastNight, ["RESPONSE_TIME_AVG", "HITS_TOTAL"]);
    expect(second).toEqual(first);
  });
});

describe("demo data that agrees with itself (issue 12, item 7)", () => {
  const DEMO_RUN_MS = 20_000;
  const METRICS = ["ERRORS_TOTAL", "ERRORS_PERCENT", "HITS_TOTAL", "HITS_SUCCESSFUL_PERCENT", "ERRORS_RATE", "HITS_RATE"] as const;

  async function finishedRuns(fake: FakeOctoPerfAdapter, clock: ManualClock): Promise<string[]> {
    const ids: string[] = [];
    for (const { scenario, failsDuringProvisioning } of DEFAULT_FAKE_DATA.scenarios) {
      if (!failsDuringProvisioning) ids.push((await fake.launchScenario(scenario.id)).benchResultId);
    }
    clock.advance(DEMO_RUN_MS);
    return [...ids, ...DEFAULT_FAKE_DATA.pastRuns.filter((p) => p.outcome !== "ERROR").map((p) => p.benchResultId)];
  }

  it.each(["match-run", "as-seeded"] as const)("error count, error percentage and error rate agree for every run (%s)", async (scenarioDurations) => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: DEMO_RUN_MS, scenarioDurations });
    for (const id of await finishedRuns(fake, clock)) {
      const [errors, percent, hits, successPercent, errorRate, hitRate] = (await fake.getMetrics(id, METRICS)).map((m) => m.value!);
      expect(errors === 0, `${id}: ${errors} errors, ${percent} %`).toBe(percent === 0);
      expect(Math.abs((errors! / hits!) * 100 - percent!), id).toBeLessThanOrEqual(0.0005);
      expect(successPercent! + percent!, id).toBeCloseTo(100, 2);
      expect(Math.abs(errorRate! - (hitRate! * percent!) / 100), id).toBeLessThanOrEqual(0.01);
    }
  });

  it("names and descriptions state no durations: demo mode compresses every load shape", () => {
    const texts = [
      ...DEFAULT_FAKE_DATA.scenarios.flatMap(({ scenario }) => [scenario.name, scenario.description]),
      ...DEFAULT_FAKE_DATA.pastRuns.map((p) => p.name),
    ];
    for (const text of texts) expect(text).not.toMatch(/\b\d+(\.\d+)?\s*(h|hours?|min|minutes?|s|sec|seconds?)\b/i);
  });

  it("in demo mode, past runs are on the scale of new runs: none lasts longer than a demo run", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock(), { runDurationMs: DEMO_RUN_MS, scenarioDurations: "match-run" });
    for (const past of DEFAULT_FAKE_DATA.pastRuns) {
      const run = await fake.getRun(past.benchResultId);
      expect(runDurationMs(run), past.name).toBeLessThanOrEqual(DEMO_RUN_MS);
    }
    const soak = await fake.getScenario(SEED.scenario.storefrontSoak);
    expect(soak.summary.expectedDurationMs).toBeLessThanOrEqual(DEMO_RUN_MS);
  });
});
