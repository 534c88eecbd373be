import * as z from "zod";
import type { MetricComparison } from "../../../domain/model/comparison.js";
import { formatMeasure, type MetricValue } from "../../../domain/model/metrics.js";
import type { CriterionResult } from "../../../domain/model/sla.js";
import { RunAndAnalyzeInput } from "../../../domain/use-cases/run-and-analyze.js";
import type { LinkedRunAnalysis } from "../../linked-use-cases.js";
import { caveatLines, metricLine } from "../analysis-words.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineWriteTool } from "../define-tool.js";
import {
  absentIfNull,
  BaselineComparisonOutput,
  caveatsOutput,
  comparisonLines,
  describeRun,
  MetricValueOutput,
  metricValueOutput,
  percentChange,
  RunStatusOutput,
  runSideOutput,
  runStatusOutput,
  SlaOfListedMetricsOutput,
  slaLines,
} from "../output-schemas.js";
import { progressNotifier } from "../wait-progress.js";

const OUTCOME_TEXT = {
  launched: "Launched",
  existing: "Not launched again (a run launched moments ago was still provisioning): following",
  reconciled: "The launch answer was lost but the run started:",
} as const;

/**
 * One line per metric: its value, then what the SLA and the baseline say of it, so that a value
 * is written once. Criteria and comparisons of a metric not listed (none today) get lines of their own.
 */
function judgedMetricLines({ metrics, sla, comparison }: LinkedRunAnalysis): string {
  const listed = new Set(metrics.map((m) => m.metricId));
  const criteriaOf = (m: MetricValue) => (sla?.results ?? []).filter((r) => r.metricId === m.metricId);
  const changeOf = (m: MetricValue) => comparison?.comparisons.find((c) => c.metricId === m.metricId);
  const criterion = (r: CriterionResult) => `; SLA ${r.operator} ${formatMeasure(r.threshold, r.unit)}: ${r.verdict}`;
  const change = (c: MetricComparison) => `; baseline ${formatMeasure(c.baseline, c.unit)}${percentChange(c)}: ${c.verdict}`;
  const lines = metrics.map((m) => {
    const judged = changeOf(m);
    return `- ${metricLine(m)}${criteriaOf(m).map(criterion).join("")}${judged === undefined ? "" : change(judged)}`;
  });
  const unlistedCriteria = (sla?.results ?? []).filter((r) => !listed.has(r.metricId));
  if (unlistedCriteria.length > 0) lines.push(slaLines(unlistedCriteria));
  if (comparison !== null) {
    const unlisted = { ...comparison, comparisons: comparison.comparisons.filter((c) => !listed.has(c.metricId)), caveats: [] };
    const rest = comparisonLines(unlisted);
    if (rest !== "") lines.push(rest);
  }
  return lines.join("\n");
}

export default defineWriteTool({
  name: "octoperf_run_and_analyze",
  toolsets: ["run"],
  title: "Run a load test and judge it",
  description:
    "Launch, wait, then metrics, SLA verdict and optional baseline comparison, in one call. SPENDS CREDITS and puts real load on real systems: only when the user asked. If terminal=false: octoperf_wait_for_test, never relaunch.",
  inputSchema: describedFor(RunAndAnalyzeInput.shape, {
    criteria: PARAMETER_WORDS.criteria,
    allowParallel: PARAMETER_WORDS.allowParallel,
    maxWaitSeconds: PARAMETER_WORDS.maxWaitSeconds,
  }),
  outputSchema: z.object({
    scenarioName: z.string(),
    launchOutcome: z.enum(["launched", "existing", "reconciled"]),
    run: RunStatusOutput.describe("The run launched: its ids (benchResultId, scenarioId, reportId), state and report link"),
    nextPollAfterSeconds: z.number().optional().describe("While the run is not terminal: when to call octoperf_wait_for_test"),
    metrics: z.array(MetricValueOutput).describe("Key metrics plus those of the criteria; empty until the run is terminal"),
    sla: SlaOfListedMetricsOutput.optional().describe("Absent until the run is terminal; labels and units are in metrics"),
    comparison: BaselineComparisonOutput.optional().describe(
      "Against baselineBenchResultId (the candidate is run, its values are in metrics); absent without a baseline or until terminal",
    ),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => {
    const analysis = await ctx.useCases.runAndAnalyze.execute(input, { signal: ctx.signal, stop: ctx.stop, onProgress: progressNotifier(ctx) });
    const { launch, wait, sla, comparison } = analysis;
    // The run is the one launched: what the launch knew of its report completes what the last poll saw.
    const run = wait.run.benchReportId === null ? { ...wait.run, benchReportId: launch.benchReportId, url: launch.reportUrl ?? wait.run.url } : wait.run;
    const parts = [`${OUTCOME_TEXT[launch.outcome]} "${launch.scenarioName}". ${describeRun(run)}`];
    if (!wait.terminal) {
      const silent = wait.stale ? "OctoPerf failed or did not answer the last check: state as last given. " : "";
      const why = wait.stopped
        ? `The wait ended after ${wait.waitedSeconds} s because this server is shutting down; the run goes on.`
        : `Not ended after ${wait.waitedSeconds} s.`;
      parts.push(`${silent}${why} Next: octoperf_wait_for_test with this benchResultId in ${wait.nextPollAfterSeconds} s. Do not launch again.`);
    } else {
      const verdicts = [
        sla === null ? "" : `SLA ${sla.verdict}`,
        comparison === null
          ? ""
          : `vs baseline ${comparison.baseline.benchResultId}: ${comparison.verdict.toUpperCase()} (tolerance ±${comparison.tolerancePercent}%)`,
      ].filter((v) => v !== "");
      parts.push(`${verdicts.length === 0 ? "Metrics" : verdicts.join("; ")}:\n${judgedMetricLines(analysis)}`);
      const caveats = comparison === null ? [] : caveatLines(comparison.caveats);
      if (caveats.length > 0) parts.push(caveats.map((w) => `! ${w}`).join("\n"));
    }
    return {
      structured: {
        scenarioName: launch.scenarioName,
        launchOutcome: launch.outcome,
        run: runStatusOutput(run),
        nextPollAfterSeconds: wait.terminal ? undefined : absentIfNull(wait.nextPollAfterSeconds),
        metrics: analysis.metrics.map(metricValueOutput),
        sla:
          sla === null
            ? undefined
            : {
                verdict: sla.verdict,
                // The basis only: the value, a refusal's details and the run's state are in metrics and run.
                results: sla.results.map(({ metricId, operator, threshold, verdict, basis }) => ({
                  metricId,
                  operator,
                  threshold,
                  verdict,
                  basis: basis.kind,
                })),
              },
        comparison:
          comparison === null
            ? undefined
            : {
                baseline: runSideOutput(comparison.baseline),
                tolerancePercent: comparison.tolerancePercent,
                verdict: comparison.verdict,
                caveats: caveatsOutput(comparison.caveats, analysis.metrics),
                comparisons: comparison.comparisons.map(({ metricId, baseline, absoluteDelta, percentDelta, verdict }) => ({
                  metricId,
                  baseline,
                  absoluteDelta,
                  percentDelta,
                  verdict,
                })),
              },
      },
      text: parts.join("\n"),
    };
  },
});
