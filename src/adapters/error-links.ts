import type { LaunchOutcomeUnknownError } from "../domain/errors.js";

/**
 * Deep links that go with a thrown domain error, for the edge that words it. The error carries
 * ids (the scenario, its project); the linking layer (linked-use-cases.ts) looks the link up
 * before the error leaves it, and the renderers (MCP, library, CLI), which word errors
 * synchronously, read it here. Kept beside the error rather than on it: the error stays facts.
 */
export interface ErrorLinks {
  /** The scenario's runtime page in OctoPerf's UI, where its runs show; null when unknown. */
  readonly scenario: string | null;
}

const linksOfErrors = new WeakMap<LaunchOutcomeUnknownError, ErrorLinks>();

export function attachErrorLinks(error: LaunchOutcomeUnknownError, links: ErrorLinks): void {
  linksOfErrors.set(error, links);
}

/** The links looked up for this error, or none (an error that never went through the linking layer). */
export function errorLinks(error: LaunchOutcomeUnknownError): ErrorLinks {
  return linksOfErrors.get(error) ?? { scenario: null };
}
