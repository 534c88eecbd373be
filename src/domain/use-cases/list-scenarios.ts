import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { Scenario } from "../model/scenario.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { mapWithConcurrency, parseInput } from "./input.js";

export const ListScenariosInput = z.object({
  projectId: idSchema("projectId").optional().describe("Project id; omit to list the scenarios of every visible project"),
});
export type ListScenariosInput = z.input<typeof ListScenariosInput>;

// Fan-out over every project must not flood OctoPerf: a few requests in flight is enough.
const MAX_PARALLEL_REQUESTS = 4;

/** Discover: the runtime scenarios of one project, or of every project the key can see. */
export class ListScenarios {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: ListScenariosInput = {}, options?: CallOptions): Promise<Scenario[]> {
    const { projectId } = parseInput(ListScenariosInput, input);
    return this.scenarios(projectId, options);
  }

  private async scenarios(projectId: string | undefined, options?: CallOptions): Promise<Scenario[]> {
    if (projectId !== undefined) return this.octoperf.listScenarios(projectId, options);

    const workspaces = await this.octoperf.listWorkspaces(options);
    const projectLists = await mapWithConcurrency(workspaces, MAX_PARALLEL_REQUESTS, (workspace) => this.octoperf.listProjects(workspace.id, options));
    const scenarioLists = await mapWithConcurrency(projectLists.flat(), MAX_PARALLEL_REQUESTS, (project) => this.octoperf.listScenarios(project.id, options));
    return scenarioLists.flat();
  }
}
