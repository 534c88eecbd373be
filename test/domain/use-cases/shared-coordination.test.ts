/**
 * The launch guard and the polling pace hold across use-case instances, not only within one:
 * everything that shares an account's coordination store (another instance built by hand,
 * another request of a team server, another replica on a shared store) shares them.
 */
import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { CoordinationUnavailableError, LaunchInProgressError } from "../../../src/domain/errors.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { RunAndAnalyze } from "../../../src/domain/use-cases/run-and-analyze.js";
import { WaitForRun } from "../../../src/domain/use-cases/wait-for-run.js";
import type { OctoPerfPort } from "../../../src/ports/octoperf-port.js";
import { drive, ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.checkoutSmoke;

function counting(fake: FakeOctoPerfAdapter): { port: OctoPerfPort; calls: string[] } {
  const calls: string[] = [];
  const port = new Proxy(fake, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { port, calls };
}

function setup(autoAdvance = false) {
  const clock = new ManualClock(undefined, autoAdvance);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
  const { port, calls } = counting(fake);
  const store = new InMemoryRunCoordination(clock);
  return { clock, port, calls, store, launches: () => calls.filter((c) => c === "launchScenario").length };
}

describe("launches guarded across instances that share a coordination store", () => {
  it("two LaunchScenario built separately, one after the other: one launch, the second answers with it", async () => {
    const { clock, port, store, launches } = setup();
    const first = await new LaunchScenario(port, clock, store).execute({ scenarioId: SCENARIO });
    clock.advance(2_000);
    const second = await new LaunchScenario(port, clock, store).execute({ scenarioId: SCENARIO });
    expect(first.outcome).toBe("launched");
    expect(second).toMatchObject({ outcome: "existing", benchResultId: first.benchResultId });
    expect(launches()).toBe(1);
  });

  it("two LaunchScenario built separately, at the same moment: one launch, both answer with the same run", async () => {
    const { clock, port, store, launches } = setup();
    const [a, b] = await drive(
      clock,
      Promise.all([
        new LaunchScenario(port, clock, store).execute({ scenarioId: SCENARIO }),
        new LaunchScenario(port, clock, store).execute({ scenarioId: SCENARIO }),
      ]),
    );
    expect(launches()).toBe(1);
    expect(a.benchResultId).toBe(b.benchResultId);
    expect([a.outcome, b.outcome].sort()).toEqual(["existing", "launched"]);
  });

  it("a launch held elsewhere for too long: this call waits a bounded time, then says a launch is in progress, and sends nothing", async () => {
    const { clock, port, store, launches } = setup();
    const elsewhere = await store.claimLaunch(SCENARIO, { at: clock.now(), ttlMs: 600_000 });
    expect(elsewhere.kind).toBe("claimed");
    const launch = new LaunchScenario(port, clock, store, { joinTimeoutMs: 30_000 });
    const error = await drive(clock, launch.execute({ scenarioId: SCENARIO }), 500).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LaunchInProgressError);
    expect(error).toMatchObject({ code: "LAUNCH_IN_PROGRESS", scenarioId: SCENARIO, retryable: true });
    expect(launches()).toBe(0);
    // Polled with backoff and within its bound: not a busy loop, not longer than asked.
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(2_000);
  });

  it("a launch whose holder died is launched again once its claim expires", async () => {
    const { clock, port, store, launches } = setup();
    await store.claimLaunch(SCENARIO, { at: clock.now(), ttlMs: 10_000 });
    const result = await drive(clock, new LaunchScenario(port, clock, store).execute({ scenarioId: SCENARIO }), 500);
    expect(result.outcome).toBe("launched");
    expect(launches()).toBe(1);
  });
});

describe("polling pace shared across WaitForRun and RunAndAnalyze instances", () => {
  it("a second WaitForRun right after a first one waits out the interval before asking OctoPerf again", async () => {
    const { clock, port, store, calls } = setup(true);
    const { benchResultId } = await port.launchScenario(SCENARIO);
    await new WaitForRun(port, clock, store).execute({ benchResultId, maxWaitSeconds: 0, pollIntervalSeconds: 10 });
    const statesBefore = calls.filter((c) => c === "getRun").length;
    const startedAt = clock.now();
    await new WaitForRun(port, clock, store).execute({ benchResultId, maxWaitSeconds: 30, pollIntervalSeconds: 10 });
    expect(calls.filter((c) => c === "getRun").length - statesBefore).toBe(3);
    // Its first state request came a full interval after the first instance's: one per interval.
    expect(clock.sleeps.slice(0, 1)).toEqual([10_000]);
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(30_000);
  });

  it("a WaitForRun built apart from RunAndAnalyze keeps the pace of its checks when they share the store", async () => {
    const { clock, port, store, calls } = setup(true);
    const analyze = new RunAndAnalyze(port, clock, new LaunchScenario(port, clock, store), new WaitForRun(port, clock, store));
    const result = await analyze.execute({ scenarioId: SCENARIO, maxWaitSeconds: 30, pollIntervalSeconds: 10 });
    expect(result.wait.terminal).toBe(false);
    const lastCheckedAt = Date.parse(result.wait.lastCheckedAt);
    const before = calls.filter((c) => c === "getRun").length;
    const sleepsBefore = clock.sleeps.length;
    await new WaitForRun(port, clock, store).execute({ benchResultId: result.launch.benchResultId, maxWaitSeconds: 10, pollIntervalSeconds: 10 });
    expect(calls.filter((c) => c === "getRun").length - before).toBe(1);
    // It slept until a full interval after run-and-analyze's last check, not from its own start.
    const slept = clock.sleeps.slice(sleepsBefore)[0] ?? 0;
    expect(lastCheckedAt + 10_000).toBeLessThanOrEqual(clock.now());
    expect(slept).toBeLessThanOrEqual(10_000);
  });

  it("a store that fails at the claim: the launch is refused with its facts and nothing is sent, not even the scenario read", async () => {
    const { clock, port, calls, store } = setup();
    const failing = Object.assign(Object.create(store) as InMemoryRunCoordination, {
      claimLaunch: async () => {
        throw new CoordinationUnavailableError(SCENARIO, "claim", { cause: new Error("connection refused") });
      },
    });
    const error = await new LaunchScenario(port, clock, failing).execute({ scenarioId: SCENARIO }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoordinationUnavailableError);
    expect(error).toMatchObject({ code: "COORDINATION_UNAVAILABLE", scenarioId: SCENARIO, step: "claim", retryable: true });
    expect(calls).toEqual([]);
  });
});
