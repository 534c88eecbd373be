import * as z from "zod";

/**
 * Parameter descriptions for a model: where each id comes from, by tool name. The use cases'
 * schemas describe their fields in the domain's terms; the tools show these instead.
 */
export const FROM_TOOLS = {
  workspaceId: "Workspace id, from octoperf_get_current_user_workspaces",
  projectIdOfScenarios: "Project id, from get_project_by_workspace_id; omit to list the scenarios of every visible project",
  projectIdOfRuns: "Project id, from get_project_by_workspace_id: the runs of every scenario of the project. Give this or scenarioId (one is required)",
  scenarioIdOfRuns: "Runtime scenario id, from get_runtime_id: the runs of this scenario only. Give this or projectId (one is required)",
  scenarioId: "Runtime scenario id, from get_runtime_id",
  scenarioIdOfTrend: "Runtime scenario id (from get_runtime_id) whose recent runs to follow",
  scenarioIdToLaunch: "Runtime scenario id to launch, from get_runtime_id",
  benchResultId: "Bench result id (the run): from a launch, or from octoperf_list_test_runs",
  reportId: "Bench report id (reportId): from a launch, or from octoperf_list_test_runs",
  baselineBenchResultId: "A previous run to compare with (e.g. last night's), from octoperf_list_test_runs",
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
