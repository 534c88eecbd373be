import type { ToolDefinition } from "../define-tool.js";
import getProjectByWorkspaceId from "./get-project-by-workspace-id.js";
import getRuntimeId from "./get-runtime-id.js";
import octoperfGetCurrentUserWorkspaces from "./octoperf-get-current-user-workspaces.js";
import octoperfGetReportMetrics from "./octoperf-get-report-metrics.js";
import octoperfReport from "./octoperf-report.js";
import octoperfRunTest from "./octoperf-run-test.js";
import octoperfStatus from "./octoperf-status.js";

/** The registry: nothing else registers tools. Order is the discover → launch → poll → analyze flow. */
export const allTools = [
  octoperfGetCurrentUserWorkspaces,
  getProjectByWorkspaceId,
  getRuntimeId,
  octoperfRunTest,
  octoperfStatus,
  octoperfReport,
  octoperfGetReportMetrics,
] as unknown as readonly ToolDefinition[];
