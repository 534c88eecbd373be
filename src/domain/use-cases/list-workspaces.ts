import type { Workspace } from "../model/workspace.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";

/** Discover: the workspaces the API key is a member of. */
export class ListWorkspaces {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(options?: CallOptions): Promise<Workspace[]> {
    return this.octoperf.listWorkspaces(options);
  }
}
