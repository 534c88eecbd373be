import { describe, expect, it } from "vitest";
import { CancelledError, InvalidInputError, NotFoundError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { GetLiveRun } from "../../../src/domain/use-cases/get-live-run.js";
import type { OctoPerfPort } from "../../../src/ports/octoperf-port.js";
import { RUN_MS, runReaders } from "../../support/run-readers.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

function liveReaders(port?: (fake: OctoPerfPort) => OctoPerfPort) {
  const readers = runReaders();
  return { ...readers, live: new GetLiveRun(port?.(readers.port) ?? readers.port, readers.clock) };
}

/** The fake with its live metrics endpoint failing as a real OctoPerf without it would. */
const withoutLiveEndpoint = (fake: OctoPerfPort): OctoPerfPort =>
  Object.assign(Object.create(fake) as OctoPerfPort, {
    getLiveMetrics: async () => {
      throw new UpstreamUnavailableError("OctoPerf answered HTTP 502 to GET /analysis/metrics/global/{id}");
    },
  });

describe("GetLiveRun", () => {
  it("while provisioning: state and percent, no live metrics, remaining = the whole planned load", async () => {
    const { clock, launch, live } = liveReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS * 0.12);
    const view = await live.execute({ benchResultId: run.benchResultId, summary: true });
    expect(view.run.state).toBe("SCALING");
    expect(view.percent).toBeGreaterThan(0);
    expect(view.percent).toBeLessThan(10);
    expect(view.live).toEqual([]);
    expect(view.liveUnavailable).toBeNull();
    expect(view.elapsedMs).toBe(RUN_MS * 0.12);
    expect(view.scenario).toMatchObject({ id: SEED.scenario.checkoutNightly, name: "Checkout nightly 500 VUs", totalVus: 500 });
    expect(view.remainingMs).toBe(view.scenario!.expectedDurationMs);
    // No load yet: nothing to summarise.
    expect(view.summary).toBeNull();
    expect(view.checkedAt).toBe(new Date(clock.now()).toISOString());
  });

  it("while RUNNING: live metrics that ramp up, progress and remaining time that move, the summary so far on request", async () => {
    const { clock, launch, live } = liveReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS * 0.31);
    const early = await live.execute({ benchResultId: run.benchResultId, summary: true });
    clock.advance(RUN_MS * 0.4);
    const later = await live.execute({ benchResultId: run.benchResultId });

    expect(early.run.state).toBe("RUNNING");
    expect(later.run.state).toBe("RUNNING");
    const users = (v: typeof early) => v.live.find((m) => m.kind === "users")?.value;
    expect(users(early)).toBeGreaterThan(0);
    expect(users(later)).toBeGreaterThan(users(early)!);
    expect(later.live.map((m) => m.kind)).toEqual(expect.arrayContaining(["users", "responseTime", "hitsRate", "errorsPercent"]));
    expect(later.percent).toBeGreaterThan(early.percent);
    expect(later.elapsedMs).toBeGreaterThan(early.elapsedMs);
    // Without `summary`, neither the scenario nor the key metrics are read.
    expect(later.scenario).toBeNull();
    expect(later.summary).toBeNull();
    expect(early.remainingMs).toBeGreaterThan(0);
    expect(early.summary?.map((m) => m.metricId)).toContain("RESPONSE_TIME_AVG");
    expect(early.summary?.find((m) => m.metricId === "HITS_TOTAL")?.value).toBeGreaterThan(0);
  });

  it("once FINISHED: 100%, nothing remaining, the whole run's length, no live metrics, the final summary", async () => {
    const { clock, launch, live } = liveReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    clock.advance(RUN_MS * 2);
    const view = await live.execute({ benchResultId: run.benchResultId, summary: true });
    expect(view).toMatchObject({ percent: 100, remainingMs: 0, elapsedMs: RUN_MS, live: [], liveUnavailable: null });
    expect(view.run).toMatchObject({ state: "FINISHED", terminal: true });
    expect(view.summary?.length).toBeGreaterThan(5);
  });

  it("keeps showing the state when the live metrics cannot be had, and says why", async () => {
    const { clock, launch, live } = liveReaders(withoutLiveEndpoint);
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS * 0.5);
    const view = await live.execute({ benchResultId: run.benchResultId });
    expect(view.run.state).toBe("RUNNING");
    expect(view.live).toEqual([]);
    expect(view.liveUnavailable).toContain("HTTP 502");
  });

  it("follows the newest run of a scenario when given the scenario instead of the run", async () => {
    const { clock, launch, live } = liveReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(1_000);
    const view = await live.execute({ scenarioId: SEED.scenario.checkoutNightly });
    expect(view.run.id).toBe(run.benchResultId);
  });

  it("says not found for a run this key cannot see, and refuses a call naming no run", async () => {
    const { live } = liveReaders();
    await expect(live.execute({ benchResultId: UNKNOWN.run })).rejects.toBeInstanceOf(NotFoundError);
    await expect(live.execute({})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(live.execute({ scenarioId: SEED.scenario.checkoutSmoke })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("lets a cancellation through instead of reading it as 'unavailable'", async () => {
    const { clock, launch, live } = liveReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS * 0.5);
    const controller = new AbortController();
    controller.abort();
    await expect(live.execute({ benchResultId: run.benchResultId }, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
