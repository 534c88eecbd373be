import { CancelledError, NotFoundError, OctoPerfError, ReportListingUnavailableError } from "../domain/errors.js";
import { ownReports } from "../domain/use-cases/project-runs.js";
import type { Clock } from "../ports/clock-port.js";
import type { CallOptions, OctoPerfPort } from "../ports/octoperf-port.js";
import type { RunLocation, UiLinksPort } from "../ports/ui-links-port.js";
import { setBounded } from "./bounded-map.js";
import { SystemClock } from "./system-clock.js";

/** One lookup (a project's workspace, a project's reports), shared by every caller who needs it while it runs. */
interface Lookup<T> {
  readonly value: Promise<T>;
  /** Aborts the lookup itself: only once every caller waiting for it has given up. */
  readonly controller: AbortController;
  waiting: number;
}

export interface UiLinksOptions {
  /**
   * How long a run's link waits to learn the run's report before it settles for the scenario's
   * page (the lookup goes on for the next link). Default 1 s: a link never makes an answer late.
   */
  readonly reportLookupBudgetMs?: number;
}

const DEFAULT_REPORT_LOOKUP_BUDGET_MS = 1_000;
/** A project whose reports did not name a run is listed again at most once a minute. */
const RELIST_AFTER_MS = 60_000;
/** How many runs' learnt reports are remembered (the oldest learnt is forgotten first). */
const MAX_LEARNT_RUNS = 1_000;

/**
 * Deep links into the OctoPerf web UI (octoperf-api.md §1.1). The UI paths need the workspace,
 * which OctoPerf only tells through the project: one lookup per project, remembered. A run's
 * page is its report, which OctoPerf links report → runs only: a run read by id (not launched
 * by this process) learns it from one listing of its project's reports (the run's own report as
 * the run history picks it), shared and remembered; not in time, or not listed: the scenario page.
 *
 * A lookup is shared, so it never runs on one caller's signal: each caller races its own
 * signal against it, and the lookup is aborted (and forgotten) only when all its callers have
 * given up. A caller who did not cancel never sees another caller's cancellation.
 */
export class UiLinks implements UiLinksPort {
  private readonly workspaceLookups = new Map<string, Lookup<string | null>>();
  private readonly known = new Map<string, string | null>();
  private readonly reportListings = new Map<string, Lookup<void>>();
  /** When each project's reports were last listed (+Infinity: this OctoPerf offers no listing). */
  private readonly listedAt = new Map<string, number>();
  private readonly reportOfRun = new Map<string, string>();
  private readonly base: string;
  private readonly budgetMs: number;

  constructor(
    private readonly octoperf: OctoPerfPort,
    baseUrl: string,
    private readonly clock: Clock = new SystemClock(),
    options: UiLinksOptions = {},
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
    this.budgetMs = options.reportLookupBudgetMs ?? DEFAULT_REPORT_LOOKUP_BUDGET_MS;
  }

  async scenario(projectId: string, scenarioId: string, options?: CallOptions): Promise<string | null> {
    const project = await this.projectPath(projectId, options);
    return project === null ? null : scenarioPath(project, scenarioId);
  }

  async report(projectId: string, reportId: string, options?: CallOptions): Promise<string | null> {
    const project = await this.projectPath(projectId, options);
    return project === null ? null : reportPath(project, reportId);
  }

  async run(run: RunLocation, options?: CallOptions): Promise<string | null> {
    // The workspace and the report are looked up side by side: a first link waits for the slower only.
    const [project, reportId] = await Promise.all([
      this.projectPath(run.projectId, options),
      run.benchReportId ?? this.learntReport(run.projectId, "benchResultId" in run ? run.benchResultId : run.id, options?.signal),
    ]);
    if (project === null) return null;
    return reportId !== null ? reportPath(project, reportId) : scenarioPath(project, run.scenarioId);
  }

  private async projectPath(projectId: string, options?: CallOptions): Promise<string | null> {
    const workspaceId = this.known.has(projectId)
      ? this.known.get(projectId)!
      : await this.join(this.workspaceLookups, projectId, (signal) => this.lookUpWorkspace(projectId, signal), options?.signal);
    if (workspaceId === null) return null;
    return `${this.base}/ui/workspace/${encodeURIComponent(workspaceId)}/project/${encodeURIComponent(projectId)}`;
  }

  /** The run's own report, when known or learnt within the budget; null otherwise. */
  private async learntReport(projectId: string, runId: string, signal: AbortSignal | undefined): Promise<string | null> {
    const learnt = this.reportOfRun.get(runId);
    if (learnt !== undefined) return learnt;
    const listed = this.listedAt.get(projectId);
    if (!this.reportListings.has(projectId) && listed !== undefined && this.clock.now() - listed < RELIST_AFTER_MS) return null;
    // An alarm, not a sleep: a deadline while the listing is in flight (clock-port.ts).
    let cancelAlarm = () => {};
    const outOfTime = new Promise<void>((resolve) => (cancelAlarm = this.clock.alarm(this.clock.now() + this.budgetMs, resolve)));
    try {
      await Promise.race([this.join(this.reportListings, projectId, (listing) => this.listReports(projectId, listing), signal), outOfTime]);
    } finally {
      cancelAlarm();
    }
    return this.reportOfRun.get(runId) ?? null;
  }

  /** Lists the project's reports and remembers the run → own report pairs it shows. */
  private async listReports(projectId: string, signal: AbortSignal): Promise<void> {
    let reports;
    try {
      reports = await this.octoperf.listReports(projectId, { signal });
    } catch (error) {
      if (error instanceof OctoPerfError && error.code === "CANCELLED") throw error;
      // A passing failure is tried again a minute later; a listing this OctoPerf lacks, never.
      this.listedAt.set(projectId, error instanceof ReportListingUnavailableError ? Number.POSITIVE_INFINITY : this.clock.now());
      return;
    }
    this.listedAt.set(projectId, this.clock.now());
    for (const [runId, report] of ownReports(reports)) {
      if (report === null) continue;
      setBounded(this.reportOfRun, runId, report.id, MAX_LEARNT_RUNS);
    }
  }

  private join<T>(lookups: Map<string, Lookup<T>>, key: string, start: (signal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    let lookup = lookups.get(key);
    if (lookup === undefined) {
      const controller = new AbortController();
      lookup = { controller, waiting: 0, value: start(controller.signal) };
      lookups.set(key, lookup);
      const settled = lookup;
      const forget = () => {
        if (lookups.get(key) === settled) lookups.delete(key);
      };
      settled.value.then(forget, forget);
    }
    const shared = lookup;
    shared.waiting += 1;
    return new Promise<T>((resolve, reject) => {
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
      shared.value.then(
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

function scenarioPath(project: string, scenarioId: string): string {
  return `${project}/runtime/scenario/${encodeURIComponent(scenarioId)}`;
}

function reportPath(project: string, reportId: string): string {
  return `${project}/analysis/report/${encodeURIComponent(reportId)}`;
}
