import * as z from "zod";
import type { MetricComparison } from "../../domain/model/comparison.js";
import type { MetricUnavailability, MetricValue } from "../../domain/model/metrics.js";
import { formatMeasure, formatMetricNumber, unitSuffix } from "../../domain/model/metrics.js";
import type { CriterionResult } from "../../domain/model/sla.js";
import type { TestRun } from "../../domain/model/test-run.js";
import type { ComparisonCaveat, RunSide } from "../../domain/use-cases/compare-runs.js";
import type { LinkedRunComparison, WithUrl } from "../linked-use-cases.js";
import { caveatLines, criterionWhy, metricLine } from "./analysis-words.js";

/**
 * How every answer is built (issue 16), so that a host pays for each fact once:
 * - structuredContent holds facts for programs, each once: no sentences of ours (reasons,
 *   warnings, hints, next steps; OctoPerf's own names and descriptions are data and stay), no
 *   field repeated (a run's report id and link live in the run; a list's common project is said
 *   at its top, not per item; a metric's label and unit once per metric id), and no null that
 *   says nothing: such a field is left out (optional), and a field whose null means something
 *   says what in its description.
 * - The text is the model's: complete on its own (many hosts pass only the text), terse, each
 *   fact once: what happened, figures with units, verdicts, the deep link once, the next step.
 * Ids, numbers and links may sit in both parts, since a host may read only one; prose never does.
 * These output shapes are shared by several tools, so a run or a metric looks the same everywhere.
 */

/** A value the output leaves out rather than sending null. */
export const absentIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export const UrlOutput = z.string().optional().describe("Deep link in the OctoPerf web UI (absent when unknown)");

const RunFields = {
  benchResultId: z.string(),
  scenarioId: z.string(),
  projectId: z.string(),
  state: z.string().describe("OctoPerf state: CREATED, PENDING, SCALING, PREPARING, INITIALIZING, RUNNING, FINISHED, ABORTED, ERROR (or a newer one)"),
  phase: z.enum(["provisioning", "running", "finished", "aborted", "error"]),
  terminal: z.boolean().describe("True once the run has ended (FINISHED, ABORTED or ERROR)"),
  progressPercent: z.number().optional().describe("0..100 while known; display only"),
  createdAt: z.string(),
  updatedAt: z.string(),
  reportId: z.string().optional().describe("The run's bench report (absent until OctoPerf links one)"),
  url: UrlOutput,
};

export const RunStatusOutput = z.object(RunFields);

/** What every answer about a run says of it first: its ids and where it stands (the status and the live view). */
export function runFacts(run: TestRun) {
  return {
    benchResultId: run.id,
    scenarioId: run.scenarioId,
    projectId: run.projectId,
    state: run.state,
    phase: run.phase,
    terminal: run.terminal,
  };
}

export function runStatusOutput(run: WithUrl<TestRun>): z.input<typeof RunStatusOutput> {
  return {
    ...runFacts(run),
    progressPercent: run.progress === null ? undefined : Math.round(run.progress * 1000) / 10,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    reportId: absentIfNull(run.benchReportId),
    url: absentIfNull(run.url),
  };
}

/** "Run X (scenario Y): RUNNING, 45%." or "Run X (scenario Y): FINISHED." then the link. */
export function describeRun(run: WithUrl<TestRun>, { scenario = true, link = true } = {}): string {
  const progress = run.terminal || run.progress === null ? "" : `, ${Math.round(run.progress * 100)}%`;
  const of = scenario ? ` (scenario ${run.scenarioId})` : "";
  const url = link && run.url !== null ? ` ${run.url}` : "";
  return `Run ${run.id}${of}: ${run.state}${progress}.${url}`;
}

const Unavailable = z
  .object({
    cause: z.enum(["refused", "unresolved"]),
    httpStatus: z.number(),
    serverMessage: z.string(),
  })
  .optional()
  .describe("Present when OctoPerf refused to compute this metric (value is then null); the other metrics are unaffected");

export const MetricValueOutput = z.object({
  metricId: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable().describe("null: OctoPerf has no value for it"),
  unavailable: Unavailable,
});

export function metricValueOutput(m: MetricValue): z.input<typeof MetricValueOutput> {
  return { metricId: m.metricId, label: m.label, unit: m.unit, value: m.value, unavailable: m.unavailable };
}

export function metricLines(metrics: readonly MetricValue[]): string {
  return metrics.map((m) => `- ${metricLine(m)}`).join("\n");
}

const Verdict = z.enum(["PASS", "FAIL", "INCONCLUSIVE"]);

/** One criterion's outcome; its metric's label and unit are said where the answer names its metrics. */
const SlaRow = z.object({
  metricId: z.string(),
  operator: z.enum(["<", "<=", ">", ">="]),
  threshold: z.number(),
  observed: z.number().nullable().describe("null: no value (the verdict is then INCONCLUSIVE)"),
  verdict: Verdict,
  basis: z
    .enum(["measured", "partial", "no-value", "unavailable"])
    .describe("Why: measured (a FINISHED run's value), partial (run not FINISHED), no-value, unavailable (OctoPerf refused the metric)"),
});

/** For an answer that lists its metrics apart (octoperf_run_and_analyze): label, unit, observed value and refusal are there. */
export const SlaOfListedMetricsOutput = z.object({ verdict: Verdict, results: z.array(SlaRow.omit({ observed: true })) });

const Refusal = { httpStatus: z.number(), serverMessage: z.string() };

/** For an answer with no metric list of its own (octoperf_evaluate_sla). */
export const SlaOutput = z.object({
  verdict: Verdict,
  results: z.array(SlaRow.extend({ label: z.string(), unit: z.string(), unavailable: z.object(Refusal).optional().describe("OctoPerf's refusal") })),
});

export function slaRowOutput(r: CriterionResult): z.input<typeof SlaRow> {
  return { metricId: r.metricId, operator: r.operator, threshold: r.threshold, observed: r.observed, verdict: r.verdict, basis: r.basis.kind };
}

/** The run's state is said once, above: a partial value reads "so far" rather than repeating it. */
export function slaLines(results: readonly CriterionResult[]): string {
  return results.map((r) => `- ${r.verdict}: ${r.label}: ${criterionWhy(r)}`).join("\n");
}

const RunSideOutput = z.object({
  benchResultId: z.string(),
  scenarioId: z.string(),
  state: z.string(),
  createdAt: z.string(),
  url: UrlOutput,
});

export function runSideOutput(side: WithUrl<RunSide>): z.input<typeof RunSideOutput> {
  return { benchResultId: side.benchResultId, scenarioId: side.scenarioId, state: side.state, createdAt: side.createdAt, url: absentIfNull(side.url) };
}

const ChangeRow = z.object({
  metricId: z.string(),
  baseline: z.number().nullable().describe("null: no value"),
  candidate: z.number().nullable().describe("null: no value"),
  absoluteDelta: z.number().nullable().describe("null when a side has no value"),
  percentDelta: z.number().nullable().describe("Relative to the baseline; null when the baseline is 0 or a side has no value"),
  verdict: z.enum(["regressed", "improved", "unchanged", "changed", "inconclusive"]),
});

export function changeRowOutput(c: MetricComparison): z.input<typeof ChangeRow> {
  const { metricId, baseline, candidate, absoluteDelta, percentDelta, verdict } = c;
  return { metricId, baseline, candidate, absoluteDelta, percentDelta, verdict };
}

const CaveatsOutput = z
  .array(
    z
      .object({
        kind: z.enum(["partial-run", "metric-unavailable", "different-scenarios"]),
        side: z.enum(["baseline", "candidate", "both"]).optional(),
        metricId: z.string().optional(),
        ...Refusal,
      })
      .partial({ httpStatus: true, serverMessage: true }),
  )
  .optional()
  .describe("What weakens the comparison (absent when nothing): a run not FINISHED (its state is with it), a metric OctoPerf refused, runs of two scenarios");

const ComparisonCore = {
  tolerancePercent: z.number(),
  verdict: z.enum(["regressed", "improved", "unchanged", "inconclusive"]),
  caveats: CaveatsOutput,
};

export const ComparisonOutput = z.object({
  baseline: RunSideOutput,
  candidate: RunSideOutput.extend({
    url: UrlOutput.describe(
      "Deep link in the OctoPerf web UI (absent when unknown, or when it is the baseline's: runs without a report link to their scenario)",
    ),
  }),
  ...ComparisonCore,
  comparisons: z.array(ChangeRow.extend({ label: z.string(), unit: z.string() })),
});

/**
 * The caveats as facts, each once: a partial run's state is in its side, the scenarios in theirs;
 * a metric refused alike in both runs is one entry; a refusal the answer's metrics already carry
 * (`listed`: octoperf_run_and_analyze's metrics are the candidate's) keeps only its kind, side and metric.
 */
export function caveatsOutput(caveats: readonly ComparisonCaveat[], listed: readonly MetricValue[] = []): z.input<typeof CaveatsOutput> {
  type Entry = NonNullable<z.input<typeof CaveatsOutput>>[number];
  const same = (a: MetricUnavailability | undefined, b: MetricUnavailability) => a?.httpStatus === b.httpStatus && a.serverMessage === b.serverMessage;
  const out: Entry[] = [];
  const refusedBefore = new Map<string, { entry: Entry; unavailable: MetricUnavailability }>();
  for (const c of caveats) {
    if (c.kind === "partial-run") out.push({ kind: c.kind, side: c.side });
    else if (c.kind === "different-scenarios") out.push({ kind: c.kind });
    else {
      const before = refusedBefore.get(c.metricId);
      if (before !== undefined && same(before.unavailable, c.unavailable)) {
        before.entry.side = "both";
        continue;
      }
      const said = same(listed.find((m) => m.metricId === c.metricId)?.unavailable, c.unavailable);
      const { httpStatus, serverMessage } = c.unavailable;
      const entry: Entry = { kind: c.kind, side: c.side, metricId: c.metricId, ...(said ? {} : { httpStatus, serverMessage }) };
      out.push(entry);
      refusedBefore.set(c.metricId, { entry, unavailable: c.unavailable });
    }
  }
  return out.length === 0 ? undefined : out;
}

export function comparisonOutput(comparison: LinkedRunComparison): z.input<typeof ComparisonOutput> {
  return {
    baseline: runSideOutput(comparison.baseline),
    candidate: {
      ...runSideOutput(comparison.candidate),
      url: comparison.candidate.url === comparison.baseline.url ? undefined : absentIfNull(comparison.candidate.url),
    },
    tolerancePercent: comparison.tolerancePercent,
    verdict: comparison.verdict,
    comparisons: comparison.comparisons.map((c) => ({ ...changeRowOutput(c), label: c.label, unit: c.unit })),
    caveats: caveatsOutput(comparison.caveats),
  };
}

/** Against the answer's own run: the candidate is said once, as the run, and its values in the answer's metrics. */
export const BaselineComparisonOutput = z.object({ baseline: RunSideOutput, ...ComparisonCore, comparisons: z.array(ChangeRow.omit({ candidate: true })) });

/** "+4.2%" or "" when there is no percentage. */
export function percentChange(c: MetricComparison): string {
  return c.percentDelta === null ? "" : ` (${c.percentDelta > 0 ? "+" : ""}${c.percentDelta}%)`;
}

export function comparisonLines(comparison: LinkedRunComparison): string {
  const rows = comparison.comparisons.map((c) => {
    const side = (value: number | null) => (value === null ? "no value" : formatMetricNumber(value));
    return `- ${c.verdict}: ${c.label}: ${side(c.baseline)} → ${side(c.candidate)}${unitSuffix(c.unit)}${percentChange(c)}`;
  });
  return [...rows, ...caveatLines(comparison.caveats).map((w) => `! ${w}`)].join("\n");
}

/** "612 ms" or "no value", as the text says a metric's number. */
export const measure = (value: number | null, unit: MetricValue["unit"]) => formatMeasure(value, unit);

export const TOTAL_VUS = "Peak VUs, all profiles together; null: a profile's load shape could not be read";
export const EXPECTED_DURATION = "Seconds of load; null: a custom or unreadable load shape";

/** "45 s", "12 min", "2 h 5 min": durations as people say them. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
