import * as z from "zod";

/**
 * Parameter descriptions for a model: where each id comes from, by tool name. The use cases'
 * schemas describe their fields in the domain's terms; the tools show these instead.
 */
export const FROM_TOOLS = {
  workspaceId: "From octoperf_get_current_user_workspaces",
  projectIdOfScenarios: "Omit for every project",
  projectIdOfRuns: "Give this or scenarioId (one is required)",
  scenarioIdOfRuns: "Give this or projectId (one is required)",
  scenarioId: "From get_runtime_id",
  scenarioIdOfTrend: "From get_runtime_id",
  scenarioIdToLaunch: "From get_runtime_id",
  benchResultId: "The run",
  reportId: "From a launch or octoperf_list_test_runs",
  baselineBenchResultId: "A run to compare with",
} as const;

/**
 * The other parameters, in as few words as a model needs: the name says what it is, the
 * description adds the unit or the default. Bounds are in the schema (minimum, maximum), not repeated.
 */
export const PARAMETER_WORDS = {
  allowParallel: "Launch even if a run of it is starting (default false)",
  metricIds: "e.g. RESPONSE_TIME_PERCENTILE_95; duplicates merged",
  defaultMetricIds: "Default: key times, errors, rates; duplicates merged",
  maxWaitSeconds: "Wait budget in s (default 50)",
  pollIntervalSeconds: "s between checks (default duration/10, 3-60)",
  limit: "Newest first (default 10)",
  criteria: "Default: p95 < 1000 ms, errors < 1 %",
  candidateBenchResultId: "The run to judge",
  tolerancePercent: "± % that counts as unchanged (default 5)",
  trendRuns: "Last FINISHED runs (default 10)",
  trendMetricIds: "At most 12, duplicates merged (default: key times, errors, rates)",
  chart: "PNG, about 80 KB (default true)",
} as const;

/** A use case's input shape with some fields described for a model (same validation, other words). */
export function describedFor<S extends Record<string, z.ZodType>>(shape: S, descriptions: { readonly [K in keyof S]?: string }): S {
  const described: Record<string, z.ZodType> = { ...shape };
  for (const [key, text] of Object.entries(descriptions)) {
    const field = shape[key];
    if (field !== undefined && text !== undefined) described[key] = field.describe(text);
  }
  // Same keys and the same schemas (describe only adds metadata): the shape's type holds.
  return described as S;
}
