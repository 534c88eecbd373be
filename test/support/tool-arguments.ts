import { SEED, UNKNOWN } from "./seed-ids.js";

/** Valid arguments for every tool, on the demo data. */
export const VALID_ARGUMENTS: Record<string, Record<string, unknown>> = {
  octoperf_get_current_user_workspaces: {},
  get_project_by_workspace_id: { workspaceId: SEED.workspace.acmeRetail },
  get_runtime_id: {},
  octoperf_run_test: { runtimeId: SEED.scenario.checkoutSmoke },
  octoperf_status: { benchResultId: SEED.run.checkoutBaseline },
  octoperf_report: { reportId: SEED.report.checkoutBaseline },
  octoperf_get_report_metrics: { benchResultId: SEED.run.checkoutBaseline, metricIds: ["ERRORS_PERCENT"] },
  octoperf_wait_for_test: { benchResultId: SEED.run.checkoutBaseline, maxWaitSeconds: 0 },
  octoperf_stop_test: { benchResultId: SEED.run.checkoutBaseline },
  octoperf_list_test_runs: { projectId: SEED.project.checkoutApi },
  octoperf_evaluate_sla: { benchResultId: SEED.run.checkoutBaseline },
  octoperf_compare_tests: { baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutLastNight },
  octoperf_trend: { scenarioId: SEED.scenario.checkoutNightly, chart: false },
  octoperf_run_and_analyze: { scenarioId: SEED.scenario.authLoginSpike, maxWaitSeconds: 0 },
  octoperf_run_view: { benchResultId: SEED.run.checkoutBaseline },
};

/** Ids nothing answers to, for every parameter that takes one. */
export const MISSING_IDS = {
  workspaceId: "noSuchWorkspace00001",
  projectId: UNKNOWN.project,
  runtimeId: "noSuchScenario000001",
  scenarioId: "noSuchScenario000001",
  benchResultId: "noSuchRun00000000001",
  reportId: "noSuchReport00000001",
  baselineBenchResultId: "noSuchRun00000000001",
  candidateBenchResultId: "noSuchRun00000000002",
  metricIds: ["ERRORS_PERCENT"],
};
