import { describe, expect, it } from "vitest";
import { RUN_MS, runReaders } from "../../support/run-readers.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

describe("GetRunStatus", () => {
  it("walks a launched run through every state to FINISHED", async () => {
    const { clock, launch, status } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    expect(run).toMatchObject({ scenarioName: "Checkout nightly 500 VUs", totalVus: 500, projectId: SEED.project.checkoutApi });

    const states: string[] = [];
    for (let t = 0; t <= RUN_MS; t += 500) {
      const s = await status.execute({ benchResultId: run.benchResultId });
      if (states.at(-1) !== s.state) states.push(s.state);
      clock.advance(500);
    }
    expect(states).toEqual(["CREATED", "PENDING", "SCALING", "PREPARING", "INITIALIZING", "RUNNING", "FINISHED"]);

    const finished = await status.execute({ benchResultId: run.benchResultId });
    expect(finished).toMatchObject({ state: "FINISHED", phase: "finished", terminal: true, progress: 1, benchReportId: run.benchReportId });
  });

  it("reports progress in 0..1 while running", async () => {
    const { clock, launch, status } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    clock.advance(RUN_MS * 0.65);
    const s = await status.execute({ benchResultId: run.benchResultId });
    expect(s.state).toBe("RUNNING");
    expect(s.progress).toBeCloseTo(0.5, 2);
  });

  it("ends the no-capacity scenario in ERROR during provisioning", async () => {
    const { clock, launch, status } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.searchNoCapacity });
    clock.advance(RUN_MS);
    const s = await status.execute({ benchResultId: run.benchResultId });
    expect(s).toMatchObject({ state: "ERROR", phase: "error", terminal: true });
  });

  it("says not found for an unknown run", async () => {
    const { status } = runReaders();
    await expect(status.execute({ benchResultId: UNKNOWN.run })).rejects.toThrow(/No bench result/);
  });
});
