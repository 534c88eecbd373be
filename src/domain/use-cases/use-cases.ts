import type { GetBenchReport } from "./get-bench-report.js";
import type { GetRunMetrics } from "./get-run-metrics.js";
import type { GetRunStatus } from "./get-run-status.js";
import type { LaunchScenario } from "./launch-scenario.js";
import type { ListProjects } from "./list-projects.js";
import type { ListScenarios } from "./list-scenarios.js";
import type { ListWorkspaces } from "./list-workspaces.js";

/** Every use case, by family: what the MCP tools and the library API call. */
export interface UseCases {
  // discover
  readonly listWorkspaces: ListWorkspaces;
  readonly listProjects: ListProjects;
  readonly listScenarios: ListScenarios;
  // launch
  readonly launchScenario: LaunchScenario;
  // poll
  readonly getRunStatus: GetRunStatus;
  // analyze
  readonly getBenchReport: GetBenchReport;
  readonly getRunMetrics: GetRunMetrics;
}
