import { describe, expect, it } from "vitest";
import { mcpWords } from "../../support/mcp-words.js";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { CancelledError, LaunchOutcomeUnknownError, LaunchRefusedError, NotFoundError } from "../../../src/domain/errors.js";
import type { LaunchPolicy } from "../../../src/domain/model/launch-policy.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { StopRun } from "../../../src/domain/use-cases/stop-run.js";
import { drive, ManualClock } from "../../support/manual-clock.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

function setup(policy?: LaunchPolicy, autoAdvance = false) {
  const clock = new ManualClock(undefined, autoAdvance);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  let launches = 0;
  const launch = fake.launchScenario.bind(fake);
  fake.launchScenario = async (...args) => {
    launches += 1;
    return launch(...args);
  };
  return { clock, fake, launches: () => launches, launch: new LaunchScenario(fake, clock, new InMemoryRunCoordination(clock), { policy }) };
}

describe("launch guardrails", () => {
  it("read-only mode refuses launch and stop, naming the setting, without calling OctoPerf", async () => {
    const { fake, launches, launch } = setup({ readOnly: true, allowedScenarios: null });
    await expect(launch.execute({ scenarioId: SEED.scenario.checkoutSmoke })).rejects.toThrow(LaunchRefusedError);
    const refused = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ refusal: { kind: "read-only", action: "launch" } });
    expect(mcpWords(refused)).toMatch(/read-only \(OCTOPERF_READ_ONLY/);
    await expect(new StopRun(fake, { readOnly: true, allowedScenarios: null }).execute({ benchResultId: SEED.run.checkoutBaseline })).rejects.toThrow(
      /does not stop tests/,
    );
    expect(launches()).toBe(0);
  });

  it("an allowlist refuses other scenarios, naming the variable and what is allowed", async () => {
    const { launches, launch } = setup({ readOnly: false, allowedScenarios: [SEED.scenario.checkoutSmoke] });
    const refused = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      refusal: { kind: "not-allowed", scenarioId: SEED.scenario.checkoutNightly, allowedScenarios: [SEED.scenario.checkoutSmoke] },
    });
    expect(mcpWords(refused)).toMatch(/not in OCTOPERF_ALLOWED_SCENARIOS, which allows "checkoutSmoke0000002"/);
    expect(launches()).toBe(0);
    expect((await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke })).outcome).toBe("launched");
    expect(launches()).toBe(1);
  });

  it("answers a second launch within the window with the run still provisioning", async () => {
    const { clock, launches, launch } = setup();
    const first = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    clock.advance(3_000);
    const second = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(second).toMatchObject({ outcome: "existing", benchResultId: first.benchResultId });
    expect(launches()).toBe(1);

    const parallel = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke, allowParallel: true });
    expect(parallel.outcome).toBe("launched");
    expect(parallel.benchResultId).not.toBe(first.benchResultId);
    expect(launches()).toBe(2);
  });

  it("launches again once the earlier run is past provisioning, and for other scenarios", async () => {
    const { clock, launches, launch } = setup();
    await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    await launch.execute({ scenarioId: SEED.scenario.authLoginSpike });
    expect(launches()).toBe(2);
    clock.advance(15_000); // the smoke run is RUNNING now
    expect((await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke })).outcome).toBe("launched");
    expect(launches()).toBe(3);
  });

  it("reconciles a lost launch answer: the run did start, so it is reported, not launched again", async () => {
    const { fake, clock, launches, launch } = setup(undefined, true);
    const realLaunch = fake.launchScenario.bind(fake);
    fake.launchScenario = async (scenarioId, options) => {
      await realLaunch(scenarioId, options); // reaches OctoPerf…
      throw new LaunchOutcomeUnknownError(scenarioId, "the connection was reset"); // …but the answer is lost
    };
    const result = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(result.outcome).toBe("reconciled");
    expect(result.benchResultId).toBe("fakeRun0000000000001");
    expect(result.benchReportId).toBe("fakeRep0000000000001");
    expect(launches()).toBe(1);
    expect(clock.sleeps).toEqual([]); // found at the first look
  });

  it("keeps the outcome unknown when no new run shows up, after a few looks, and never relaunches", async () => {
    const { fake, clock, launch } = setup(undefined, true);
    let sent = 0;
    fake.launchScenario = async (scenarioId) => {
      sent += 1;
      throw new LaunchOutcomeUnknownError(scenarioId, "timeout after 30000 ms");
    };
    await expect(launch.execute({ scenarioId: SEED.scenario.checkoutNightly })).rejects.toThrow(LaunchOutcomeUnknownError);
    expect(sent).toBe(1);
    expect(clock.sleeps).toEqual([2_000, 2_000]);
  });

  it("does not mistake an older run of the scenario for the lost launch", async () => {
    const { fake, launch } = setup(undefined, true);
    fake.launchScenario = async (scenarioId) => {
      throw new LaunchOutcomeUnknownError(scenarioId, "HTTP 502");
    };
    // checkoutNightly00001 has runs from last night and before: none is newer than the launch.
    await expect(launch.execute({ scenarioId: SEED.scenario.checkoutNightly })).rejects.toThrow(/outcome is unknown/);
  });

  it("joins a twin launch sent at the same moment (parallel tool calls) instead of sending a second one", async () => {
    const { clock, launches, launch } = setup();
    const [a, b, c] = await drive(
      clock,
      Promise.all([
        launch.execute({ scenarioId: SEED.scenario.checkoutSmoke }),
        launch.execute({ scenarioId: SEED.scenario.checkoutSmoke }),
        launch.execute({ scenarioId: SEED.scenario.checkoutSmoke, allowParallel: true }),
      ]),
    );
    expect(a.outcome).toBe("launched");
    expect(b).toMatchObject({ outcome: "existing", benchResultId: a.benchResultId });
    expect(c.outcome).toBe("launched");
    expect(c.benchResultId).not.toBe(a.benchResultId);
    expect(launches()).toBe(2);
  });

  it("a twin of a launch its caller cancelled is told the outcome is unknown, and sends nothing", async () => {
    const { clock, fake, launches, launch } = setup();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fake.launchScenario = async () => {
      await held;
      throw new CancelledError();
    };
    const first = launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    const twin = launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    release();
    await expect(first).rejects.toThrow(CancelledError);
    await expect(drive(clock, twin)).rejects.toThrow(/outcome is unknown .*cancelled/);
    expect(launches()).toBe(0);
    // Once settled, the scenario can be launched again.
    fake.launchScenario = FakeOctoPerfAdapter.prototype.launchScenario.bind(fake);
    expect((await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke })).outcome).toBe("launched");
  });
});

describe("a launch", () => {
  it("answers the run it started with the scenario's name, load and project, and sends one launch", async () => {
    const { launch, launches } = setup();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    expect(run).toMatchObject({ scenarioName: "Checkout nightly 500 VUs", totalVus: 500, projectId: SEED.project.checkoutApi });
    expect(run.benchResultId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(launches()).toBe(1);
  });

  it("says not found for an unknown scenario, and launches nothing", async () => {
    const { launch, launches } = setup();
    await expect(launch.execute({ scenarioId: UNKNOWN.scenario })).rejects.toBeInstanceOf(NotFoundError);
    expect(launches()).toBe(0);
  });
});

describe("a store shared with the previous version (a rolling deploy)", () => {
  it("answers with the facts of a launch it recorded with its UI links, and none of those links", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
    const store = new InMemoryRunCoordination(clock);
    const scenarioId = SEED.scenario.checkoutSmoke;
    const launched = await fake.launchScenario(scenarioId);
    const facts = {
      benchResultId: launched.benchResultId,
      benchReportId: launched.benchReportId,
      scenarioId,
      scenarioName: "Checkout smoke 20 VUs",
      projectId: launched.projectId,
      totalVus: 20,
      expectedDurationMs: 30_000,
    };
    const claim = await store.claimLaunch(scenarioId, { at: clock.now(), ttlMs: 60_000 });
    if (claim.kind !== "claimed") throw new Error("should be claimed");
    const written = { ...facts, reportUrl: "https://old.example/report", scenarioUrl: "https://old.example/scenario" };
    await store.recordLaunch(scenarioId, claim.token, written, 300_000);
    const result = await new LaunchScenario(fake, clock, store).execute({ scenarioId });
    expect(result).toEqual({ ...facts, outcome: "existing" });
  });
});
