import { LaunchOutcomeUnknownError } from "../domain/errors.js";

/** Deep links that go with a thrown domain error, for the edge that words it. */
export interface ErrorLinks {
  /** The scenario's runtime page in OctoPerf's UI, where its runs show; null when unknown. */
  readonly scenario: string | null;
}

/**
 * A launch whose outcome is unknown as it leaves the linking layer (linked-use-cases.ts): the
 * domain error's facts (its class, message, cause and run lookup are the same), and the link to
 * the scenario's runs, where to check, looked up before it left. The edges (MCP, library, CLI)
 * word errors synchronously: the link travels on the error they get, the domain's stays facts.
 */
export class LinkedLaunchOutcomeUnknownError extends LaunchOutcomeUnknownError {
  constructor(
    error: LaunchOutcomeUnknownError,
    readonly scenarioUrl: string | null,
  ) {
    super(error.scenarioId, error.reason, { cause: error.cause, runLookup: error.runLookup, projectId: error.projectId });
    // The same error to whoever reads it: its name, and where it was thrown.
    this.name = error.name;
    if (error.stack !== undefined) this.stack = error.stack;
  }
}

/** The links of this error: none for an error that never went through the linking layer. */
export function errorLinks(error: LaunchOutcomeUnknownError): ErrorLinks {
  return { scenario: error instanceof LinkedLaunchOutcomeUnknownError ? error.scenarioUrl : null };
}
