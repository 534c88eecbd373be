import * as z from "zod";
import { ListScenariosInput } from "../../../domain/use-cases/list-scenarios.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { hint, joined } from "../offered-tools.js";
import { absentIfNull, EXPECTED_DURATION, formatDuration, TOTAL_VUS, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "get_runtime_id",
  toolsets: ["discover"],
  title: "List runnable scenarios",
  description: (offered) =>
    joined(
      " ",
      "Launchable scenarios, with virtual users and load duration (s); a runtimeId is the scenarioId other tools take.",
      hint(offered, "octoperf_run_test", "Next, only if the user asked for a run: octoperf_run_test."),
    ),
  inputSchema: describedFor(ListScenariosInput.shape, { projectId: PARAMETER_WORDS.projectIdOfScenarios }),
  outputSchema: z.object({
    projectId: z.string().optional().describe("The project listed; absent when every visible project is (each scenario then says its own)"),
    scenarios: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        projectId: z.string().optional().describe("Only when the answer spans several projects"),
        description: z.string(),
        tags: z.array(z.string()),
        totalVus: z.number().nullable().describe(TOTAL_VUS),
        expectedDurationSeconds: z.number().nullable().describe(EXPECTED_DURATION),
        profileCount: z.number(),
        url: UrlOutput,
      }),
    ),
  }),
  handler: async (input, { useCases, signal, offered }) => {
    const scenarios = await useCases.listScenarios.execute(input, { signal });
    const oneProject = input.projectId !== undefined;
    const rows = scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      projectId: oneProject ? undefined : s.projectId,
      description: s.description,
      tags: s.tags,
      totalVus: s.summary.totalVus,
      expectedDurationSeconds: s.summary.expectedDurationMs === null ? null : Math.round(s.summary.expectedDurationMs / 1000),
      profileCount: s.summary.profileCount,
      url: absentIfNull(s.url),
    }));
    const lines = rows.map(
      (s) =>
        `- ${s.name} (runtimeId ${s.id}${oneProject ? "" : `, project ${s.projectId}`}): ${s.totalVus === null ? "VUs unknown" : `${s.totalVus} VUs`}, ` +
        (s.expectedDurationSeconds === null
          ? "duration unknown (custom or unreadable load shape)"
          : `about ${formatDuration(s.expectedDurationSeconds)} of load`),
    );
    const where = oneProject ? `in project ${input.projectId}` : "across every visible project";
    return {
      structured: { projectId: input.projectId, scenarios: rows },
      text: joined(
        "\n",
        `${rows.length} scenario(s) ${where}:\n${lines.join("\n")}`,
        hint(offered, "octoperf_run_test", "Next, if the user asked for a run: octoperf_run_test with a runtimeId."),
      ),
    };
  },
});
