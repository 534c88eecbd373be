import { NotFoundError, OctoPerfError } from "./errors.js";
import type { TestRun } from "./model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../ports/octoperf-port.js";

/**
 * Deep links into the OctoPerf web UI (octoperf-api.md §1.1), so every answer that names a run,
 * a report or a scenario lets a person open it. The UI paths need the workspace, which OctoPerf
 * only tells through the project: one lookup per project, remembered.
 *
 * A link is a convenience: when it cannot be built, it is null and the answer goes on.
 */
export class UiLinks {
  private readonly workspaces = new Map<string, Promise<string | null>>();
  private readonly base: string;

  constructor(
    private readonly octoperf: OctoPerfPort,
    baseUrl: string,
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
  }

  async scenario(projectId: string, scenarioId: string, options?: CallOptions): Promise<string | null> {
    const project = await this.projectPath(projectId, options);
    return project === null ? null : `${project}/runtime/scenario/${encodeURIComponent(scenarioId)}`;
  }

  async report(projectId: string, reportId: string, options?: CallOptions): Promise<string | null> {
    const project = await this.projectPath(projectId, options);
    return project === null ? null : `${project}/analysis/report/${encodeURIComponent(reportId)}`;
  }

  /** A run's page is its report; without a known report, its scenario's runtime page. */
  async run(run: TestRun, options?: CallOptions): Promise<string | null> {
    return run.benchReportId !== null
      ? this.report(run.projectId, run.benchReportId, options)
      : this.scenario(run.projectId, run.scenarioId, options);
  }

  private async projectPath(projectId: string, options?: CallOptions): Promise<string | null> {
    let workspace = this.workspaces.get(projectId);
    if (workspace === undefined) {
      workspace = this.lookUpWorkspace(projectId, options);
      this.workspaces.set(projectId, workspace);
    }
    const workspaceId = await workspace;
    if (workspaceId === null) return null;
    return `${this.base}/ui/workspace/${encodeURIComponent(workspaceId)}/project/${encodeURIComponent(projectId)}`;
  }

  private async lookUpWorkspace(projectId: string, options?: CallOptions): Promise<string | null> {
    try {
      return (await this.octoperf.getProject(projectId, options)).workspaceId;
    } catch (error) {
      // Only "there is no such project" is worth remembering; a passing failure may be retried.
      if (!(error instanceof NotFoundError)) this.workspaces.delete(projectId);
      if (error instanceof OctoPerfError && error.code !== "CANCELLED") return null;
      throw error;
    }
  }
}

/** For callers that have no base URL (a bare use case built by hand): no links. */
export const NO_LINKS = {
  scenario: async () => null,
  report: async () => null,
  run: async () => null,
} satisfies Pick<UiLinks, "scenario" | "report" | "run">;

export type Links = Pick<UiLinks, "scenario" | "report" | "run">;

/** Anything a person may want to open in OctoPerf, with its deep link (null when unknown). */
export type WithUrl<T> = T & { readonly url: string | null };
