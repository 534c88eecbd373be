/**
 * Launch safety that must not depend on the store answering or on the launch being quick
 * (issue 20 §1), on the fake OctoPerf and the in-memory store, with the ManualClock: a 200 s
 * launch is 200 s of clock, not of test time.
 */
import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import {
  AuthenticationError,
  CancelledError,
  CoordinationUnavailableError,
  InvalidInputError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  RateLimitedError,
  type OctoPerfError,
} from "../../../src/domain/errors.js";
import { ANSWER_GRACE_MS } from "../../../src/domain/use-cases/deadline.js";
import { LaunchScenario, type LaunchScenarioSettings } from "../../../src/domain/use-cases/launch-scenario.js";
import { WaitForRun } from "../../../src/domain/use-cases/wait-for-run.js";
import type { LogLevel } from "../../../src/ports/logger-port.js";
import type { OctoPerfPort } from "../../../src/ports/octoperf-port.js";
import type { RunCoordinationPort } from "../../../src/ports/run-coordination-port.js";
import { drive, ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.checkoutSmoke;

function setup() {
  const clock = new ManualClock();
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
  const store = new InMemoryRunCoordination(clock);
  const sent: number[] = [];
  let launchTakesMs = 0;
  let answer: ((scenarioId: string) => OctoPerfError | null) | null = null;
  const realLaunch = fake.launchScenario.bind(fake);
  // The launch request as OctoPerf sees it: counted when it arrives, answered after `launchTakesMs`.
  const port: OctoPerfPort = Object.assign(Object.create(fake) as FakeOctoPerfAdapter, {
    launchScenario: async (scenarioId: string, options?: { signal?: AbortSignal }) => {
      sent.push(clock.now());
      const launched = await realLaunch(scenarioId, options);
      if (launchTakesMs > 0) await clock.sleep(launchTakesMs);
      const error = answer?.(scenarioId) ?? null;
      if (error !== null) throw error;
      return launched;
    },
  });
  const launcher = (settings: LaunchScenarioSettings = {}, own: RunCoordinationPort = store) => new LaunchScenario(port, clock, own, settings);
  return {
    clock,
    fake,
    port,
    store,
    sent,
    launcher,
    slowLaunch: (ms: number) => (launchTakesMs = ms),
    answerWith: (make: (scenarioId: string) => OctoPerfError | null) => (answer = make),
  };
}

/** The store as a replica that lost Redis sees it: while `lost()`, every write of a claim fails. */
function losingStore(store: InMemoryRunCoordination, lost: () => boolean): RunCoordinationPort {
  const unlessLost =
    <A extends unknown[], R>(step: CoordinationUnavailableError["step"], call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (lost()) throw new CoordinationUnavailableError(SCENARIO, step, { cause: new Error("connection lost") });
      return call(...args);
    };
  return Object.assign(Object.create(store) as InMemoryRunCoordination, {
    renewClaim: unlessLost("renew", store.renewClaim.bind(store)),
    recordLaunch: unlessLost("record", store.recordLaunch.bind(store)),
    releaseLaunch: unlessLost("release", store.releaseLaunch.bind(store)),
  });
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe("a launch slower than the old claim lifetime", () => {
  it("a 200 s launch request (OCTOPERF_TIMEOUT_MS 600000) is sent once: twins wait or are told it is in progress, never launch it again", async () => {
    const { clock, sent, launcher, slowLaunch, store } = setup();
    slowLaunch(200_000);
    const settings = { launchTimeoutMs: 600_000 };
    const startedAt = clock.now();
    const holder = settle(launcher(settings).execute({ scenarioId: SCENARIO }));
    // A twin arrives a second later and waits its bounded time (3 minutes) for the run.
    const twin = (async () => {
      await clock.sleep(1_000);
      return settle(launcher(settings).execute({ scenarioId: SCENARIO }));
    })();
    // Another arrives at 190 s, past the old 3-minute claim lifetime, while the launch is still under way.
    const late = (async () => {
      await clock.sleep(190_000);
      return settle(launcher(settings).execute({ scenarioId: SCENARIO }));
    })();
    const [first, second, third] = await drive(clock, Promise.all([holder, twin, late]), 500);
    expect(sent).toEqual([startedAt]);
    expect(first).toMatchObject({ value: { outcome: "launched" } });
    expect(second).toMatchObject({ error: expect.any(LaunchInProgressError) });
    expect(third).toMatchObject({ value: { outcome: "existing" } });
    if (!("value" in first) || !("value" in third)) throw new Error("both answer with the run");
    expect(third.value.benchResultId).toBe(first.value.benchResultId);
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "launched" });
  });

  it("the claim lives longer than the longest launch request: written right before the request, it outlives the launch timeout", async () => {
    const { clock, launcher, slowLaunch, store } = setup();
    slowLaunch(590_000);
    const holder = settle(launcher({ launchTimeoutMs: 600_000, heartbeatMs: 1_000_000 }).execute({ scenarioId: SCENARIO }));
    await drive(clock, clock.sleep(1_000), 100);
    // No heartbeat lands before the launch ends (beat of 1000 s): only the expiry keeps the guard.
    await drive(clock, clock.sleep(580_000), 10_000);
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "claimed", sentAt: expect.any(Number) });
    expect(await drive(clock, holder, 1_000)).toMatchObject({ value: { outcome: "launched" } });
  });
});

describe("a claim whose holder is gone", () => {
  it("Redis lost between claim and record: a twin gets the run reconciled from OctoPerf within seconds, not a 3-minute block and a second launch", async () => {
    const { clock, sent, launcher, store } = setup();
    let lost = false;
    const holderStore = losingStore(store, () => lost);
    const holderPort = launcher({}, holderStore);
    const launched = await drive(clock, holderPort.execute({ scenarioId: SCENARIO }), 100);
    expect(launched.outcome).toBe("launched");
    // Redis went away just after the answer: pretend the record never landed by undoing it.
    // (The holder's own retries are covered below; here its replica is gone for good.)
    lost = true;
    const claimed = await store.readLaunch(SCENARIO);
    expect(claimed).toMatchObject({ state: "launched" });
    const { launch: _launch, ...rest } = claimed as Extract<typeof claimed, { state: "launched" }>;
    await store.takeOverLaunch(SCENARIO, rest.token, { at: rest.at, ttlMs: 180_000, aliveUntil: clock.now() + 6_000, sentAt: rest.at });

    const startedAt = clock.now();
    const twin = await drive(clock, launcher().execute({ scenarioId: SCENARIO }), 100);
    expect(twin).toMatchObject({ outcome: "reconciled", benchResultId: launched.benchResultId });
    expect(clock.now() - startedAt).toBeLessThan(10_000);
    expect(sent).toHaveLength(1);
    // The twin recorded what it found: the next caller is answered from the store.
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "launched", launch: { benchResultId: launched.benchResultId } });
  });

  it("the holder's record that does not land is retried until it does (the store came back)", async () => {
    const { clock, sent, launcher, store } = setup();
    let lost = true;
    const holderStore = losingStore(store, () => lost);
    // Redis answers the claim, then goes away for the heartbeat and the record.
    const claimOnly = Object.assign(Object.create(holderStore) as RunCoordinationPort, {
      renewClaim: store.renewClaim.bind(store),
    });
    const launched = await drive(clock, launcher({}, claimOnly).execute({ scenarioId: SCENARIO }), 100);
    expect(launched.outcome).toBe("launched");
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "claimed", sentAt: expect.any(Number) });
    await drive(clock, clock.sleep(5_000), 500);
    lost = false;
    await drive(clock, clock.sleep(5_000), 500);
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "launched", launch: { benchResultId: launched.benchResultId } });
    expect(sent).toHaveLength(1);
  });

  it("a twin that finds no run of a launch whose holder went away answers 'outcome unknown' at once, naming the scenario, and sends nothing", async () => {
    const { clock, sent, launcher, store } = setup();
    const at = clock.now();
    // A holder marked its claim as sending, then vanished (its replica died mid-request).
    await store.claimLaunch(SCENARIO, { at, ttlMs: 180_000, aliveUntil: at + 6_000, sentAt: at });
    const startedAt = clock.now();
    const error = await drive(clock, launcher().execute({ scenarioId: SCENARIO }), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
    expect(error).toMatchObject({ scenarioId: SCENARIO, runLookup: "not-found" });
    expect(clock.now() - startedAt).toBeLessThan(15_000);
    expect(sent).toHaveLength(0);
  });

  it("a holder gone before it sent anything: a twin takes the scenario over within seconds and launches it once", async () => {
    const { clock, sent, launcher, store } = setup();
    const at = clock.now();
    await store.claimLaunch(SCENARIO, { at, ttlMs: 180_000, aliveUntil: at + 6_000 });
    const result = await drive(clock, launcher().execute({ scenarioId: SCENARIO }), 100);
    expect(result.outcome).toBe("launched");
    expect(clock.now() - at).toBeLessThan(10_000);
    expect(sent).toHaveLength(1);
  });

  it("a holder whose claim was taken over while it read the scenario sends nothing", async () => {
    const { clock, port, sent, store } = setup();
    const slowRead = Object.assign(Object.create(port) as OctoPerfPort, {
      getScenario: async (id: string, options?: { signal?: AbortSignal }) => {
        // Its replica stalled past its heartbeat: a twin took the claim over meanwhile.
        const held = await store.readLaunch(SCENARIO);
        if (held?.state === "claimed") await store.takeOverLaunch(SCENARIO, held.token, { at: clock.now(), ttlMs: 180_000, aliveUntil: clock.now() + 6_000 });
        return port.getScenario(id, options);
      },
    });
    const error = await drive(clock, new LaunchScenario(slowRead, clock, store).execute({ scenarioId: SCENARIO }), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchInProgressError);
    expect(sent).toHaveLength(0);
  });
});

describe("a caller who has gone", () => {
  it("a claim obtained after the caller left is released, not used: nothing is sent", async () => {
    const { clock, port, sent, store } = setup();
    const caller = new AbortController();
    const slowClaim = Object.assign(Object.create(store) as InMemoryRunCoordination, {
      claimLaunch: async (...args: Parameters<InMemoryRunCoordination["claimLaunch"]>) => {
        const claim = await store.claimLaunch(...args);
        caller.abort(new Error("the client hung up"));
        return claim;
      },
    });
    const error = await new LaunchScenario(port, clock, slowClaim).execute({ scenarioId: SCENARIO }, { signal: caller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(sent).toHaveLength(0);
    expect(await store.readLaunch(SCENARIO)).toBeNull();
  });

  it("a caller who left while the scenario was read: the launch request is never written", async () => {
    const { clock, port, sent, store } = setup();
    const caller = new AbortController();
    const leavingRead = Object.assign(Object.create(port) as OctoPerfPort, {
      getScenario: async (id: string) => {
        const scenario = await port.getScenario(id);
        caller.abort(new Error("cancelled"));
        return scenario;
      },
      // OctoPerf's side of a request whose caller left: it would still arrive if written.
      launchScenario: async (id: string) => port.launchScenario(id),
    });
    const error = await new LaunchScenario(leavingRead, clock, store).execute({ scenarioId: SCENARIO }, { signal: caller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(sent).toHaveLength(0);
    expect(await store.readLaunch(SCENARIO)).toBeNull();
  });

  it("a store that stops answering right before the launch request: refused, nothing sent", async () => {
    const { clock, sent, launcher, store } = setup();
    const frozen = losingStore(store, () => true);
    const error = await drive(clock, launcher({}, frozen).execute({ scenarioId: SCENARIO }), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoordinationUnavailableError);
    expect(error).toMatchObject({ step: "renew", scenarioId: SCENARIO });
    expect(sent).toHaveLength(0);
  });
});

describe("an ambiguous 4xx on the launch is reconciled like a lost answer", () => {
  const refusals: [string, (scenarioId: string) => OctoPerfError][] = [
    ["429", () => new RateLimitedError(2_000)],
    ["400", () => new InvalidInputError("OctoPerf refused POST /runtime/scenarios/run/x (HTTP 400): bad request")],
    ["401", () => new AuthenticationError()],
    ["404", (id) => new NotFoundError("scenario", id)],
    ["402", (id) => new LaunchRefusedError({ kind: "upstream", scenarioId: id, httpStatus: 402 }, "OctoPerf refused")],
  ];

  it.each(refusals)("HTTP %s although the run started: the run is reported (reconciled), nobody is told to try again", async (_status, make) => {
    const { clock, sent, launcher, answerWith, store } = setup();
    answerWith(make);
    const result = await drive(clock, launcher().execute({ scenarioId: SCENARIO }), 500);
    expect(result.outcome).toBe("reconciled");
    expect(sent).toHaveLength(1);
    expect(await store.readLaunch(SCENARIO)).toMatchObject({ state: "launched", launch: { benchResultId: result.benchResultId } });
  });

  it("HTTP 429 and no run since the request: the refusal stands, after looking", async () => {
    const { clock, fake, sent } = setup();
    const listed: string[] = [];
    const noRun = Object.assign(Object.create(fake) as FakeOctoPerfAdapter, {
      launchScenario: async () => {
        sent.push(clock.now());
        throw new RateLimitedError(2_000);
      },
      listReports: async (projectId: string) => {
        listed.push(projectId);
        return fake.listReports(projectId);
      },
    });
    const error = await drive(clock, new LaunchScenario(noRun, clock, new InMemoryRunCoordination(clock)).execute({ scenarioId: SCENARIO }), 500).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(listed.length).toBeGreaterThan(0);
    expect(sent).toHaveLength(1);
  });
});

describe("the audit line", () => {
  it("one info line per launch call (sent, joined, reconciled, refused) with the run, the scenario and the account digest, never the key", async () => {
    const { clock, launcher, answerWith } = setup();
    const lines: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
    const audit = {
      logger: { log: (level: LogLevel, message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields }) },
      account: "key:0123abcd",
    };
    const launch = launcher({ audit, policy: { readOnly: false, allowedScenarios: [SCENARIO, SEED.scenario.authLoginSpike] } });
    const sent = await launch.execute({ scenarioId: SCENARIO });
    await launch.execute({ scenarioId: SCENARIO });
    await launch.execute({ scenarioId: SEED.scenario.checkoutNightly }).catch(() => {});
    answerWith(() => new RateLimitedError(1_000));
    const reconciled = await drive(clock, launch.execute({ scenarioId: SEED.scenario.authLoginSpike }), 500);
    expect(lines.map((l) => [l.level, l.message, l.fields])).toEqual([
      ["info", "launch audit", { event: "sent", scenarioId: SCENARIO, benchResultId: sent.benchResultId, account: "key:0123abcd" }],
      ["info", "launch audit", { event: "joined", scenarioId: SCENARIO, benchResultId: sent.benchResultId, account: "key:0123abcd" }],
      ["info", "launch audit", { event: "refused", scenarioId: SEED.scenario.checkoutNightly, code: "LAUNCH_REFUSED", account: "key:0123abcd" }],
      [
        "info",
        "launch audit",
        { event: "reconciled", scenarioId: SEED.scenario.authLoginSpike, benchResultId: reconciled.benchResultId, account: "key:0123abcd" },
      ],
    ]);
  });
});

describe("a wait on a store that never answers", () => {
  it("answers within its budget and the grace: the store's calls do not outlast the wait", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    const { benchResultId } = await fake.launchScenario(SCENARIO);
    const never = <T>() => new Promise<T>(() => {});
    const hung = Object.assign(Object.create(new InMemoryRunCoordination(clock)) as InMemoryRunCoordination, {
      lastCheck: () => never(),
      rememberCheck: () => never(),
    });
    const startedAt = clock.now();
    const result = await drive(clock, new WaitForRun(fake, clock, hung).execute({ benchResultId, maxWaitSeconds: 5 }), 100);
    expect(result).toMatchObject({ terminal: false });
    expect(result.polls).toBeGreaterThanOrEqual(2);
    expect(clock.now() - startedAt).toBeLessThanOrEqual(5_000 + ANSWER_GRACE_MS);
  });
});
