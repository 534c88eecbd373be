import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { FollowUpFailedError, NotFoundError, UpstreamContractError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { RunAndAnalyze } from "../../../src/domain/use-cases/run-and-analyze.js";
import { WaitForRun } from "../../../src/domain/use-cases/wait-for-run.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { mcpWords } from "../../support/mcp-words.js";
import { stallingPort } from "../../support/stalling-port.js";

function analyzer(fake: FakeOctoPerfAdapter, clock: ManualClock): RunAndAnalyze {
  const store = new InMemoryRunCoordination(clock);
  return new RunAndAnalyze(fake, clock, new LaunchScenario(fake, clock, store), new WaitForRun(fake, clock, store));
}

function setup(runDurationMs = 30_000) {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs });
  return {
    clock,
    fake,
    runAndAnalyze: analyzer(fake, clock),
  };
}

describe("RunAndAnalyze", () => {
  it("launches, waits, judges and compares in one call", async () => {
    const { runAndAnalyze } = setup();
    const percents: number[] = [];
    const result = await runAndAnalyze.execute(
      {
        scenarioId: SEED.scenario.checkoutNightly,
        criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }],
        baselineBenchResultId: SEED.run.checkoutBaseline,
        pollIntervalSeconds: 3,
      },
      { onProgress: (p) => void percents.push(p.percent) },
    );
    expect(result.wait.terminal).toBe(true);
    expect(result.wait.run.state).toBe("FINISHED");
    expect(result.sla?.verdict).toBe("PASS");
    expect(result.comparison?.verdict).toBe("regressed");
    expect(result.metrics.length).toBeGreaterThanOrEqual(11);
    expect(percents.at(-1)).toBe(100);
  });

  it("compares with the caller's tolerance: a 30% slowdown is a regression at 5%, unchanged at 50%", async () => {
    const judge = async (tolerancePercent: number) =>
      (
        await setup().runAndAnalyze.execute({
          scenarioId: SEED.scenario.checkoutNightly,
          baselineBenchResultId: SEED.run.checkoutBaseline,
          tolerancePercent,
          pollIntervalSeconds: 3,
        })
      ).comparison!;
    const strict = await judge(5);
    expect(strict).toMatchObject({ tolerancePercent: 5, verdict: "regressed" });
    const loose = await judge(50);
    expect(loose.tolerancePercent).toBe(50);
    expect(loose.comparisons.find((c) => c.metricId === "RESPONSE_TIME_AVG")?.verdict).toBe("unchanged");
  });

  it("returns what it has, with the ids to continue, when the budget ends first", async () => {
    const { runAndAnalyze } = setup(600_000);
    const result = await runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutSmoke, maxWaitSeconds: 30 });
    expect(result.wait).toMatchObject({ terminal: false, budgetExhausted: true });
    expect(result.launch.benchResultId).toMatch(/^fakeRun/);
    expect(result).toMatchObject({ metrics: [], sla: null, comparison: null });
  });

  it("checks the baseline before spending credits", async () => {
    const { fake, runAndAnalyze } = setup();
    let launches = 0;
    const launch = fake.launchScenario.bind(fake);
    fake.launchScenario = async (...args) => {
      launches += 1;
      return launch(...args);
    };
    await expect(runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutNightly, baselineBenchResultId: UNKNOWN.run })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(launches).toBe(0);
  });

  it("a failure after the launch names the run to keep following, and never invites a relaunch", async () => {
    const { fake, runAndAnalyze } = setup();
    fake.getRunProgress = async () => {
      throw new UpstreamContractError("OctoPerf's answer to GET /x is not the documented shape: value is a string.", {
        what: "OctoPerf's answer to GET /x is not the documented shape",
      });
    };
    const error = await runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutNightly }).catch((e: unknown) => e);
    expect(error).toMatchObject({ relaunchSafe: false });
    expect(mcpWords(error)).toContain(`octoperf_wait_for_test (benchResultId "${(error as FollowUpFailedError).benchResultId}")`);
    expect(error).toBeInstanceOf(FollowUpFailedError);
    const followUp = error as FollowUpFailedError;
    expect(followUp.benchResultId).toMatch(/^fakeRun/);
    expect(followUp.message).not.toMatch(/octoperf_/);
    expect(followUp.message).toContain("not the documented shape");
    expect(followUp.message).not.toMatch(/try again/i);
    expect(followUp.cause).toBeInstanceOf(UpstreamContractError);
  });

  it("rides out a blip at OctoPerf after the launch: 503s on the state and on the metrics reads cost time, not the answer", async () => {
    const { fake, clock } = setup();
    const octoperf = stallingPort(fake);
    const store = new InMemoryRunCoordination(clock);
    const runAndAnalyze = new RunAndAnalyze(octoperf.port, clock, new LaunchScenario(octoperf.port, clock, store), new WaitForRun(octoperf.port, clock, store));
    const http503 = () => new UpstreamUnavailableError("OctoPerf answered HTTP 503 to GET /x: it is having trouble, try again later.");
    octoperf.fail("getRun", 4, http503);
    octoperf.fail("getMetrics", 3, http503);
    const result = await runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutSmoke, maxWaitSeconds: 120 });
    expect(result.wait).toMatchObject({ terminal: true, stale: false });
    expect(result.sla?.verdict).toBeDefined();
    expect(result.metrics.length).toBeGreaterThan(0);
    expect(octoperf.calls.filter((c) => c === "launchScenario")).toHaveLength(1);
  });

  it("OctoPerf failing through the whole budget after the launch: the last known state, stale, never a relaunch", async () => {
    const { fake, clock } = setup(600_000);
    const octoperf = stallingPort(fake);
    const store = new InMemoryRunCoordination(clock);
    const runAndAnalyze = new RunAndAnalyze(octoperf.port, clock, new LaunchScenario(octoperf.port, clock, store), new WaitForRun(octoperf.port, clock, store));
    const http503 = () => new UpstreamUnavailableError("OctoPerf answered HTTP 503 to GET /x: it is having trouble, try again later.");
    const result = await runAndAnalyze.execute(
      { scenarioId: SEED.scenario.checkoutSmoke, maxWaitSeconds: 60 },
      { onProgress: () => octoperf.fail("getRun", Infinity, http503) },
    );
    expect(result.wait).toMatchObject({ terminal: false, stale: true, budgetExhausted: true, polls: 1 });
    expect(result).toMatchObject({ metrics: [], sla: null });
    expect(octoperf.calls.filter((c) => c === "launchScenario")).toHaveLength(1);
  });

  it("a wait that continues its run keeps the pace of run-and-analyze's own checks (one state request per interval)", async () => {
    const { fake, clock } = setup(600_000);
    const store = new InMemoryRunCoordination(clock);
    const wait = new WaitForRun(fake, clock, store);
    const runAndAnalyze = new RunAndAnalyze(fake, clock, new LaunchScenario(fake, clock, store), new WaitForRun(fake, clock, store));
    const result = await runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutSmoke, maxWaitSeconds: 30, pollIntervalSeconds: 10 });
    expect(result.wait.terminal).toBe(false);
    let stateRequests = 0;
    const getRun = fake.getRun.bind(fake);
    fake.getRun = async (...args) => {
      stateRequests += 1;
      return getRun(...args);
    };
    // Called at once, with no time to wait out the interval: it answers from the last check.
    const next = await wait.execute({ benchResultId: result.launch.benchResultId, maxWaitSeconds: 5 });
    expect(stateRequests).toBe(0);
    expect(next).toMatchObject({ terminal: false, polls: 0 });
  });
});
