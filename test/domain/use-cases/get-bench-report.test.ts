import { describe, expect, it } from "vitest";
import { RUN_MS, runReaders } from "../../support/run-readers.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

describe("GetBenchReport", () => {
  it("reads the report of a finished run: the runs it covers and its items", async () => {
    const { clock, launch, report } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS);
    const bench = await report.execute({ reportId: run.benchReportId });
    expect(bench.benchResultIds).toEqual([run.benchResultId]);
    expect(bench.items.map((i) => i.type)).toContain("SummaryReportItem");
  });

  it("says not found for an unknown report", async () => {
    const { report } = runReaders();
    await expect(report.execute({ reportId: UNKNOWN.report })).rejects.toThrow(/No bench report/);
  });
});
