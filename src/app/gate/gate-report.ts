import { metricDefinition, type MetricUnavailability, type MetricUnit } from "../../domain/model/metrics.js";
import type { MetricComparison } from "../../domain/model/comparison.js";
import type { CriterionResult } from "../../domain/model/sla.js";
import type { ComparisonCaveat } from "../../domain/use-cases/compare-runs.js";
import type { LinkedRunAnalysis as RunAnalysis } from "../../adapters/linked-use-cases.js";

/**
 * The gate's verdict and how a CI reads it: the exit code. ERROR: the gate could not judge (the
 * wait budget was spent, OctoPerf failed, a bad argument): exit 4, or 2 for a usage error.
 */
export type GateVerdict = "PASS" | "FAIL" | "INCONCLUSIVE" | "ERROR";

/** The verdict of one check: an error is the gate's, never a check's. */
export type CheckVerdict = Exclude<GateVerdict, "ERROR">;

export const EXIT_CODES = { PASS: 0, FAIL: 1, USAGE: 2, INCONCLUSIVE: 3, ERROR: 4 } as const;

/** One line of the verdict: an SLA criterion, or a metric compared with the baseline. */
export interface GateCheck {
  readonly kind: "sla" | "baseline";
  /** What a CI lists as the test's name: "SLA: Response time (95th percentile) < 800 ms". */
  readonly name: string;
  readonly metricId: string;
  readonly unit: MetricUnit;
  readonly observed: number | null;
  /** The bound the observed value is held to, in words: "< 800 ms", "≤ 252 ms (baseline 240 ms + 5%)". */
  readonly threshold: string;
  readonly verdict: CheckVerdict;
  /** Why, in one sentence. */
  readonly message: string;
}

export interface GateReport {
  readonly verdict: GateVerdict;
  readonly exitCode: number;
  readonly scenario: { readonly id: string; readonly name: string; readonly url: string | null };
  /** Null when no run was launched, or the one launched is not known (its launch's outcome is unknown). */
  readonly run: {
    readonly id: string;
    readonly state: string;
    /** False when the gate stopped following before the run ended (--max-wait): exit 4. */
    readonly terminal: boolean;
    readonly reportUrl: string | null;
    readonly createdAt: string;
    readonly updatedAt: string;
  } | null;
  readonly baseline: { readonly id: string; readonly url: string | null; readonly tolerancePercent: number } | null;
  readonly checks: readonly GateCheck[];
  /** What a reader must know beside the checks: the run did not finish, the baseline is another scenario… */
  readonly notes: readonly string[];
  /** Seconds from the run's creation to its end; for a run still going, how long the gate followed it. */
  readonly durationSeconds: number;
  /** Why the gate failed before following a run to its verdict (OctoPerf, a bad argument), for a CI reader; null otherwise. */
  readonly error: string | null;
}

/** A report of a run the gate followed and judged: it has a run. */
export type JudgedReport = GateReport & { readonly run: NonNullable<GateReport["run"]> };

/** What the gate knows when it fails before judging: the scenario, the run when there is one, and what went wrong. */
export interface GateFailure {
  readonly exitCode: number;
  readonly message: string;
  readonly scenarioId: string;
  readonly run: { readonly id: string; readonly url: string | null } | null;
}

/**
 * The report of a gate that could not judge, so a CI that reads its JUnit file or shows its
 * summary says ERROR and why, instead of a missing file or an earlier run's verdict.
 */
export function failureReport(failure: GateFailure): GateReport {
  const now = new Date().toISOString();
  return {
    verdict: "ERROR",
    exitCode: failure.exitCode,
    scenario: { id: failure.scenarioId, name: failure.scenarioId, url: null },
    run: failure.run === null ? null : { id: failure.run.id, state: "UNKNOWN", terminal: false, reportUrl: failure.run.url, createdAt: now, updatedAt: now },
    baseline: null,
    checks: [],
    notes: [],
    durationSeconds: 0,
    error: failure.message,
  };
}

/**
 * Judges a run. One that did not FINISH is INCONCLUSIVE, whatever its numbers; one still going
 * when the wait budget ran out is an ERROR (exit 4): the gate could not judge it, and the reports
 * still name it.
 */
export function judgeRun(analysis: RunAnalysis): JudgedReport {
  const { launch, wait, sla, comparison } = analysis;
  const run = wait.run;
  const checks: GateCheck[] = [
    ...(sla?.results ?? []).map(slaCheck),
    ...(comparison?.comparisons ?? []).map((c) => baselineCheck(c, comparison!.tolerancePercent)),
  ];
  const notes: string[] = [];
  if (!run.terminal) {
    notes.push(
      `The run is still ${run.state}: the gate stopped following it after ${wait.waitedSeconds} s (--max-wait). ` +
        "It goes on in OctoPerf: do not launch it again; judge it once it ends, or stop it in OctoPerf.",
    );
  } else if (run.state !== "FINISHED") {
    notes.push(`The run ended ${run.state}, not FINISHED: its numbers are partial, so the gate cannot judge it.`);
  }
  for (const caveat of comparison?.caveats ?? []) {
    const note = caveatNote(caveat);
    if (note !== null && !notes.includes(note)) notes.push(note);
  }
  const noValue = checks.filter((c) => c.observed === null || c.verdict === "INCONCLUSIVE").map((c) => c.metricId);
  if (run.state === "FINISHED" && noValue.length > 0) notes.push(`No value for ${[...new Set(noValue)].join(", ")}: those checks are INCONCLUSIVE.`);

  const verdict = run.terminal ? overall(run.state, checks) : "ERROR";
  return {
    verdict,
    exitCode: EXIT_CODES[verdict],
    scenario: { id: launch.scenarioId, name: launch.scenarioName, url: launch.scenarioUrl },
    run: { id: run.id, state: run.state, terminal: run.terminal, reportUrl: launch.reportUrl ?? run.url, createdAt: run.createdAt, updatedAt: run.updatedAt },
    baseline:
      comparison === null ? null : { id: comparison.baseline.benchResultId, url: comparison.baseline.url, tolerancePercent: comparison.tolerancePercent },
    checks,
    notes,
    durationSeconds: run.terminal ? Math.max(0, Math.round((Date.parse(run.updatedAt) - Date.parse(run.createdAt)) / 1000)) : Math.round(wait.waitedSeconds),
    error: null,
  };
}

/** A definite failure is a failure even beside unknowns; PASS needs a finished run and every check passing. */
function overall(state: string, checks: readonly GateCheck[]): CheckVerdict {
  if (state !== "FINISHED") return "INCONCLUSIVE";
  if (checks.some((c) => c.verdict === "FAIL")) return "FAIL";
  if (checks.length === 0 || checks.some((c) => c.verdict === "INCONCLUSIVE")) return "INCONCLUSIVE";
  return "PASS";
}

function slaCheck(result: CriterionResult): GateCheck {
  const threshold = `${result.operator} ${formatValue(result.threshold, result.unit)}`;
  return {
    kind: "sla",
    name: `SLA: ${result.label} ${threshold}`,
    metricId: result.metricId,
    unit: result.unit,
    observed: result.observed,
    threshold,
    verdict: result.verdict,
    message: slaMessage(result, threshold),
  };
}

function slaMessage(result: CriterionResult, threshold: string): string {
  const observed = result.observed === null ? "no value" : formatValue(result.observed, result.unit);
  switch (result.basis.kind) {
    case "measured":
      return `${observed} ${result.verdict === "PASS" ? "is" : "is not"} ${threshold}`;
    case "partial":
      return `${observed} from a run that did not finish`;
    case "no-value":
      return `no value for ${result.label}`;
    case "unavailable":
      return `no value for ${result.label}: ${refusal(result.basis.unavailable)}`;
  }
}

/** "OctoPerf refused it (HTTP 400: …)": why a metric has no value, as a CI reader sees it. */
function refusal(unavailable: MetricUnavailability): string {
  const what = unavailable.cause === "refused" ? "OctoPerf refused it" : "OctoPerf refused a summary request holding it";
  return `${what} (HTTP ${unavailable.httpStatus}: ${unavailable.serverMessage})`;
}

/**
 * A comparison's caveat as a note of the report; null for the candidate not finishing, which the
 * run's own note says. A metric refused alike in both runs reads the same twice: said once.
 */
function caveatNote(caveat: ComparisonCaveat): string | null {
  switch (caveat.kind) {
    case "partial-run":
      return caveat.side === "candidate" ? null : `The baseline run is ${caveat.state}, not FINISHED: its metrics are partial.`;
    case "metric-unavailable":
      return `No value for ${caveat.metricId}: ${refusal(caveat.unavailable)}.`;
    case "different-scenarios":
      return (
        `The baseline run is of scenario ${caveat.baselineScenarioId}, this one of ${caveat.candidateScenarioId}: ` +
        "differences may come from the load, not the system."
      );
  }
}

function baselineCheck(comparison: MetricComparison, tolerancePercent: number): GateCheck {
  const { direction } = metricDefinition(comparison.metricId);
  const { baseline, candidate, unit, label } = comparison;
  let threshold = "no bound (neither higher nor lower is better)";
  if (baseline !== null && direction !== "neutral") {
    // The bound compareMetric applies: beyond the tolerance, in the worse direction.
    const margin = (Math.abs(baseline) * tolerancePercent) / 100;
    const bound = direction === "lower-is-better" ? baseline + margin : baseline - margin;
    threshold = `${direction === "lower-is-better" ? "≤" : "≥"} ${formatValue(bound, unit)} (baseline ${formatValue(baseline, unit)} ${direction === "lower-is-better" ? "+" : "−"} ${tolerancePercent}%)`;
  }
  const delta = comparison.percentDelta === null ? "" : ` (${comparison.percentDelta > 0 ? "+" : ""}${comparison.percentDelta}%)`;
  const verdict: CheckVerdict = comparison.verdict === "regressed" ? "FAIL" : comparison.verdict === "inconclusive" ? "INCONCLUSIVE" : "PASS";
  const words: Record<MetricComparison["verdict"], string> = {
    regressed: `regressed beyond ±${tolerancePercent}%`,
    improved: "improved",
    unchanged: `unchanged within ±${tolerancePercent}%`,
    changed: `changed beyond ±${tolerancePercent}% (neither direction is better)`,
    inconclusive: baseline === null ? "no value in the baseline run" : "no value in this run",
  };
  return {
    kind: "baseline",
    name: `Baseline: ${label}`,
    metricId: comparison.metricId,
    unit,
    observed: candidate,
    threshold,
    verdict,
    message:
      candidate === null || baseline === null
        ? words.inconclusive
        : `${formatValue(candidate, unit)} against ${formatValue(baseline, unit)}${delta}: ${words[comparison.verdict]}`,
  };
}

/** "612 ms", "0.4%", "1,234": values as a CI reader sees them. */
export function formatValue(value: number, unit: MetricUnit): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toFixed(2));
  const text = rounded.toLocaleString("en-US");
  if (unit === "count" || unit === "apdex") return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}
