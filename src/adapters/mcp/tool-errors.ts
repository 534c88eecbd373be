import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { OctoPerfError, type OctoPerfErrorCode } from "../../domain/errors.js";
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

/**
 * The one place where a thrown error becomes a tool result. Domain errors carry messages
 * written for users; anything else is a bug, so its details go to stderr and the model gets a
 * generic message without internals.
 */
export function formatToolError(error: unknown, toolName: string, logger: Logger): CallToolResult {
  let text: string;
  if (error instanceof OctoPerfError) {
    const next = NEXT_STEP[error.code];
    text = next === undefined ? error.message : `${endSentence(error.message)} ${next}`;
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
