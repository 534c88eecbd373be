import * as z from "zod";
import { defineTool } from "../define-tool.js";

export default defineTool({
  name: "octoperf_get_current_user_workspaces",
  toolsets: ["discover"],
  title: "List workspaces",
  description: "The user's OctoPerf workspaces: call this first. Next: get_project_by_workspace_id, or get_runtime_id for every scenario.",
  inputSchema: {},
  outputSchema: z.object({
    workspaces: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
  }),
  handler: async (_input, { useCases, signal }) => {
    const workspaces = await useCases.listWorkspaces.execute({ signal });
    const lines = workspaces.map((w) => `- ${w.name} (workspaceId ${w.id})${w.description ? `: ${w.description}` : ""}`);
    return {
      structured: { workspaces: workspaces.map(({ id, name, description }) => ({ id, name, description })) },
      text: `${workspaces.length} workspace(s):\n${lines.join("\n")}\nNext: get_project_by_workspace_id with a workspaceId.`,
    };
  },
});
