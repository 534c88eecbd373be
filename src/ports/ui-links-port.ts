import type { TestRun } from "../domain/model/test-run.js";

/**
 * Deep links into the OctoPerf web UI, so every answer that names a run, a report or a scenario
 * lets a person open it. Presentation, behind a port: how a link is built (and what it costs to
 * learn a project's workspace) is the adapter's business. A link is a convenience: null when it
 * cannot be built, never a failure of the answer; only the caller's own cancellation rejects.
 */
/** Only the caller's own cancellation: a link never outlives the answer it belongs to. */
export interface LinkOptions {
  readonly signal?: AbortSignal;
}

export interface UiLinksPort {
  scenario(projectId: string, scenarioId: string, options?: LinkOptions): Promise<string | null>;
  report(projectId: string, reportId: string, options?: LinkOptions): Promise<string | null>;
  /** A run's page: its report when known, else its scenario's runtime page. */
  run(run: TestRun, options?: LinkOptions): Promise<string | null>;
}

/** For use cases built without links (a bare use case built by hand): every link is null. */
export const NO_LINKS: UiLinksPort = {
  scenario: async () => null,
  report: async () => null,
  run: async () => null,
};

export const UI_LINKS: unique symbol = Symbol("UiLinksPort");
