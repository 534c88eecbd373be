import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LaunchOutcomeUnknownError, OctoPerfError, ReportListingUnavailableError, type OctoPerfErrorCode } from "../../domain/errors.js";
import { endSentence } from "../../domain/use-cases/input.js";
import type { Logger } from "../../ports/logger-port.js";

/** What the user can do next, per error kind: appended to the error's own (trusted) message. */
const NEXT_STEP: Partial<Record<OctoPerfErrorCode, string>> = {
  INVALID_INPUT: "Fix the arguments and call the tool again.",
  UNAVAILABLE: "OctoPerf may be down or unreachable: try again in a minute.",
  TIMEOUT: "Nothing was changed by a read: it is safe to call the tool again.",
  CONTRACT: "This OctoPerf server answered in an unexpected shape: report it with the server version.",
  LAUNCH_OUTCOME_UNKNOWN: "Do not call octoperf_run_test again until you have checked the scenario's recent runs.",
};

/** A thrown error, explained for the model: its text, and its domain code when it is a known kind. */
export interface ExplainedError {
  readonly text: string;
  /** Absent for a bug (an error that is not an OctoPerfError). */
  readonly code?: OctoPerfErrorCode;
}

/** The words for facts-only errors, and for the facts some errors add to their message. */
function wordsFor(error: OctoPerfError): string {
  if (error instanceof ReportListingUnavailableError) {
    return (
      `This OctoPerf does not offer the report listing (GET ${error.path} answered HTTP ${error.httpStatus}; ` +
      `project "${error.projectId}" exists), so the runs of a project cannot be listed here. ` +
      "Everything else still works: workspaces, projects and scenarios, octoperf_run_test, octoperf_status and " +
      "octoperf_wait_for_test, octoperf_report with a reportId, and metrics, SLA and comparison with a benchResultId " +
      "(octoperf_run_test returns both ids). Past runs are in OctoPerf's UI, under the project's Analysis tab."
    );
  }
  const next = NEXT_STEP[error.code];
  const base = next === undefined ? error.message : `${endSentence(error.message)} ${next}`;
  if (error instanceof LaunchOutcomeUnknownError) {
    const where = error.scenarioUrl === null ? "the scenario's runs in OctoPerf's UI" : `the scenario's runs in OctoPerf's UI: ${error.scenarioUrl}`;
    const lookup = {
      "not-tried": "",
      "not-found": " No run of it created since the launch was found yet (runs can take a few seconds to appear).",
      "listing-unavailable":
        " This OctoPerf does not offer the report listing, so the run it may have started could not be looked up: the outcome is unknown.",
      failed: " Looking for the run it may have started failed too: the outcome is unknown.",
    }[error.runLookup];
    return `${base}${lookup} Before launching again, check ${where}`;
  }
  return base;
}

/**
 * The one place where a thrown error becomes words for the model, for tools and resources
 * alike. Domain errors carry messages written for users; anything else is a bug, so its details
 * go to stderr and the model gets a generic message without internals.
 */
export function explainError(error: unknown, request: ErrorContext, logger: Logger): ExplainedError {
  if (error instanceof OctoPerfError) {
    logger.log("info", `${request.kind} failed`, { ...request.fields, code: error.code });
    return { text: wordsFor(error), code: error.code };
  }
  logger.log("error", `${request.kind} crashed`, {
    ...request.fields,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return { text: `${request.subject} failed with an internal error; details are in the server log (stderr). The server is still running.` };
}

/** Which request failed: for the log (`kind`, `fields`) and for the generic text of a bug (`subject`). */
export interface ErrorContext {
  readonly kind: "tool call" | "resource read";
  readonly subject: string;
  readonly fields: Record<string, unknown>;
}

/** A thrown error as a tool result (`isError: true`), which the model reads. */
export function formatToolError(error: unknown, toolName: string, logger: Logger): CallToolResult {
  const { text } = explainError(error, { kind: "tool call", subject: toolName, fields: { tool: toolName } }, logger);
  return { isError: true, content: [{ type: "text", text }] };
}
