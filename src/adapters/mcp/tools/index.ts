import type { UseCaseName } from "../../../domain/use-cases/use-cases.js";
import type { RegisteredTool } from "../define-tool.js";
import getProjectByWorkspaceId from "./get-project-by-workspace-id.js";
import getRuntimeId from "./get-runtime-id.js";
import octoperfGetCurrentUserWorkspaces from "./octoperf-get-current-user-workspaces.js";
import octoperfGetReportMetrics from "./octoperf-get-report-metrics.js";
import octoperfReport from "./octoperf-report.js";
import octoperfRunTest from "./octoperf-run-test.js";
import octoperfStatus from "./octoperf-status.js";
import octoperfCompareTests from "./octoperf-compare-tests.js";
import octoperfEvaluateSla from "./octoperf-evaluate-sla.js";
import octoperfListTestRuns from "./octoperf-list-test-runs.js";
import octoperfRunAndAnalyze from "./octoperf-run-and-analyze.js";
import octoperfStopTest from "./octoperf-stop-test.js";
import octoperfTrend from "./octoperf-trend.js";
import octoperfWaitForTest from "./octoperf-wait-for-test.js";
import octoperfRunView from "./octoperf-run-view.js";

/** The registry: nothing else registers tools. Order is the discover → launch → poll → analyze flow. */
export const allTools: readonly RegisteredTool[] = [
  octoperfGetCurrentUserWorkspaces,
  getProjectByWorkspaceId,
  getRuntimeId,
  octoperfRunTest,
  octoperfStatus,
  octoperfReport,
  octoperfGetReportMetrics,
  // Beyond the seed.
  octoperfWaitForTest,
  octoperfStopTest,
  octoperfListTestRuns,
  octoperfEvaluateSla,
  octoperfCompareTests,
  octoperfTrend,
  octoperfRunAndAnalyze,
  // For the live run view only (MCP Apps): hosts do not show it to the model.
  octoperfRunView,
];

/**
 * The use cases no tool calls: the library (createOctoPerf) offers them only. A registered use
 * case is either called by a tool above or named here (test/adapters/mcp/registry.test.ts).
 */
export const LIBRARY_ONLY: readonly UseCaseName[] = [];
