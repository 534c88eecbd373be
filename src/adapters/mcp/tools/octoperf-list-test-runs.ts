import * as z from "zod";
import { ListTestRunsInput } from "../../../domain/use-cases/list-test-runs.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { formatDuration, RunStatusOutput, runStatusOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_list_test_runs",
  title: "List past runs",
  description: "Runs of a project or a scenario (give projectId or scenarioId), newest first, with state and reportId: to find a run or a baseline.",
  inputSchema: describedFor(ListTestRunsInput.shape, {
    limit: PARAMETER_WORDS.limit,
  }),
  outputSchema: z.object({
    runs: z.array(
      RunStatusOutput.extend({
        durationSeconds: z.number().nullable(),
        reportName: z.string().nullable(),
      }),
    ),
  }),
  annotations: READ_ONLY,
  handler: async (input, { useCases, signal }) => {
    const entries = await useCases.listTestRuns.execute(input, { signal });
    const runs = entries.map((e) => ({
      ...runStatusOutput(e.run),
      durationSeconds: e.durationMs === null ? null : Math.round(e.durationMs / 1000),
      reportName: e.reportName,
    }));
    const lines = runs.map(
      (r) =>
        `- ${r.createdAt.slice(0, 16).replace("T", " ")} ${r.state} ${r.benchResultId}` +
        `${r.reportName ? ` "${r.reportName}"` : ""}${r.durationSeconds === null ? "" : `, ${formatDuration(r.durationSeconds)}`}`,
    );
    return { structured: { runs }, text: `${runs.length} run(s), newest first:\n${lines.join("\n")}` };
  },
});
