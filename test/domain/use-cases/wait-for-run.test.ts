import { describe, expect, it } from "vitest";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { AuthenticationError, CancelledError, RateLimitedError, UpstreamTimeoutError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import type { WaitProgress } from "../../../src/domain/use-cases/wait-for-run.js";
import { WaitForRun } from "../../../src/domain/use-cases/wait-for-run.js";
import { ANSWER_GRACE_MS } from "../../../src/domain/use-cases/deadline.js";
import type { OctoPerfPort } from "../../../src/ports/octoperf-port.js";
import { ManualClock } from "../../support/manual-clock.js";
import { stallingPort } from "../../support/stalling-port.js";
import { SEED } from "../../support/seed-ids.js";

/** Counts calls per port method, to prove the polling cadence. */
function counting(port: OctoPerfPort) {
  const calls: string[] = [];
  const proxy = new Proxy(port, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { port: proxy, calls };
}

function setup(runDurationMs = 40_000) {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs });
  const { port, calls } = counting(fake);
  return { clock, fake, calls, wait: new WaitForRun(port, clock, new InMemoryRunCoordination(clock)) };
}

describe("WaitForRun", () => {
  it("polls on duration/10 clamped to 3–60 s and returns once terminal", async () => {
    const { clock, fake, calls, wait } = setup(40_000);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke); // 4 min of load → 24 s cadence
    const progress: WaitProgress[] = [];
    const result = await wait.execute({ benchResultId, maxWaitSeconds: 120 }, { onProgress: (p) => void progress.push(p) });
    expect(result).toMatchObject({ terminal: true, budgetExhausted: false, pollIntervalSeconds: 24, nextPollAfterSeconds: null });
    expect(result.run.state).toBe("FINISHED");
    expect(clock.sleeps.every((ms) => ms === 24_000)).toBe(true);
    expect(calls.filter((c) => c === "getRun")).toHaveLength(result.polls);
    expect(result.polls).toBe(clock.sleeps.length + 1);
    expect(progress.map((p) => p.percent)).toEqual([...progress.map((p) => p.percent)].sort((a, b) => a - b));
    expect(progress.at(-1)!.percent).toBe(100);
  });

  it("tells onDeadline, once and before its first check, the moment it answers by: budget + grace, never after answerBy", async () => {
    const { clock, fake, wait } = setup(40_000);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    const told: { answerBy: number; checks: number }[] = [];
    let checks = 0;
    const startedAt = clock.now();
    await wait.execute(
      { benchResultId, maxWaitSeconds: 30 },
      { onDeadline: (answerBy) => told.push({ answerBy, checks }), onProgress: () => void (checks += 1) },
    );
    expect(told).toEqual([{ answerBy: startedAt + 30_000 + ANSWER_GRACE_MS, checks: 0 }]);
    const sooner: number[] = [];
    await wait.execute({ benchResultId, maxWaitSeconds: 30 }, { answerBy: clock.now() + 5_000, onDeadline: (at) => sooner.push(at - clock.now()) });
    expect(sooner).toEqual([5_000]);
  });

  it("clamps the cadence for long and short scenarios", async () => {
    const long = setup();
    const soak = await long.fake.launchScenario(SEED.scenario.storefrontSoak); // 125 min → 60 s cap
    expect((await long.wait.execute({ benchResultId: soak.benchResultId, maxWaitSeconds: 600 })).pollIntervalSeconds).toBe(60);
    const short = setup();
    const smoke = await short.fake.launchScenario(SEED.scenario.checkoutSmoke); // 24 s cadence, but a 30 s budget
    expect((await short.wait.execute({ benchResultId: smoke.benchResultId, maxWaitSeconds: 30 })).pollIntervalSeconds).toBe(10);
  });

  it("keeps one state request per interval across back-to-back calls", async () => {
    const { clock, fake, calls, wait } = setup(3_600_000);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly); // 60 s cadence, 16 s within a 50 s budget
    const first = await wait.execute({ benchResultId });
    expect(first).toMatchObject({ polls: 4, pollIntervalSeconds: 16, waitedSeconds: 48, nextPollAfterSeconds: 16 });
    const startOfSecond = clock.now();
    const second = await wait.execute({ benchResultId });
    expect(clock.sleeps.slice(4)[0]).toBe(16_000); // waited out the interval before asking again
    expect(second.polls).toBe(3);
    expect(Date.parse(second.lastCheckedAt) - startOfSecond).toBe(48_000);
    const zero = await wait.execute({ benchResultId, maxWaitSeconds: 0 });
    expect(zero).toMatchObject({ polls: 0, terminal: false });
    expect(calls.filter((c) => c === "getRun")).toHaveLength(7);
  });

  it("returns the current state, not an error, when the budget runs out", async () => {
    const { fake, wait, calls } = setup(600_000);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly); // pollIntervalSeconds overrides the cadence
    const result = await wait.execute({ benchResultId, maxWaitSeconds: 50, pollIntervalSeconds: 10 });
    expect(result).toMatchObject({ terminal: false, budgetExhausted: true, nextPollAfterSeconds: 10, polls: 6, waitedSeconds: 50 });
    expect(calls.filter((c) => c === "getRun")).toHaveLength(6);
  });

  it("never sleeps past the budget, and returns at once on a terminal run", async () => {
    const { clock, wait } = setup();
    const done = await wait.execute({ benchResultId: SEED.run.checkoutBaseline, maxWaitSeconds: 30 });
    expect(done).toMatchObject({ terminal: true, polls: 1, waitedSeconds: 0 });
    expect(clock.sleeps).toEqual([]);
  });

  it("stops promptly when cancelled, with no request after the cancellation", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    const { port, calls } = counting(fake);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    const controller = new AbortController();
    const waiting = new WaitForRun(port, clock, new InMemoryRunCoordination(clock)).execute(
      { benchResultId, pollIntervalSeconds: 5 },
      { signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 0));
    const before = calls.length;
    controller.abort("user cancelled");
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    clock.advance(60_000);
    expect(calls.length).toBe(before);
  });

  it("ends early with what it knows (terminal: false, no error) when the caller's stop signal fires, mid-sleep or before the first sleep", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    const { port, calls } = counting(fake);
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    const stop = new AbortController();
    const wait = new WaitForRun(port, clock, new InMemoryRunCoordination(clock));
    const waiting = wait.execute({ benchResultId, maxWaitSeconds: 300, pollIntervalSeconds: 5 }, { stop: stop.signal });
    await new Promise((r) => setTimeout(r, 0));
    const before = calls.length;
    stop.abort("shutting down");
    const result = await waiting;
    expect(result).toMatchObject({ terminal: false, budgetExhausted: false, stopped: true, stale: false, polls: 1, waitedSeconds: 0 });
    clock.advance(60_000);
    expect(calls.length).toBe(before);

    // A follow-up call that would first wait out the interval answers at once, from the last check.
    const again = await wait.execute({ benchResultId, maxWaitSeconds: 300, pollIntervalSeconds: 120 }, { stop: stop.signal });
    expect(again).toMatchObject({ terminal: false, polls: 0 });
    expect(calls.length).toBe(before);
  });

  it("refuses negative and huge budgets", async () => {
    const { wait } = setup();
    await expect(wait.execute({ benchResultId: SEED.run.checkoutBaseline, maxWaitSeconds: -1 })).rejects.toThrow(/maxWaitSeconds must be 0 or more/);
    await expect(wait.execute({ benchResultId: SEED.run.checkoutBaseline, maxWaitSeconds: 1e9 })).rejects.toThrow(/at most 3600/);
    await expect(wait.execute({ benchResultId: SEED.run.checkoutBaseline, pollIntervalSeconds: 0 })).rejects.toThrow(/at least 1/);
  });

  describe("a blip at OctoPerf (5xx, timeout, reset) is ridden out until the budget is spent", () => {
    const http503 = () =>
      new UpstreamUnavailableError("OctoPerf answered HTTP 503 to GET /x: it is having trouble, try again later.", {
        what: "OctoPerf answered HTTP 503 to GET /x",
      });
    function failing(runDurationMs: number) {
      const clock = new ManualClock(undefined, true);
      const fake = new FakeOctoPerfAdapter(clock, { runDurationMs });
      const octoperf = stallingPort(fake);
      return { clock, fake, octoperf, wait: new WaitForRun(octoperf.port, clock, new InMemoryRunCoordination(clock)) };
    }

    it("four 503s in a row on the state read: the wait keeps polling and sees the run end", async () => {
      const { clock, fake, octoperf, wait } = failing(20_000);
      const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
      octoperf.fail("getRun", 4, http503);
      const result = await wait.execute({ benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 3 });
      expect(result).toMatchObject({ terminal: true, budgetExhausted: false, stopped: false, stale: false });
      expect(result.run.state).toBe("FINISHED");
      expect(octoperf.calls.filter((c) => c === "getRun").length).toBeGreaterThan(4);
      // At the pace asked for, never faster: a blip is no reason to hammer OctoPerf.
      expect(clock.sleeps.every((ms) => ms === 3_000)).toBe(true);
    });

    it("failing to the end of the budget: terminal false, stale true, with the last known state and when it was known", async () => {
      const { clock, fake, octoperf, wait } = failing(600_000);
      const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
      const startedAt = clock.now();
      const states: string[] = [];
      const result = await wait.execute(
        { benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 10 },
        {
          onProgress: (p) => {
            states.push(p.run.state);
            // Once OctoPerf has answered, it fails for good: timeouts, resets, then 503s.
            octoperf.fail("getRun", Infinity, () => (clock.now() - startedAt < 30_000 ? new UpstreamTimeoutError(5_000) : http503()));
          },
        },
      );
      expect(result).toMatchObject({ terminal: false, stale: true, budgetExhausted: true, stopped: false, polls: 1, waitedSeconds: 60 });
      expect(result.run.state).toBe(states[0]);
      expect(result.lastCheckedAt).toBe(new Date(startedAt).toISOString());
      expect(result.nextPollAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(octoperf.calls.filter((c) => c === "getRun")).toHaveLength(7); // at 0, 10, … 60 s
    });

    it("a rate limit is waited out as long as OctoPerf asks", async () => {
      const { clock, fake, octoperf, wait } = failing(20_000);
      const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
      octoperf.fail("getRun", 1, () => new RateLimitedError(7_000));
      const result = await wait.execute({ benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 3 });
      expect(result.terminal).toBe(true);
      expect(clock.sleeps[0]).toBe(7_000);
    });

    it("a failure that waiting cannot cure (the key refused) is thrown at once", async () => {
      const { clock, fake, octoperf, wait } = failing(20_000);
      const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
      octoperf.fail("getRun", Infinity, () => new AuthenticationError());
      await expect(wait.execute({ benchResultId, maxWaitSeconds: 60 })).rejects.toBeInstanceOf(AuthenticationError);
      expect(octoperf.calls.filter((c) => c === "getRun")).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it("with no state known at all when the budget is spent, the last failure is the answer, after the whole budget", async () => {
      const { clock, fake, octoperf, wait } = failing(600_000);
      const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
      octoperf.fail("getRun", Infinity, http503);
      const startedAt = clock.now();
      await expect(wait.execute({ benchResultId, maxWaitSeconds: 30 })).rejects.toThrow(/HTTP 503/);
      expect(clock.now() - startedAt).toBeGreaterThanOrEqual(27_000);
      expect(octoperf.calls.filter((c) => c === "getRun").length).toBeGreaterThan(1);
    });
  });
});
