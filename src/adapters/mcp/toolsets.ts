/**
 * Groups of tools a host can choose to offer (as GitHub's MCP server does): a host that only reads
 * results offers `discover,analyze`, one that follows runs started elsewhere offers `run`… A tool
 * may sit in several groups: finding past runs is both discovery and the way into an analysis.
 */
export const TOOLSETS = ["discover", "run", "analyze"] as const;
export type Toolset = (typeof TOOLSETS)[number];

export const TOOLSET_TOOLS: Readonly<Record<Toolset, readonly string[]>> = {
  discover: ["octoperf_get_current_user_workspaces", "get_project_by_workspace_id", "get_runtime_id", "octoperf_list_test_runs"],
  run: ["octoperf_run_test", "octoperf_status", "octoperf_wait_for_test", "octoperf_stop_test", "octoperf_run_and_analyze", "octoperf_run_view"],
  analyze: ["octoperf_list_test_runs", "octoperf_report", "octoperf_get_report_metrics", "octoperf_evaluate_sla", "octoperf_compare_tests", "octoperf_trend"],
};

/** Whether a tool belongs to one of the chosen toolsets. */
export function inToolsets(toolName: string, toolsets: readonly Toolset[]): boolean {
  return toolsets.some((toolset) => TOOLSET_TOOLS[toolset].includes(toolName));
}
