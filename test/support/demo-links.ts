/** The deep links the demo OctoPerf's answers carry (src/adapters/ui-links.ts, default base URL). */
const UI = "https://api.octoperf.com/ui";

export const reportLink = (workspaceId: string, projectId: string, reportId: string) =>
  `${UI}/workspace/${workspaceId}/project/${projectId}/analysis/report/${reportId}`;

export const scenarioLink = (workspaceId: string, projectId: string, scenarioId: string) =>
  `${UI}/workspace/${workspaceId}/project/${projectId}/runtime/scenario/${scenarioId}`;
