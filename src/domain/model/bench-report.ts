import type { MetricId } from "./metrics.js";

/** One widget of a bench report, reduced to what a reader needs. */
export interface BenchReportItem {
  /** OctoPerf's `@type`, e.g. SummaryReportItem. */
  readonly type: string;
  readonly id: string;
  readonly name: string;
  /** Known metric ids only; unknown ones are dropped by the adapter and counted below. */
  readonly metricIds: readonly MetricId[];
  /** Tables only: NORMAL in a run's report, DELTA in a trend report; null elsewhere. */
  readonly computeType?: string | null;
}

/**
 * run: the report of the runs it lists (a launch creates one per run). trend: follows runs over
 * time and lists only its reference run. comparison: 2–4 runs side by side. A trend report lists
 * exactly one run, like a run's own, so it is never taken for that run's report.
 */
export type BenchReportKind = "run" | "trend" | "comparison";

export interface BenchReport {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly description: string;
  /** One for a normal or trend report, 2–4 for a comparison. */
  readonly benchResultIds: readonly string[];
  readonly items: readonly BenchReportItem[];
  readonly kind: BenchReportKind;
  /** ISO-8601 when OctoPerf says (unconfirmed field); orders reports that claim the same run. */
  readonly created?: string | null;
}

/** Trend markers (octoperf-api.md Op 10 and section 6): a trend config or item, or a DELTA table. */
const TREND_ITEM_TYPES = new Set(["TrendConfigReportItem"]);
const TREND_CONFIG_TYPES = new Set(["TrendReportConfig"]);

/** The kind of a report, from what it shows: its runs, its widgets' types and compute types, its configs. */
export function reportKind(fields: {
  readonly benchResultIds: readonly string[];
  readonly items: readonly Pick<BenchReportItem, "type" | "computeType">[];
  readonly configTypes?: readonly string[];
}): BenchReportKind {
  const trend =
    fields.items.some((item) => TREND_ITEM_TYPES.has(item.type) || item.computeType === "DELTA") ||
    (fields.configTypes ?? []).some((type) => TREND_CONFIG_TYPES.has(type));
  if (trend) return "trend";
  return fields.benchResultIds.length > 1 ? "comparison" : "run";
}
