/**
 * What the model reads once, at initialization: the order of things and the one hard rule. In
 * read-only mode it names only the tools offered, and says why launching is not possible.
 */
export function serverInstructions(options: { readOnly: boolean }): string {
  const launch = options.readOnly
    ? "2. Launch: not possible here. This server is read-only (OCTOPERF_READ_ONLY): it cannot launch or stop tests. " +
      "If the user asks for a run, say so; they can start it in OctoPerf, then you can follow and analyze it here."
    : "2. Launch: octoperf_run_test (or octoperf_run_and_analyze to launch, wait, judge and compare in one call). A launch spends credits and puts real load on real systems: launch only when the user asked for a run, and never launch again to \"retry\" — check the run's status first.";
  const poll = options.readOnly
    ? "3. Poll: octoperf_wait_for_test (bounded wait with progress) or octoperf_status, until terminal is true (FINISHED, ABORTED or ERROR)."
    : "3. Poll: octoperf_wait_for_test (bounded wait with progress) or octoperf_status, until terminal is true (FINISHED, ABORTED or ERROR). octoperf_stop_test aborts a run.";
  return `OctoPerf load testing. Work in this order:
1. Discover: octoperf_get_current_user_workspaces → get_project_by_workspace_id → get_runtime_id (scenarios; omit projectId to search every project). octoperf_list_test_runs shows past runs.
${launch}
${poll}
4. Analyze: octoperf_evaluate_sla (PASS/FAIL), octoperf_compare_tests (against a baseline run), octoperf_trend (how a scenario's metrics moved over its last runs, with a chart), octoperf_get_report_metrics (named metrics with units), octoperf_report.
Metric values always come with their unit; percentages are 0..100; times are milliseconds.`;
}
