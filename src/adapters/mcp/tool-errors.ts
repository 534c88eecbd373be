import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LaunchOutcomeUnknownError, OctoPerfError, ReportListingUnavailableError, type OctoPerfErrorCode } from "../../domain/errors.js";
import type { Logger } from "../../ports/logger-port.js";

/** What the user can do next, per error kind: appended to the error's own (trusted) message. */
const NEXT_STEP: Partial<Record<OctoPerfErrorCode, string>> = {
  INVALID_INPUT: "Fix the arguments and call the tool again.",
  UNAVAILABLE: "OctoPerf may be down or unreachable: try again in a minute.",
  TIMEOUT: "Nothing was changed by a read: it is safe to call the tool again.",
  CONTRACT: "This OctoPerf server answered in an unexpected shape: report it with the server version.",
  LAUNCH_OUTCOME_UNKNOWN: "Do not call octoperf_run_test again until you have checked the scenario's recent runs.",
};

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
  const base = next === undefined ? error.message : `${error.message} ${next}`;
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
 * The one place where a thrown error becomes a tool result. Domain errors carry messages
 * written for users; anything else is a bug, so its details go to stderr and the model gets a
 * generic message without internals.
 */
export function formatToolError(error: unknown, toolName: string, logger: Logger): CallToolResult {
  let text: string;
  if (error instanceof OctoPerfError) {
    text = wordsFor(error);
    logger.log("info", "tool call failed", { tool: toolName, code: error.code });
  } else {
    text = `${toolName} failed with an internal error; details are in the server log (stderr). The server is still running.`;
    logger.log("error", "tool call crashed", {
      tool: toolName,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
  }
  return { isError: true, content: [{ type: "text", text }] };
}
