import * as z from "zod";
import type { MetricTrend, ScenarioTrend } from "../../../domain/model/trend.js";
import { GetScenarioTrendInput } from "../../../domain/use-cases/get-scenario-trend.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool, type ToolImage } from "../define-tool.js";
import { absentIfNull, UrlOutput } from "../output-schemas.js";

const VERDICTS = ["worsening", "improving", "stable", "changing", "not-enough-runs"] as const;

const { chart: _libraryChart, ...trendInput } = GetScenarioTrendInput.shape;

/** Four significant digits: enough to read a trend, without float noise in the answer. */
const sig = (value: number) => Number(value.toPrecision(4));

function methodText(trend: ScenarioTrend): string {
  const { method } = trend;
  return (
    `least-squares line per metric over the runs (equally spaced). A metric trends when |slope| / standard error ≥ the two-sided ` +
    `${Math.round(method.confidence * 100)}% Student-t value (n−2 degrees of freedom) and the line moves more than ±${method.tolerancePercent}% ` +
    `of its start. Better is lower for times and errors, higher for hits and throughput; no better direction: "changing". ` +
    `Under ${method.minimumRuns} values: not-enough-runs.`
  );
}

function metricLine(m: MetricTrend, runs: number): string {
  const unit = m.unit === "%" ? "%" : ` ${m.unit}`;
  if (m.fit === null) return `- not enough runs: ${m.label}: ${m.valueCount} value(s) in ${runs} run(s)`;
  const { fit } = m;
  const percent = fit.changePercent === null ? "" : `, ${fit.changePercent > 0 ? "+" : ""}${sig(fit.changePercent)}%`;
  const t = fit.tStatistic === null ? "no scatter" : `t = ${fit.tStatistic.toFixed(1)} vs ${fit.tCritical}`;
  return (
    `- ${m.verdict}: ${m.label}: ${sig(fit.fittedFirst)} → ${sig(fit.fittedLast)}${unit} fitted (${fit.slopePerRun >= 0 ? "+" : ""}${sig(fit.slopePerRun)}${unit} per run${percent}); ` +
    `noise ±${sig(fit.noise)}${unit}, ${t}`
  );
}

export default defineTool({
  name: "octoperf_trend",
  toolsets: ["analyze"],
  title: "Scenario trend",
  description: "How a scenario's metrics moved over its last runs: series with units, worsening/improving/stable per metric, PNG chart.",
  inputSchema: {
    ...describedFor(trendInput, {
      metricIds: PARAMETER_WORDS.trendMetricIds,
      runs: PARAMETER_WORDS.trendRuns,
    }),
    chart: z.boolean({ error: "chart must be true or false" }).optional().describe(PARAMETER_WORDS.chart),
  },
  outputSchema: z.object({
    scenario: z.object({ id: z.string(), name: z.string(), projectId: z.string(), url: UrlOutput }),
    requestedRuns: z.number(),
    runs: z.array(z.object({ benchResultId: z.string(), createdAt: z.string(), url: UrlOutput })).describe("The FINISHED runs used, oldest first"),
    unfinishedRunsSkipped: z.number().describe("Runs of the same period that did not finish (ABORTED, ERROR, running): left out"),
    verdict: z.enum(VERDICTS).describe("worsening if any metric worsens; else improving, changing, stable or not-enough-runs"),
    metrics: z.array(
      z.object({
        metricId: z.string(),
        label: z.string(),
        unit: z.string(),
        direction: z.enum(["lower-is-better", "higher-is-better", "neutral"]),
        values: z.array(z.number().nullable()).describe("One per run of `runs`, oldest first; null when OctoPerf had no value"),
        verdict: z.enum(VERDICTS),
        // The line's figures are there only when a line was fitted (enough runs with values).
        movement: z.enum(["up", "down", "flat"]).optional(),
        slopePerRun: z.number().optional().describe("Change per run along the least-squares line, in the metric's unit"),
        changePercent: z.number().nullable().optional().describe("The line's change across the window, percent of its first value; null when that is 0"),
        fittedFirst: z.number().optional(),
        fittedLast: z.number().optional(),
        noise: z.number().optional().describe("Residual standard deviation around the line, in the metric's unit"),
        tStatistic: z.number().nullable().optional().describe("slope / standard error; null when the values lie exactly on a line"),
        tCritical: z.number().optional(),
      }),
    ),
    method: z.object({
      fit: z.literal("least-squares"),
      significance: z.literal("student-t"),
      confidence: z.number(),
      tolerancePercent: z.number(),
      minimumRuns: z.number(),
    }),
    chart: z
      .object({ mimeType: z.string(), widthPx: z.number(), heightPx: z.number(), bytes: z.number() })
      .optional()
      .describe("The chart sent as image content (absent when chart was false)"),
  }),
  handler: async ({ chart: wantsChart = true, ...input }, { useCases, signal }) => {
    const trend = await useCases.getScenarioTrend.execute({ ...input, chart: wantsChart ? "png" : undefined }, { signal });
    const metrics = trend.metrics.map((m) => ({
      metricId: m.metricId,
      label: m.label,
      unit: m.unit,
      direction: m.direction,
      values: m.points.map((p) => p.value),
      verdict: m.verdict,
      ...(m.fit === null
        ? {}
        : {
            movement: absentIfNull(m.movement),
            slopePerRun: sig(m.fit.slopePerRun),
            changePercent: m.fit.changePercent === null ? null : sig(m.fit.changePercent),
            fittedFirst: sig(m.fit.fittedFirst),
            fittedLast: sig(m.fit.fittedLast),
            noise: sig(m.fit.noise),
            tStatistic: m.fit.tStatistic === null ? null : Number(m.fit.tStatistic.toFixed(2)),
            tCritical: m.fit.tCritical,
          }),
    }));
    const images: ToolImage[] = [];
    let chart;
    if (trend.chart !== null && trend.chart.format === "png") {
      images.push({ data: Buffer.from(trend.chart.data).toString("base64"), mimeType: "image/png" });
      chart = { mimeType: trend.chart.mimeType, widthPx: trend.chart.widthPx, heightPx: trend.chart.heightPx, bytes: trend.chart.data.byteLength };
    }
    const { runs } = trend;
    const window =
      runs.length === 0
        ? "no FINISHED run yet"
        : `${runs.length} FINISHED run(s) of the ${trend.requestedRuns} asked for, ${runs[0]!.createdAt.slice(0, 10)} → ${runs.at(-1)!.createdAt.slice(0, 10)}`;
    const skipped = trend.unfinishedRunsSkipped > 0 ? `; ${trend.unfinishedRunsSkipped} unfinished run(s) in that period left out` : "";
    const headline =
      trend.verdict === "not-enough-runs"
        ? `not enough runs for a trend (at least ${trend.method.minimumRuns} FINISHED runs with values)`
        : trend.verdict.toUpperCase();
    const text = [
      `Trend of "${trend.scenario.name}" (${trend.scenario.id}): ${headline}. ${window}${skipped}.`,
      ...trend.metrics.map((m) => metricLine(m, runs.length)),
      `Method: ${methodText(trend)}`,
      chart === undefined ? "" : `The chart (PNG, ${chart.widthPx}×${chart.heightPx}) shows each metric per run, with the fitted line dashed where it trends.`,
      runs.length < trend.requestedRuns ? `OctoPerf keeps ${runs.length === 0 ? "no" : `only ${runs.length}`} FINISHED run(s) of this scenario.` : "",
      trend.scenario.url ?? "",
    ]
      .filter((line) => line !== "")
      .join("\n");
    return {
      structured: {
        scenario: { ...trend.scenario, url: absentIfNull(trend.scenario.url) },
        requestedRuns: trend.requestedRuns,
        runs: runs.map((r) => ({ benchResultId: r.benchResultId, createdAt: r.createdAt, url: absentIfNull(r.url) })),
        unfinishedRunsSkipped: trend.unfinishedRunsSkipped,
        verdict: trend.verdict,
        metrics,
        method: { ...trend.method },
        chart,
      },
      text,
      images,
    };
  },
});
