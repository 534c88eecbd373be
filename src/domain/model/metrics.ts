/**
 * The metric catalogue: every `ReportMetricId` OctoPerf knows (octoperf-api.md §11a), with its
 * unit, a human label and which direction is better. OctoPerf's summary endpoint answers bare
 * numbers aligned with the request; this table is what turns them into named values with units.
 */

export type MetricUnit = "ms" | "ms²" | "%" | "bytes" | "bytes/s" | "hits/s" | "errors/s" | "count" | "VUs" | "apdex";

/** For comparisons: which way a change is an improvement. */
export type MetricDirection = "lower-is-better" | "higher-is-better" | "neutral";

export interface MetricDefinition {
  readonly id: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly direction: MetricDirection;
  /** Breakdowns (pie/stacked charts only) have no single summary number. */
  readonly scalar: boolean;
}

const L = "lower-is-better";
const H = "higher-is-better";
const N = "neutral";

// [id, label, unit, direction, scalar?]
const ROWS = [
  ["ASSERTIONS_ERROR_TOTAL", "Assertion errors", "count", L],
  ["ASSERTIONS_FAILURE_TOTAL", "Assertion failures", "count", L],
  ["ASSERTIONS_SUCCESS_TOTAL", "Assertion successes", "count", H],
  ["CONNECT_TIME_APDEX", "Connect time Apdex", "apdex", H],
  ["CONNECT_TIME_AVG", "Connect time (average)", "ms", L],
  ["CONNECT_TIME_MAX", "Connect time (max)", "ms", L],
  ["CONNECT_TIME_MIN", "Connect time (min)", "ms", L],
  ["CONNECT_TIME_STD", "Connect time (std deviation)", "ms", L],
  ["CONNECT_TIME_VAR", "Connect time (variance)", "ms²", L],
  ["ERRORS_TOTAL", "Errors", "count", L],
  ["ERRORS_RATE", "Errors per second", "errors/s", L],
  ["ERRORS_PERCENT", "Error percentage", "%", L],
  ["HITS_RATE", "Hits per second", "hits/s", H],
  ["HITS_TOTAL", "Hits", "count", H],
  ["HITS_SUCCESSFUL_TOTAL", "Successful hits", "count", H],
  ["HITS_SUCCESSFUL_PERCENT", "Successful hits percentage", "%", H],
  ["HTTP_MEDIA_TYPES", "HTTP media types (breakdown)", "count", N, false],
  ["HTTP_MEDIA_TYPES_THROUGHPUT", "HTTP media types throughput (breakdown)", "bytes", N, false],
  ["HTTP_METHODS", "HTTP methods (breakdown)", "count", N, false],
  ["HTTP_RESPONSE_CODES", "HTTP response codes (breakdown)", "count", N, false],
  ["LATENCY_APDEX", "Latency Apdex", "apdex", H],
  ["LATENCY_AVG", "Latency (average)", "ms", L],
  ["LATENCY_MAX", "Latency (max)", "ms", L],
  ["LATENCY_MIN", "Latency (min)", "ms", L],
  ["LATENCY_STD", "Latency (std deviation)", "ms", L],
  ["LATENCY_VAR", "Latency (variance)", "ms²", L],
  ["MONITORING", "Monitoring counter", "count", N],
  ["NETWORK_TIME_AVG", "Network time (average)", "ms", L],
  ["NETWORK_TIME_MAX", "Network time (max)", "ms", L],
  ["NETWORK_TIME_MIN", "Network time (min)", "ms", L],
  ["NETWORK_TIME_VAR", "Network time (variance)", "ms²", L],
  ["RESPONSE_TIME_APDEX", "Response time Apdex", "apdex", H],
  ["RESPONSE_TIME_AVG", "Response time (average)", "ms", L],
  ["RESPONSE_TIME_MAX", "Response time (max)", "ms", L],
  ["RESPONSE_TIME_MEDIAN", "Response time (median)", "ms", L],
  ["RESPONSE_TIME_MIN", "Response time (min)", "ms", L],
  ["RESPONSE_TIME_PERCENTILE_80", "Response time (80th percentile)", "ms", L],
  ["RESPONSE_TIME_PERCENTILE_90", "Response time (90th percentile)", "ms", L],
  ["RESPONSE_TIME_PERCENTILE_95", "Response time (95th percentile)", "ms", L],
  ["RESPONSE_TIME_PERCENTILE_99", "Response time (99th percentile)", "ms", L],
  ["RESPONSE_TIME_STD", "Response time (std deviation)", "ms", L],
  ["RESPONSE_TIME_VAR", "Response time (variance)", "ms²", L],
  ["RESPONSE_SIZE", "Response size (average)", "bytes", N],
  ["SENT_BYTES_AVG", "Sent bytes (average)", "bytes", N],
  ["SENT_BYTES_MAX", "Sent bytes (max)", "bytes", N],
  ["SENT_BYTES_MIN", "Sent bytes (min)", "bytes", N],
  ["SENT_BYTES_RATE", "Sent bytes per second", "bytes/s", N],
  ["SENT_BYTES_STD", "Sent bytes (std deviation)", "bytes", N],
  ["SENT_BYTES_TOTAL", "Sent bytes (total)", "bytes", N],
  ["THROUGHPUT_RATE", "Received throughput", "bytes/s", H],
  ["THROUGHPUT_TOTAL", "Received bytes (total)", "bytes", H],
  ["USERLOAD", "Concurrent virtual users", "VUs", N],
] as const;

export type MetricId = (typeof ROWS)[number][0];

export const METRIC_IDS: readonly MetricId[] = ROWS.map((row) => row[0]);

export const METRIC_CATALOGUE: ReadonlyMap<MetricId, MetricDefinition> = new Map(
  ROWS.map((row) => [row[0], { id: row[0], label: row[1], unit: row[2], direction: row[3], scalar: row[4] ?? true }]),
);

export function isMetricId(value: string): value is MetricId {
  return METRIC_CATALOGUE.has(value as MetricId);
}

export function metricDefinition(id: MetricId): MetricDefinition {
  // The map is built from the same table as the MetricId type, so every id is present.
  return METRIC_CATALOGUE.get(id)!;
}

/**
 * Why OctoPerf gave no value for a metric it was asked for. `refused`: a summary request holding
 * this metric alone was refused; `unresolved`: a request holding it was refused and the bounded
 * narrowing stopped before trying it alone.
 */
export interface MetricUnavailability {
  readonly cause: "refused" | "unresolved";
  /** HTTP status of the refusal. */
  readonly httpStatus: number;
  /** OctoPerf's own words about the refusal, one line, key masked ("no details given" when none). */
  readonly serverMessage: string;
}

/** A metric as it reaches a user: never a bare positional number. */
export interface MetricValue {
  readonly metricId: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  /** Null when OctoPerf has no value (run not started, metric not applicable, metric unavailable). */
  readonly value: number | null;
  /** Present only when OctoPerf refused to compute this metric: the value is then null. */
  readonly unavailable?: MetricUnavailability;
}

export function metricValue(metricId: MetricId, value: number | null): MetricValue {
  const { label, unit } = metricDefinition(metricId);
  return { metricId, label, unit, value: value !== null && Number.isFinite(value) ? value : null };
}

export function unavailableMetric(metricId: MetricId, unavailable: MetricUnavailability): MetricValue {
  return { ...metricValue(metricId, null), unavailable };
}

/**
 * The metrics a "key metrics" answer shows, in reading order (after jmeter-java-dsl's CI summary).
 * No USERLOAD: OctoPerf's own docs call it a monitor sample, not a hit metric, and no REST client
 * asks the summary endpoint for it, so a real OctoPerf may well refuse it (octoperf-api.md §6);
 * the peak VU count is already known from the scenario. It stays available on request.
 */
export const KEY_METRIC_IDS: readonly MetricId[] = [
  "HITS_TOTAL",
  "HITS_RATE",
  "ERRORS_TOTAL",
  "ERRORS_PERCENT",
  "RESPONSE_TIME_AVG",
  "RESPONSE_TIME_MEDIAN",
  "RESPONSE_TIME_PERCENTILE_90",
  "RESPONSE_TIME_PERCENTILE_95",
  "RESPONSE_TIME_PERCENTILE_99",
  "RESPONSE_TIME_MAX",
  "THROUGHPUT_RATE",
];

/**
 * A metric's number as people read it: whole from 100 up, at most two decimals below, thousands
 * separated ("1,646,213", "0.12"). The one rendering of metric numbers: lists, SLA verdicts and
 * comparisons all use it, so the same value never reads two ways.
 */
export function formatMetricNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toFixed(2));
  return rounded.toLocaleString("en-US");
}

/** What follows a number of this unit: nothing for counts and apdex, "%" glued, others spaced. */
export function unitSuffix(unit: MetricUnit): string {
  return unit === "count" || unit === "apdex" ? "" : unit === "%" ? "%" : ` ${unit}`;
}

/** "612 ms", "0.4%", "1,646,213 bytes/s", or "no value". */
export function formatMeasure(value: number | null, unit: MetricUnit): string {
  return value === null ? "no value" : `${formatMetricNumber(value)}${unitSuffix(unit)}`;
}

/**
 * A readable rendering: "Response time (95th percentile): 612 ms", or "…: unavailable" when
 * OctoPerf refused the metric (why is in `metric.unavailable`, for the caller to word).
 */
export function formatMetricValue(metric: MetricValue): string {
  return `${metric.label}: ${metric.unavailable !== undefined ? "unavailable" : formatMeasure(metric.value, metric.unit)}`;
}
