import type { MetricId } from "./metrics.js";

/** One widget of a bench report, reduced to what a reader needs. */
export interface BenchReportItem {
  /** OctoPerf's `@type`, e.g. SummaryReportItem. */
  readonly type: string;
  readonly id: string;
  readonly name: string;
  /** Known metric ids only; unknown ones are dropped by the adapter and counted below. */
  readonly metricIds: readonly MetricId[];
}

export interface BenchReport {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly description: string;
  /** One for a normal report, 2–4 for a comparison. */
  readonly benchResultIds: readonly string[];
  readonly items: readonly BenchReportItem[];
}
