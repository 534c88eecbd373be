import type { TestRun } from "../domain/model/test-run.js";

/** Only the caller's own cancellation: a link never outlives the answer it belongs to. */
export interface LinkOptions {
  readonly signal?: AbortSignal;
}

/**
 * What locates a run's page: its report when known (or learnt from its project's reports, which
 * needs the run's id: `id` of a TestRun, `benchResultId` elsewhere), else its scenario's page.
 */
export type RunLocation = Pick<TestRun, "projectId" | "scenarioId" | "benchReportId"> & ({ readonly id: string } | { readonly benchResultId: string });

/**
 * Deep links into the OctoPerf web UI, so every answer that names a run, a report or a scenario
 * lets a person open it. Presentation, behind a port the edges use (never a use case: the domain
 * answers with ids): how a link is built, and what it costs to learn a project's workspace, is
 * the adapter's business. A link is a convenience: null when it cannot be built, never a failure
 * of the answer; only the caller's own cancellation rejects.
 */
export interface UiLinksPort {
  scenario(projectId: string, scenarioId: string, options?: LinkOptions): Promise<string | null>;
  report(projectId: string, reportId: string, options?: LinkOptions): Promise<string | null>;
  /**
   * A run's page: its report when known, or when it can be learnt in time from the run's
   * project (OctoPerf links report → runs only); else its scenario's runtime page.
   */
  run(run: RunLocation, options?: LinkOptions): Promise<string | null>;
}

export const UI_LINKS: unique symbol = Symbol("UiLinksPort");
