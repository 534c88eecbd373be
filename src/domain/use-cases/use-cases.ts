import type { GetBenchReport } from "./get-bench-report.js";
import type { GetRunMetrics } from "./get-run-metrics.js";
import type { GetLiveRun } from "./get-live-run.js";
import type { GetRunStatus } from "./get-run-status.js";
import type { GetScenarioTrend } from "./get-scenario-trend.js";
import type { LaunchScenario } from "./launch-scenario.js";
import type { ListProjects } from "./list-projects.js";
import type { ListScenarios } from "./list-scenarios.js";
import type { ListWorkspaces } from "./list-workspaces.js";
import type { CompareRuns } from "./compare-runs.js";
import type { EvaluateSla } from "./evaluate-sla.js";
import type { ListTestRuns } from "./list-test-runs.js";
import type { RunAndAnalyze } from "./run-and-analyze.js";
import type { StopRun } from "./stop-run.js";
import type { WaitForRun } from "./wait-for-run.js";

/** Every use case, by family: what the MCP tools and the library API call. */
export interface UseCases {
  // discover
  readonly listWorkspaces: ListWorkspaces;
  readonly listProjects: ListProjects;
  readonly listScenarios: ListScenarios;
  // launch
  readonly launchScenario: LaunchScenario;
  readonly runAndAnalyze: RunAndAnalyze;
  // poll
  readonly getRunStatus: GetRunStatus;
  readonly waitForRun: WaitForRun;
  readonly stopRun: StopRun;
  readonly listTestRuns: ListTestRuns;
  // analyze
  readonly getBenchReport: GetBenchReport;
  readonly getRunMetrics: GetRunMetrics;
  readonly evaluateSla: EvaluateSla;
  readonly compareRuns: CompareRuns;
  readonly getScenarioTrend: GetScenarioTrend;
  // watch
  readonly getLiveRun: GetLiveRun;
}
