import * as z from "zod";

/**
 * The words a model reads about each parameter, in every conversation (tools/list). A parameter
 * gets words only when its name and its tool's description leave something out: a default, what
 * a list holds, when to omit it. It goes without when its name says what to pass (the rule the
 * registry test checks): an id named as the answers that give it name it (benchResultId, reportId,
 * workspaceId, projectId, runtimeId; a scenarioId is a runtimeId, which get_runtime_id's
 * description says once for every tool), a run's id named by its role (baselineBenchResultId), a
 * number whose unit ends its name (pollIntervalSeconds, tolerancePercent) on a tool whose
 * description says what it tunes. Bounds are in the schema where a model needs them
 * ({@link BOUNDS_A_MODEL_NEEDS}), not repeated.
 */
export const PARAMETER_WORDS = {
  projectIdOfScenarios: "Omit for every project",
  allowParallel: "Even if a run of it is starting",
  metricIds: "e.g. RESPONSE_TIME_PERCENTILE_95; duplicates merged",
  defaultMetricIds: "Default: key times, errors, rates; duplicates merged",
  trendMetricIds: "At most 12 (default: key times, errors, rates)",
  maxWaitSeconds: "Default 50",
  limit: "Default 10",
  /** The metric ids and the units by example: the fields of a criterion go without words. */
  criteria: "Default: RESPONSE_TIME_PERCENTILE_95 < 1000 (ms), ERRORS_PERCENT < 1 (%)",
  trendRuns: "Last FINISHED runs (default 10)",
  chart: "PNG, about 80 KB (default true)",
  viewSummary: "Also the scenario and key metrics",
} as const;

/**
 * The parameters whose bounds (minimum, maximum) are listed: those a model could cross with a
 * sensible request (wait two hours, list every run, a trend over two runs), so that it sends a
 * good value the first time. The other bounds (an empty list, more metric ids than exist, a
 * negative tolerance, a poll every 0.5 s) are sanity checks nobody means to cross: they are left
 * out of the listed schema, and the server still makes them and answers a clear error.
 */
export const BOUNDS_A_MODEL_NEEDS: ReadonlySet<string> = new Set(["maxWaitSeconds", "limit", "runs"]);

/**
 * A use case's input shape with the words a model reads: each field described as given, and the
 * others not at all (the domain's descriptions are for library users; a tool says only what a
 * model needs). Same validation: describing only adds metadata.
 */
export function describedFor<S extends Record<string, z.ZodType>>(shape: S, descriptions: { readonly [K in keyof S]?: string }): S {
  const described: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const text = descriptions[key as keyof S];
    described[key] = text === undefined ? field.meta({ description: undefined }) : field.describe(text);
  }
  // Same keys and the same schemas (describe only adds metadata): the shape's type holds.
  return described as S;
}
