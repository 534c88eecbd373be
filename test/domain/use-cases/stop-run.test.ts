import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { StopRun } from "../../../src/domain/use-cases/stop-run.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

function setup() {
  const clock = new ManualClock();
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  return { clock, fake, stop: new StopRun(fake) };
}

describe("StopRun", () => {
  it("aborts a running run, keeping the progress it had", async () => {
    const { clock, fake, stop } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    clock.advance(20_000);
    const result = await stop.execute({ benchResultId });
    expect(result.stopRequested).toBe(true);
    expect(result.run).toMatchObject({ state: "ABORTED", terminal: true });
    clock.advance(60_000);
    expect((await fake.getRun(benchResultId)).state).toBe("ABORTED");
    expect(await fake.getRunProgress(benchResultId)).toBeCloseTo((20_000 - 9_000) / 21_000, 5);
  });

  it("aborts a run still provisioning", async () => {
    const { clock, fake, stop } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    clock.advance(4_000);
    expect((await fake.getRun(benchResultId)).phase).toBe("provisioning");
    expect((await stop.execute({ benchResultId })).run.state).toBe("ABORTED");
  });

  it("reports a run that already ended without sending a stop", async () => {
    const { stop } = setup();
    const result = await stop.execute({ benchResultId: SEED.run.checkoutBaseline });
    expect(result).toMatchObject({ stopRequested: false, run: { state: "FINISHED" } });
  });
});
