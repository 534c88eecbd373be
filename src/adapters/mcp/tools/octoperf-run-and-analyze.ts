import * as z from "zod";
import { RunAndAnalyzeInput } from "../../../domain/use-cases/run-and-analyze.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import {
  ComparisonOutput,
  comparisonLines,
  describeRun,
  metricLines,
  MetricValueOutput,
  RunStatusOutput,
  runStatusOutput,
  SlaOutput,
  slaLines,
  UrlOutput,
} from "../output-schemas.js";
import { progressNotifier } from "../wait-progress.js";

export default defineTool({
  name: "octoperf_run_and_analyze",
  title: "Run a load test and judge it",
  description:
    "Launch, wait, then metrics, SLA verdict and optional baseline comparison, in one call. SPENDS CREDITS and puts real load on real systems: only when the user asked. If terminal=false: octoperf_wait_for_test, never relaunch.",
  inputSchema: describedFor(RunAndAnalyzeInput.shape, {
    criteria: PARAMETER_WORDS.criteria,
    allowParallel: PARAMETER_WORDS.allowParallel,
    maxWaitSeconds: PARAMETER_WORDS.maxWaitSeconds,
  }),
  outputSchema: z.object({
    scenarioId: z.string(),
    scenarioName: z.string(),
    reportId: z.string(),
    launchOutcome: z.enum(["launched", "existing", "reconciled"]),
    reportUrl: UrlOutput,
    run: RunStatusOutput,
    nextPollAfterSeconds: z.number().nullable(),
    metrics: z.array(MetricValueOutput),
    sla: SlaOutput.nullable(),
    comparison: ComparisonOutput.nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async (input, ctx) => {
    const analysis = await ctx.useCases.runAndAnalyze.execute(input, { signal: ctx.signal, stop: ctx.stop, onProgress: progressNotifier(ctx) });
    const { launch, wait, sla, comparison } = analysis;
    const parts = [`Launched "${launch.scenarioName}": ${describeRun(wait.run)}`];
    if (!wait.terminal) {
      const silent = wait.stale ? "OctoPerf did not answer the last check in time (the state above is the last it gave). " : "";
      parts.push(
        `${silent}Not finished after ${wait.waitedSeconds} s: call octoperf_wait_for_test with benchResultId ${launch.benchResultId}. Do not launch again.`,
      );
    } else {
      parts.push(`Key metrics:\n${metricLines(analysis.metrics)}`);
      if (sla) parts.push(`SLA ${sla.verdict}:\n${slaLines(sla)}`);
      if (comparison) parts.push(`Versus baseline ${comparison.baseline.benchResultId}: ${comparison.verdict.toUpperCase()}\n${comparisonLines(comparison)}`);
    }
    return {
      structured: {
        scenarioId: launch.scenarioId,
        scenarioName: launch.scenarioName,
        reportId: launch.benchReportId,
        launchOutcome: launch.outcome,
        reportUrl: launch.reportUrl,
        run: runStatusOutput(wait.run),
        nextPollAfterSeconds: wait.nextPollAfterSeconds,
        metrics: analysis.metrics,
        sla,
        comparison,
      },
      text: parts.join("\n\n"),
    };
  },
});
