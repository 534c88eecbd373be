import { describe, expect, it } from "vitest";
import { RUN_MS, runReaders } from "../../support/run-readers.js";
import { InvalidInputError } from "../../../src/domain/errors.js";
import { KEY_METRIC_IDS } from "../../../src/domain/model/metrics.js";
import { SEED } from "../../support/seed-ids.js";

describe("GetRunMetrics", () => {
  it("reads the metrics of a finished run, with units", async () => {
    const { clock, launch, metrics } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS);
    const result = await metrics.execute({ benchResultId: run.benchResultId, metricIds: [...KEY_METRIC_IDS, "USERLOAD"] });
    expect(result.partial).toBe(false);
    expect(result.metrics.map((m) => m.metricId)).toEqual([...KEY_METRIC_IDS, "USERLOAD"]);
    const p95 = result.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95.unit).toBe("ms");
    expect(p95.value).toBeGreaterThan(400);
    expect(p95.value).toBeLessThan(700);
    expect(result.metrics.find((m) => m.metricId === "USERLOAD")!.value).toBe(500);
  });

  it("has no metrics for a run that ended in ERROR during provisioning", async () => {
    const { clock, launch, status, metrics } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.searchNoCapacity });
    clock.advance(RUN_MS);
    const s = await status.execute({ benchResultId: run.benchResultId });
    expect(s).toMatchObject({ state: "ERROR", phase: "error", terminal: true });
    const m = await metrics.execute({ benchResultId: run.benchResultId, metricIds: ["HITS_TOTAL"] });
    expect(m.metrics[0]!.value).toBeNull();
    expect(m.partial).toBe(true);
  });

  it("runs in parallel independently and gives the same metrics for the same run every time", async () => {
    const { clock, launch, status, metrics } = runReaders();
    const a = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS / 2);
    const b = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
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
    const { clock, launch, metrics } = runReaders();
    const run = await launch.execute({ scenarioId: SEED.scenario.checkoutNightly });
    clock.advance(RUN_MS * 0.8);
    const m = await metrics.execute({ benchResultId: run.benchResultId, metricIds: ["HITS_TOTAL"] });
    expect(m).toMatchObject({ state: "RUNNING", partial: true });
    expect(m.metrics[0]!.value).toBeGreaterThan(0);
  });

  it("normalizes metric ids and refuses unknown, empty or non-string lists", async () => {
    const { metrics } = runReaders();
    const ok = await metrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: [" hits_total ", "HITS_TOTAL"] });
    expect(ok.metrics.map((m) => m.metricId)).toEqual(["HITS_TOTAL"]);
    await expect(metrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: ["P95"] })).rejects.toThrow(/unknown metric id "P95"/);
    await expect(metrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: [] })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(metrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: "HITS_TOTAL" as never })).rejects.toThrow(/array/);
  });
});
