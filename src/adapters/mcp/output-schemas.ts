import * as z from "zod";
import type { MetricValue } from "../../domain/model/metrics.js";
import { formatMetricNumber, formatMetricValue, unitSuffix, type MetricUnit } from "../../domain/model/metrics.js";
import type { TestRun } from "../../domain/model/test-run.js";
import type { WithUrl } from "../linked-use-cases.js";
import type { ReadonlyOutput } from "./define-tool.js";

/** Output shapes shared by several tools, so a run or a metric looks the same everywhere. */

export const UrlOutput = z.string().nullable().describe("Deep link to this in the OctoPerf web UI (null when unknown)");

export const RunStatusOutput = z.object({
  benchResultId: z.string(),
  scenarioId: z.string(),
  projectId: z.string(),
  state: z.string().describe("OctoPerf state: CREATED, PENDING, SCALING, PREPARING, INITIALIZING, RUNNING, FINISHED, ABORTED, ERROR (or a newer one)"),
  phase: z.enum(["provisioning", "running", "finished", "aborted", "error"]),
  terminal: z.boolean().describe("True once the run has ended (FINISHED, ABORTED or ERROR)"),
  progressPercent: z.number().nullable().describe("0..100 while known; display only"),
  createdAt: z.string(),
  updatedAt: z.string(),
  reportId: z.string().nullable(),
  url: UrlOutput,
});

export function runStatusOutput(run: WithUrl<TestRun>): z.input<typeof RunStatusOutput> {
  return {
    benchResultId: run.id,
    scenarioId: run.scenarioId,
    projectId: run.projectId,
    state: run.state,
    phase: run.phase,
    terminal: run.terminal,
    progressPercent: run.progress === null ? null : Math.round(run.progress * 1000) / 10,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    reportId: run.benchReportId,
    url: run.url,
  };
}

export function describeRun(run: WithUrl<TestRun>): string {
  const progress = run.progress === null ? "" : ` (${Math.round(run.progress * 100)}%)`;
  const link = run.url === null ? "" : ` ${run.url}`;
  return `Run ${run.id} of scenario ${run.scenarioId}: ${run.state}${progress}, ${run.terminal ? "ended" : run.phase}.${link}`;
}

export const MetricValueOutput = z.object({
  metricId: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  unavailable: z
    .object({
      cause: z.enum(["refused", "unresolved"]),
      httpStatus: z.number(),
      serverMessage: z.string(),
    })
    .optional()
    .describe("Present when OctoPerf refused to compute this metric (value is then null); the other metrics are unaffected"),
});

export function metricLines(metrics: readonly MetricValue[]): string {
  return metrics.map((m) => `- ${formatMetricValue(m)}`).join("\n");
}

export const SlaOutput = z.object({
  verdict: z.enum(["PASS", "FAIL", "INCONCLUSIVE"]),
  results: z.array(
    z.object({
      metricId: z.string(),
      label: z.string(),
      unit: z.string(),
      operator: z.enum(["<", "<=", ">", ">="]),
      threshold: z.number(),
      observed: z.number().nullable(),
      verdict: z.enum(["PASS", "FAIL", "INCONCLUSIVE"]),
      reason: z.string(),
    }),
  ),
});

export function slaLines(sla: ReadonlyOutput<z.input<typeof SlaOutput>>): string {
  return sla.results.map((r) => `- ${r.verdict}: ${r.label}: ${r.reason}`).join("\n");
}

const RunSideOutput = z.object({
  benchResultId: z.string(),
  scenarioId: z.string(),
  state: z.string(),
  createdAt: z.string(),
  url: UrlOutput,
});

export const ComparisonOutput = z.object({
  baseline: RunSideOutput,
  candidate: RunSideOutput,
  tolerancePercent: z.number(),
  verdict: z.enum(["regressed", "improved", "unchanged", "inconclusive"]),
  comparisons: z.array(
    z.object({
      metricId: z.string(),
      label: z.string(),
      unit: z.string(),
      baseline: z.number().nullable(),
      candidate: z.number().nullable(),
      absoluteDelta: z.number().nullable(),
      percentDelta: z.number().nullable(),
      verdict: z.enum(["regressed", "improved", "unchanged", "changed", "inconclusive"]),
    }),
  ),
  warnings: z.array(z.string()),
});

export function comparisonLines(comparison: ReadonlyOutput<z.input<typeof ComparisonOutput>>): string {
  const rows = comparison.comparisons.map((c) => {
    const delta = c.percentDelta === null ? "" : ` (${c.percentDelta > 0 ? "+" : ""}${c.percentDelta}%)`;
    const unit = unitSuffix(c.unit as MetricUnit);
    const side = (value: number | null) => (value === null ? "no value" : formatMetricNumber(value));
    return `- ${c.verdict}: ${c.label}: ${side(c.baseline)} → ${side(c.candidate)}${unit}${delta}`;
  });
  return [...rows, ...comparison.warnings.map((w) => `! ${w}`)].join("\n");
}

/** "45 s", "12 min", "2 h 5 min": durations as people say them. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
