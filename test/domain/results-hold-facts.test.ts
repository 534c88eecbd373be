/**
 * The core holds facts; each edge writes its own words. So the verdicts of the domain (an SLA
 * evaluation, a comparison of two runs) carry no sentence of ours, even where they explain
 * themselves: a refused metric, a run that did not finish, runs of two scenarios. "Sentence" is
 * what the answer rule of the MCP tools calls one (test/support/answer-facts.ts): three words or
 * more outside OctoPerf's own data fields (labels, names, OctoPerf's messages).
 */
import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { unavailableMetric, type MetricId, type MetricValue } from "../../src/domain/model/metrics.js";
import { CompareRuns } from "../../src/domain/use-cases/compare-runs.js";
import { EvaluateSla } from "../../src/domain/use-cases/evaluate-sla.js";
import type { CallOptions } from "../../src/ports/octoperf-port.js";
import { isSentence, stringLeaves } from "../support/answer-facts.js";
import { ManualClock } from "../support/manual-clock.js";
import { SEED } from "../support/seed-ids.js";

const REFUSED: MetricId = "RESPONSE_TIME_MEDIAN";

/** The demo OctoPerf, refusing one metric as a real one may (octoperf-api.md §6). */
class RefusingOctoPerf extends FakeOctoPerfAdapter {
  override async getMetrics(benchResultId: string, metricIds: readonly MetricId[], options?: CallOptions): Promise<MetricValue[]> {
    const values = await super.getMetrics(benchResultId, metricIds, options);
    return values.map((m) =>
      m.metricId === REFUSED
        ? unavailableMetric(REFUSED, { cause: "refused", httpStatus: 400, serverMessage: `Metric ${REFUSED} is not supported by SummaryReportItem` })
        : m,
    );
  }
}

const sentencesIn = (result: unknown) =>
  stringLeaves(result)
    .filter(isSentence)
    .map((leaf) => `${leaf.path.join(".")}: ${leaf.value}`);

describe("domain results hold facts, not sentences", () => {
  const octoperf = new RefusingOctoPerf(new ManualClock(undefined, true));
  const criteria = [
    { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 1000 },
    { metricId: REFUSED, operator: "<", threshold: 500 },
    { metricId: "ERRORS_PERCENT", operator: "<", threshold: 0.1 },
  ] as const;

  it("an SLA evaluation: measured, partial and refused criteria", async () => {
    const finished = await new EvaluateSla(octoperf).execute({ benchResultId: SEED.run.checkoutLastNight, criteria: [...criteria] });
    const aborted = await new EvaluateSla(octoperf).execute({ benchResultId: SEED.run.checkoutStopped, criteria: [...criteria] });
    expect(sentencesIn(finished)).toEqual([]);
    expect(sentencesIn(aborted)).toEqual([]);
    // Every kind of basis met but no-value (the fake has a value for each metric): the scan covered them.
    expect([...finished.results, ...aborted.results].map((r) => r.basis.kind).sort()).toEqual([
      "measured",
      "measured",
      "partial",
      "partial",
      "unavailable",
      "unavailable",
    ]);
  });

  it("a comparison: a partial run, a refused metric, runs of two scenarios", async () => {
    const compare = new CompareRuns(octoperf);
    const partial = await compare.execute({ baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutStopped });
    const across = await compare.execute({
      baselineBenchResultId: SEED.run.checkoutBaseline,
      candidateBenchResultId: SEED.run.authSpike,
      metricIds: [REFUSED, "RESPONSE_TIME_PERCENTILE_95"],
    });
    expect(sentencesIn(partial)).toEqual([]);
    expect(sentencesIn(across)).toEqual([]);
    expect([...partial.caveats, ...across.caveats].map((c) => c.kind)).toEqual([
      "partial-run",
      "metric-unavailable",
      "metric-unavailable",
      "different-scenarios",
    ]);
  });

  it("would catch one (the detector itself)", () => {
    expect(sentencesIn({ results: [{ reason: "612 ms < 800 ms", label: "Response time (95th percentile)" }] })).toEqual(["results.reason: 612 ms < 800 ms"]);
    expect(sentencesIn({ warnings: ["The baseline run is ABORTED, not FINISHED: its metrics are partial."] })).toHaveLength(1);
  });
});
