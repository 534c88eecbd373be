/**
 * The wait budget is a deadline (issue 12, item 2): when OctoPerf stops answering, a wait (and
 * run-and-analyze) answers when its budget ends plus a short grace, with the last known state,
 * instead of when the HTTP timeouts and retries give up. Time is the manual clock's: nothing
 * really waits.
 */
import { mcpWords } from "../../support/mcp-words.js";
import { describe, expect, it } from "vitest";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { BudgetExceededError, CancelledError, FollowUpFailedError } from "../../../src/domain/errors.js";
import { ANSWER_GRACE_MS } from "../../../src/domain/use-cases/deadline.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { RunAndAnalyze } from "../../../src/domain/use-cases/run-and-analyze.js";
import { WaitForRun } from "../../../src/domain/use-cases/wait-for-run.js";
import { ManualClock } from "../../support/manual-clock.js";
import { advanceSeconds, settle, stallingPort, track } from "../../support/stalling-port.js";
import { SEED } from "../../support/seed-ids.js";

function setup() {
  const clock = new ManualClock();
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
  const stalling = stallingPort(fake);
  const store = new InMemoryRunCoordination(clock);
  return { clock, fake, ...stalling, store, wait: new WaitForRun(stalling.port, clock, store) };
}

describe("a wait's budget is a deadline", () => {
  it("answers at budget + grace with the last known state when OctoPerf stops answering", async () => {
    const { clock, fake, wait, stall, pending } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    const first = await wait.execute({ benchResultId, maxWaitSeconds: 0 });
    expect(first.stale).toBe(false);

    stall("getRun", "getScenario", "getRunProgress", "getProject");
    const startedAt = clock.now();
    const waiting = track(wait.execute({ benchResultId, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 5);
    expect(waiting.settled).toBe(false); // still inside its budget (and its grace)
    await advanceSeconds(clock, ANSWER_GRACE_MS / 1000);

    expect(waiting.error).toBeUndefined();
    expect(waiting.value).toMatchObject({
      terminal: false,
      budgetExhausted: true,
      stale: true,
      polls: 0,
      lastCheckedAt: first.lastCheckedAt,
      run: { id: benchResultId, state: first.run.state },
    });
    expect(waiting.value!.nextPollAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(clock.now() - startedAt).toBe(5_000 + ANSWER_GRACE_MS);
    expect(pending()).toBe(0); // the hung call was abandoned, not left running
  });

  it("keeps what this call learnt: a check that answered, then a cadence lookup that hangs", async () => {
    const { clock, fake, wait, stall } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    stall("getScenario");
    const waiting = track(wait.execute({ benchResultId, maxWaitSeconds: 3 }));
    await advanceSeconds(clock, 4);
    expect(waiting.value).toMatchObject({ stale: true, polls: 1, terminal: false, run: { id: benchResultId } });
  });

  it("says the state is unknown, within the budget, when OctoPerf never answered", async () => {
    const { clock, fake, wait, stall } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    stall("getRun");
    const waiting = track(wait.execute({ benchResultId, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 6);
    expect(waiting.error).toBeInstanceOf(BudgetExceededError);
    expect(waiting.error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect((waiting.error as Error).message).toBe(`OctoPerf did not answer about run "${benchResultId}" within the 5 s budget: its state is not known yet.`);
    expect(waiting.error).toMatchObject({ budgetSeconds: 5, subject: { kind: "run-state", benchResultId } });
    expect(mcpWords(waiting.error)).toBe(
      `OctoPerf did not answer about run "${benchResultId}" within the 5 s budget: its state is not known yet. ` +
        "Call octoperf_wait_for_test again in a few seconds.",
    );
  });

  it("a caller's cancellation of a hung call stays a cancellation", async () => {
    const { fake, wait, stall } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    stall("getRun");
    const controller = new AbortController();
    const waiting = wait.execute({ benchResultId, maxWaitSeconds: 30 }, { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  });

  it("a healthy OctoPerf is unaffected: the deadline's alarm is cleared after the answer", async () => {
    const { clock, fake, wait } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    const waiting = track(wait.execute({ benchResultId, maxWaitSeconds: 2 }));
    await advanceSeconds(clock, 2);
    expect(waiting.value).toMatchObject({ stale: false, polls: 2 });
  });
});

describe("run-and-analyze answers within its budget too", () => {
  function analyzeSetup() {
    const base = setup();
    const launch = new LaunchScenario(base.port, base.clock, base.store);
    return { ...base, analyze: new RunAndAnalyze(base.port, base.clock, launch, base.wait) };
  }

  it("OctoPerf hangs once the run is launched: names the run to follow, never invites a second launch", async () => {
    const { clock, analyze, fake, stall, calls } = analyzeSetup();
    const launching = fake.launchScenario.bind(fake);
    let launches = 0;
    fake.launchScenario = async (id, options) => {
      launches += 1;
      stall("getRun", "getScenario", "getRunProgress", "getProject");
      return launching(id, options);
    };
    const running = track(analyze.execute({ scenarioId: SEED.scenario.checkoutNightly, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 6);
    expect(running.error).toBeInstanceOf(FollowUpFailedError);
    expect(mcpWords(running.error)).toMatch(/did not answer about run "fakeRun\d+" within the 5 s budget\)\. Do not launch it again/);
    expect(launches).toBe(1);
    expect(calls.filter((c) => c === "launchScenario")).toHaveLength(1);
  });

  it("OctoPerf hangs before the launch: nothing is launched, and the answer says so", async () => {
    const { clock, analyze, stall, calls } = analyzeSetup();
    stall("getScenario");
    const running = track(analyze.execute({ scenarioId: SEED.scenario.checkoutNightly, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 6);
    expect(running.error).toBeInstanceOf(BudgetExceededError);
    expect((running.error as Error).message).toBe(
      'OctoPerf did not answer before the launch of scenario "checkoutNightly00001" within the 5 s budget: nothing was launched.',
    );
    expect(calls).not.toContain("launchScenario");
  });

  it("OctoPerf stalls mid-wait after answering: the last known state comes back, not an error", async () => {
    const { clock, analyze, stall } = analyzeSetup();
    const running = track(analyze.execute({ scenarioId: SEED.scenario.checkoutNightly, maxWaitSeconds: 5, pollIntervalSeconds: 2 }));
    await settle();
    stall("getRun");
    await advanceSeconds(clock, 6);
    expect(running.error).toBeUndefined();
    expect(running.value).toMatchObject({ wait: { stale: true, terminal: false, polls: 1 }, metrics: [], sla: null });
  });
});
