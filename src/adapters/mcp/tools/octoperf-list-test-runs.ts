import * as z from "zod";
import { ListTestRunsInput } from "../../../domain/use-cases/list-test-runs.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { absentIfNull, formatDuration, RunStatusOutput, runStatusOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_list_test_runs",
  toolsets: ["discover", "analyze"],
  title: "List past runs",
  description: "Runs of a project or a scenario (give projectId or scenarioId), newest first, with state and reportId: to find a run or a baseline.",
  inputSchema: describedFor(ListTestRunsInput.shape, {
    limit: PARAMETER_WORDS.limit,
  }),
  outputSchema: z.object({
    projectId: z.string().optional().describe("The project of every run listed (absent only when a scenario has no run)"),
    scenarioId: z.string().optional().describe("The scenario of every run listed, when the list is of one scenario"),
    runs: z.array(
      RunStatusOutput.omit({ projectId: true }).extend({
        scenarioId: z.string().optional().describe("Only when the list spans a project's scenarios"),
        durationSeconds: z.number().optional().describe("Absent until the run has a start and an end"),
        reportName: z.string().optional(),
      }),
    ),
  }),
  handler: async (input, { useCases, signal }) => {
    const entries = await useCases.listTestRuns.execute(input, { signal });
    const oneScenario = input.scenarioId !== undefined;
    const projectId = input.projectId ?? entries[0]?.run.projectId;
    const runs = entries.map((e) => {
      const { projectId: _project, scenarioId, ...run } = runStatusOutput(e.run);
      return {
        ...run,
        scenarioId: oneScenario ? undefined : scenarioId,
        durationSeconds: e.durationMs === null ? undefined : Math.round(e.durationMs / 1000),
        reportName: absentIfNull(e.reportName),
      };
    });
    const lines = runs.map(
      (r) =>
        `- ${r.createdAt.slice(0, 16).replace("T", " ")} ${r.state} ${r.benchResultId}${oneScenario ? "" : ` (scenario ${r.scenarioId})`}` +
        `${r.reportId === undefined ? "" : `, report ${r.reportId}`}${r.reportName ? ` "${r.reportName}"` : ""}` +
        `${r.durationSeconds === undefined ? "" : `, ${formatDuration(r.durationSeconds)}`}`,
    );
    const of = oneScenario ? `scenario ${input.scenarioId}` : `project ${projectId}`;
    return {
      structured: { projectId, scenarioId: input.scenarioId, runs },
      text: `${runs.length} run(s) of ${of}, newest first:\n${lines.join("\n")}`,
    };
  },
});
