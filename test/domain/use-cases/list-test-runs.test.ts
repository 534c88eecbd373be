import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { ListTestRuns } from "../../../src/domain/use-cases/list-test-runs.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

function setup() {
  const clock = new ManualClock();
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  return { clock, fake, history: new ListTestRuns(fake) };
}

describe("ListTestRuns", () => {
  it("lists a scenario's runs newest first, with duration and report", async () => {
    const { clock, fake, history } = setup();
    const launched = await fake.launchScenario(SEED.scenario.checkoutNightly);
    clock.advance(1_000);
    const runs = await history.execute({ scenarioId: SEED.scenario.checkoutNightly });
    expect(runs.map((r) => [r.run.id, r.run.state])).toEqual([
      [launched.benchResultId, "CREATED"],
      [SEED.run.checkoutLastNight, "FINISHED"],
      [SEED.run.checkoutStopped, "ABORTED"],
      [SEED.run.checkoutBaseline, "FINISHED"],
    ]);
    expect(runs[1]).toMatchObject({ durationMs: 12 * 60_000, reportName: "Checkout nightly (last night)" });
    expect(runs[1]!.run.benchReportId).toBe(SEED.report.checkoutLastNight);
    expect(runs[0]!.durationMs).toBeNull();
  });

  it("lists a project's runs across scenarios, and honours the limit", async () => {
    const { history } = setup();
    expect((await history.execute({ projectId: SEED.project.checkoutApi })).length).toBe(3);
    expect((await history.execute({ projectId: SEED.project.checkoutApi, limit: 1 })).map((r) => r.run.id)).toEqual([SEED.run.checkoutLastNight]);
  });

  it("needs a project or a scenario, and refuses a scenario of another project", async () => {
    const { history } = setup();
    await expect(history.execute({})).rejects.toThrow(/give a projectId or a scenarioId; OctoPerf keeps runs per project/);
    await expect(history.execute({ projectId: SEED.project.authService, scenarioId: SEED.scenario.checkoutNightly })).rejects.toThrow(
      /belongs to project "checkoutApiPrj000001"/,
    );
    await expect(history.execute({ projectId: SEED.project.checkoutApi, limit: 0 })).rejects.toThrow(/limit must be at least 1/);
  });
});
