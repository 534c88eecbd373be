import { CancelledError, NotFoundError, OctoPerfError } from "../domain/errors.js";
import type { CallOptions, OctoPerfPort } from "../ports/octoperf-port.js";
import type { RunLocation, UiLinksPort } from "../ports/ui-links-port.js";

/** One project's workspace lookup, shared by every caller who needs it while it runs. */
interface Lookup {
  readonly workspaceId: Promise<string | null>;
  /** Aborts the lookup itself: only once every caller waiting for it has given up. */
  readonly controller: AbortController;
  waiting: number;
}

/**
 * Deep links into the OctoPerf web UI (octoperf-api.md §1.1). The UI paths need the workspace,
 * which OctoPerf only tells through the project: one lookup per project, remembered.
 *
 * The lookup is shared, so it never runs on one caller's signal: each caller races its own
 * signal against it, and the lookup is aborted (and forgotten) only when all its callers have
 * given up. A caller who did not cancel never sees another caller's cancellation.
 */
export class UiLinks implements UiLinksPort {
  private readonly lookups = new Map<string, Lookup>();
  private readonly known = new Map<string, string | null>();
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

  async run(run: RunLocation, options?: CallOptions): Promise<string | null> {
    return run.benchReportId !== null ? this.report(run.projectId, run.benchReportId, options) : this.scenario(run.projectId, run.scenarioId, options);
  }

  private async projectPath(projectId: string, options?: CallOptions): Promise<string | null> {
    const workspaceId = this.known.has(projectId) ? this.known.get(projectId)! : await this.workspaceOf(projectId, options?.signal);
    if (workspaceId === null) return null;
    return `${this.base}/ui/workspace/${encodeURIComponent(workspaceId)}/project/${encodeURIComponent(projectId)}`;
  }

  private workspaceOf(projectId: string, signal: AbortSignal | undefined): Promise<string | null> {
    signal?.throwIfAborted();
    let lookup = this.lookups.get(projectId);
    if (lookup === undefined) {
      const controller = new AbortController();
      lookup = { controller, waiting: 0, workspaceId: this.lookUpWorkspace(projectId, controller.signal) };
      this.lookups.set(projectId, lookup);
      const settled = lookup;
      const forget = () => {
        if (this.lookups.get(projectId) === settled) this.lookups.delete(projectId);
      };
      settled.workspaceId.then(forget, forget);
    }
    const shared = lookup;
    shared.waiting += 1;
    return new Promise<string | null>((resolve, reject) => {
      let done = false;
      const leave = () => {
        done = true;
        shared.waiting -= 1;
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        if (done) return;
        leave();
        if (shared.waiting === 0) shared.controller.abort(signal?.reason);
        reject(new CancelledError({ cause: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      shared.workspaceId.then(
        (value) => {
          if (done) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (done) return;
          leave();
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the shared lookup's own failure as it is
          reject(error);
        },
      );
    });
  }

  private async lookUpWorkspace(projectId: string, signal: AbortSignal): Promise<string | null> {
    try {
      const { workspaceId } = await this.octoperf.getProject(projectId, { signal });
      this.known.set(projectId, workspaceId);
      return workspaceId;
    } catch (error) {
      // Only "there is no such project" is worth remembering; a passing failure may be retried.
      if (error instanceof NotFoundError) this.known.set(projectId, null);
      if (error instanceof OctoPerfError && error.code !== "CANCELLED") return null;
      throw error;
    }
  }
}
