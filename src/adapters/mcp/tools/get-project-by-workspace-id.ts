import * as z from "zod";
import { ListProjectsInput } from "../../../domain/use-cases/list-projects.js";
import { describedFor } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";

export default defineTool({
  name: "get_project_by_workspace_id",
  toolsets: ["discover"],
  title: "List projects",
  description: "The projects of an OctoPerf workspace (workspaceId). Next: get_runtime_id with a projectId.",
  inputSchema: describedFor(ListProjectsInput.shape, {}),
  outputSchema: z.object({
    workspaceId: z.string(),
    projects: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), tags: z.array(z.string()) })),
  }),
  handler: async (input, { useCases, signal }) => {
    const projects = await useCases.listProjects.execute(input, { signal });
    const lines = projects.map((p) => `- ${p.name} (projectId ${p.id})${p.description ? `: ${p.description}` : ""}`);
    return {
      structured: {
        workspaceId: input.workspaceId,
        projects: projects.map(({ id, name, description, tags }) => ({ id, name, description, tags })),
      },
      text: `${projects.length} project(s) in workspace ${input.workspaceId}:\n${lines.join("\n")}\nNext: get_runtime_id with a projectId.`,
    };
  },
});
