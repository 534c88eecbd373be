import { describe, expect, it } from "vitest";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { InvalidInputError, NotFoundError } from "../../../src/domain/errors.js";
import { KEY_METRIC_IDS } from "../../../src/domain/model/metrics.js";
import { GetBenchReport } from "../../../src/domain/use-cases/get-bench-report.js";
import { GetRunMetrics } from "../../../src/domain/use-cases/get-run-metrics.js";
import { GetRunStatus } from "../../../src/domain/use-cases/get-run-status.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { ManualClock } from "../../support/manual-clock.js";

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

describe("launch → poll → analyze on the fake", () => {
  it("walks a run through every state to FINISHED and reads its metrics with units", async () => {
    const { clock, launch, status, report, metrics } = setup();
    const run = await launch.execute({ scenarioId: "checkoutNightly00001" });
    expect(run).toMatchObject({ scenarioName: "Checkout nightly 500 VUs", totalVus: 500, projectId: "checkoutApiPrj000001" });

    const states: string[] = [];
    for (let t = 0; t <= RUN_MS; t += 500) {
      const s = await status.execute({ benchResultId: run.benchResultId });
      if (states.at(-1) !== s.state) states.push(s.state);
      clock.advance(500);
    }
    expect(states).toEqual(["CREATED", "PENDING", "SCALING", "PREPARING", "INITIALIZING", "RUNNING", "FINISHED"]);

    const finished = await status.execute({ benchResultId: run.benchResultId });
    expect(finished).toMatchObject({ state: "FINISHED", phase: "finished", terminal: true, progress: 1, benchReportId: run.benchReportId });

    const bench = await report.execute({ reportId: run.benchReportId });
    expect(bench.benchResultIds).toEqual([run.benchResultId]);
    expect(bench.items.map((i) => i.type)).toContain("SummaryReportItem");

    const result = await metrics.execute({ benchResultId: run.benchResultId, metricIds: [...KEY_METRIC_IDS, "USERLOAD"] });
    expect(result.partial).toBe(false);
    expect(result.metrics.map((m) => m.metricId)).toEqual([...KEY_METRIC_IDS, "USERLOAD"]);
    const p95 = result.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95.unit).toBe("ms");
    expect(p95.value).toBeGreaterThan(400);
    expect(p95.value).toBeLessThan(700);
    expect(result.metrics.find((m) => m.metricId === "USERLOAD")!.value).toBe(500);
  });

  it("reports progress in 0..1 while running", async () => {
    const { clock, launch, status } = setup();
    const run = await launch.execute({ scenarioId: "checkoutSmoke0000002" });
    clock.advance(RUN_MS * 0.65);
    const s = await status.execute({ benchResultId: run.benchResultId });
    expect(s.state).toBe("RUNNING");
    expect(s.progress).toBeCloseTo(0.5, 2);
  });

  it("ends the no-capacity scenario in ERROR during provisioning, with no metrics", async () => {
    const { clock, launch, status, metrics } = setup();
    const run = await launch.execute({ scenarioId: "searchNoCapacity0006" });
    clock.advance(RUN_MS);
    const s = await status.execute({ benchResultId: run.benchResultId });
    expect(s).toMatchObject({ state: "ERROR", phase: "error", terminal: true });
    const m = await metrics.execute({ benchResultId: run.benchResultId, metricIds: ["HITS_TOTAL"] });
    expect(m.metrics[0]!.value).toBeNull();
    expect(m.partial).toBe(true);
  });

  it("runs in parallel independently and gives the same metrics for the same run every time", async () => {
    const { clock, launch, status, metrics } = setup();
    const a = await launch.execute({ scenarioId: "checkoutNightly00001" });
    clock.advance(RUN_MS / 2);
    const b = await launch.execute({ scenarioId: "checkoutNightly00001" });
    clock.advance(RUN_MS / 2);
    expect((await status.execute({ benchResultId: a.benchResultId })).state).toBe("FINISHED");
    expect((await status.execute({ benchResultId: b.benchResultId })).state).toBe("RUNNING");
    clock.advance(RUN_MS);
    const first = await metrics.execute({ benchResultId: a.benchResultId, metricIds: ["RESPONSE_TIME_AVG", "HITS_TOTAL"] });
    const again = await metrics.execute({ benchResultId: a.benchResultId, metricIds: ["RESPONSE_TIME_AVG", "HITS_TOTAL"] });
    const other = await metrics.execute({ benchResultId: b.benchResultId, metricIds: ["RESPONSE_TIME_AVG", "HITS_TOTAL"] });
    expect(again).toEqual(first);
    expect(other.metrics[0]!.value).not.toBe(first.metrics[0]!.value);
  });

  it("marks metrics of a running run as partial", async () => {
    const { clock, launch, metrics } = setup();
    const run = await launch.execute({ scenarioId: "checkoutNightly00001" });
    clock.advance(RUN_MS * 0.8);
    const m = await metrics.execute({ benchResultId: run.benchResultId, metricIds: ["HITS_TOTAL"] });
    expect(m).toMatchObject({ state: "RUNNING", partial: true });
    expect(m.metrics[0]!.value).toBeGreaterThan(0);
  });

  it("normalizes metric ids and refuses unknown, empty or non-string lists", async () => {
    const { metrics } = setup();
    const ok = await metrics.execute({ benchResultId: "checkoutRunBase00001", metricIds: [" hits_total ", "HITS_TOTAL"] });
    expect(ok.metrics.map((m) => m.metricId)).toEqual(["HITS_TOTAL"]);
    await expect(metrics.execute({ benchResultId: "checkoutRunBase00001", metricIds: ["P95"] })).rejects.toThrow(/unknown metric id "P95"/);
    await expect(metrics.execute({ benchResultId: "checkoutRunBase00001", metricIds: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(metrics.execute({ benchResultId: "checkoutRunBase00001", metricIds: "HITS_TOTAL" as never })).rejects.toThrow(/array/);
  });

  it("says not found for unknown scenarios, runs and reports", async () => {
    const { launch, status, report } = setup();
    await expect(launch.execute({ scenarioId: "noSuchScenario000000" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(status.execute({ benchResultId: "noSuchRun00000000000" })).rejects.toThrow(/No bench result/);
    await expect(report.execute({ reportId: "noSuchReport00000000" })).rejects.toThrow(/No bench report/);
  });
});
