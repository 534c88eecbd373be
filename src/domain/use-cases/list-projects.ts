import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { Project } from "../model/project.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";

export const ListProjectsInput = z.object({
  workspaceId: idSchema("workspaceId").describe("Workspace id"),
});
export type ListProjectsInput = z.input<typeof ListProjectsInput>;

/** Discover: the design projects of a workspace. */
export class ListProjects {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: ListProjectsInput, options?: CallOptions): Promise<Project[]> {
    const { workspaceId } = parseInput(ListProjectsInput, input);
    return this.octoperf.listProjects(workspaceId, options);
  }
}
