import * as z from "zod";
import { ListScenariosInput } from "../../../domain/use-cases/list-scenarios.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { formatDuration, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "get_runtime_id",
  title: "List runnable scenarios",
  description:
    "Launchable scenarios, with virtual users and load duration (s); a runtimeId is the scenarioId other tools take. Next, only if the user asked for a run: octoperf_run_test.",
  inputSchema: describedFor(ListScenariosInput.shape, { projectId: PARAMETER_WORDS.projectIdOfScenarios }),
  outputSchema: z.object({
    projectId: z.string().nullable(),
    scenarios: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        projectId: z.string(),
        description: z.string(),
        tags: z.array(z.string()),
        totalVus: z.number().nullable().describe("Peak VUs, all profiles together; null when a profile's load shape could not be read"),
        expectedDurationSeconds: z.number().nullable(),
        profileCount: z.number(),
        url: UrlOutput,
      }),
    ),
  }),
  annotations: READ_ONLY,
  handler: async (input, { useCases, signal }) => {
    const scenarios = await useCases.listScenarios.execute(input, { signal });
    const rows = scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      projectId: s.projectId,
      description: s.description,
      tags: s.tags,
      totalVus: s.summary.totalVus,
      expectedDurationSeconds: s.summary.expectedDurationMs === null ? null : Math.round(s.summary.expectedDurationMs / 1000),
      profileCount: s.summary.profileCount,
      url: s.url,
    }));
    const lines = rows.map(
      (s) =>
        `- ${s.name} (runtimeId ${s.id}, project ${s.projectId}): ${s.totalVus === null ? "VUs unknown" : `${s.totalVus} VUs`}, ` +
        (s.expectedDurationSeconds === null
          ? "duration unknown (custom or unreadable load shape)"
          : `about ${formatDuration(s.expectedDurationSeconds)} of load`),
    );
    const where = input.projectId === undefined ? "across every visible project" : `in project ${input.projectId}`;
    return {
      structured: { projectId: input.projectId ?? null, scenarios: rows },
      text: `${rows.length} scenario(s) ${where}:\n${lines.join("\n")}\nNext: octoperf_run_test with a runtimeId, if the user asked for a run.`,
    };
  },
});
