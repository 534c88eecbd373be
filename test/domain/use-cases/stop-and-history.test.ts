import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { ListTestRuns } from "../../../src/domain/use-cases/list-test-runs.js";
import { StopRun } from "../../../src/domain/use-cases/stop-run.js";
import { ManualClock } from "../../support/manual-clock.js";

function setup() {
  const clock = new ManualClock();
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  return { clock, fake, stop: new StopRun(fake), history: new ListTestRuns(fake) };
}

describe("StopRun", () => {
  it("aborts a running run, keeping the progress it had", async () => {
    const { clock, fake, stop } = setup();
    const { benchResultId } = await fake.launchScenario("checkoutNightly00001");
    clock.advance(20_000);
    const result = await stop.execute({ benchResultId });
    expect(result.stopRequested).toBe(true);
    expect(result.run).toMatchObject({ state: "ABORTED", terminal: true });
    clock.advance(60_000);
    expect((await fake.getRun(benchResultId)).state).toBe("ABORTED");
    expect(await fake.getRunProgress(benchResultId)).toBeCloseTo(((20_000 - 9_000) / 21_000), 5);
  });

  it("aborts a run still provisioning", async () => {
    const { clock, fake, stop } = setup();
    const { benchResultId } = await fake.launchScenario("checkoutSmoke0000002");
    clock.advance(4_000);
    expect((await fake.getRun(benchResultId)).phase).toBe("provisioning");
    expect((await stop.execute({ benchResultId })).run.state).toBe("ABORTED");
  });

  it("reports a run that already ended without sending a stop", async () => {
    const { stop } = setup();
    const result = await stop.execute({ benchResultId: "checkoutRunBase00001" });
    expect(result).toMatchObject({ stopRequested: false, run: { state: "FINISHED" } });
  });
});

describe("ListTestRuns", () => {
  it("lists a scenario's runs newest first, with duration and report", async () => {
    const { clock, fake, history } = setup();
    const launched = await fake.launchScenario("checkoutNightly00001");
    clock.advance(1_000);
    const runs = await history.execute({ scenarioId: "checkoutNightly00001" });
    expect(runs.map((r) => [r.run.id, r.run.state])).toEqual([
      [launched.benchResultId, "CREATED"],
      ["checkoutRunLast00003", "FINISHED"],
      ["checkoutRunAbrt00002", "ABORTED"],
      ["checkoutRunBase00001", "FINISHED"],
    ]);
    expect(runs[1]).toMatchObject({ durationMs: 12 * 60_000, reportName: "Checkout nightly (last night)" });
    expect(runs[1]!.run.benchReportId).toBe("checkoutRepLast00003");
    expect(runs[0]!.durationMs).toBeNull();
  });

  it("lists a project's runs across scenarios, and honours the limit", async () => {
    const { history } = setup();
    expect((await history.execute({ projectId: "checkoutApiPrj000001" })).length).toBe(3);
    expect((await history.execute({ projectId: "checkoutApiPrj000001", limit: 1 })).map((r) => r.run.id)).toEqual(["checkoutRunLast00003"]);
  });

  it("needs a project or a scenario, and refuses a scenario of another project", async () => {
    const { history } = setup();
    await expect(history.execute({})).rejects.toThrow(/give a projectId or a scenarioId; OctoPerf keeps runs per project/);
    await expect(history.execute({ projectId: "authServicePrj000003", scenarioId: "checkoutNightly00001" })).rejects.toThrow(
      /belongs to project "checkoutApiPrj000001"/,
    );
    await expect(history.execute({ projectId: "checkoutApiPrj000001", limit: 0 })).rejects.toThrow(/limit must be at least 1/);
  });
});
