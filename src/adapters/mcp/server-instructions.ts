/** What the model reads once, at initialization: the order of things and the one hard rule. */
export const SERVER_INSTRUCTIONS = `OctoPerf load testing. Work in this order:
1. Discover: octoperf_get_current_user_workspaces → get_project_by_workspace_id → get_runtime_id (scenarios; omit projectId to search every project).
2. Launch: octoperf_run_test with a scenario id. It spends credits and puts real load on real systems: launch only when the user asked for a run, and never launch again to "retry" — check the status first.
3. Poll: octoperf_status with the benchResultId until terminal is true (FINISHED, ABORTED or ERROR).
4. Analyze: octoperf_get_report_metrics (named metrics with units) and octoperf_report (the report's widgets).
Metric values always come with their unit; percentages are 0..100; times are milliseconds.`;
