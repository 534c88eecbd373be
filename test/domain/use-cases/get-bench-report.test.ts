import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { GetBenchReport } from "../../../src/domain/use-cases/get-bench-report.js";
import { GetRunMetrics } from "../../../src/domain/use-cases/get-run-metrics.js";
import { GetRunStatus } from "../../../src/domain/use-cases/get-run-status.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";

const RUN_MS = 30_000;

function setup() {
  const clock = new ManualClock();
  const port = new FakeOctoPerfAdapter(clock, { runDurationMs: RUN_MS });
  return {
    clock,
    launch: new LaunchScenario(port, clock, new InMemoryRunCoordination(clock)),
    status: new GetRunStatus(port),
    report: new GetBenchReport(port),
    metrics: new GetRunMetrics(port),
    port,
  };
}

describe("GetBenchReport", () => {
  it("reads the report of a finished run: the runs it covers and its items", async () => {
    const { clock, launch, report } = setup();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS);
    const bench = await report.execute({ reportId: run.benchReportId });
    expect(bench.benchResultIds).toEqual([run.benchResultId]);
    expect(bench.items.map((i) => i.type)).toContain("SummaryReportItem");
  });

  it("says not found for an unknown report", async () => {
    const { report } = setup();
    await expect(report.execute({ reportId: UNKNOWN.report })).rejects.toThrow(/No bench report/);
  });
});
