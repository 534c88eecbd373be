import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  asDomainError,
  assertNever,
  DEMO_RUNS_LIFETIME,
  FollowUpFailedError,
  LaunchRefusedError,
  OctoPerfError,
  whatFailed,
  type EntityKind,
  type OctoPerfErrorCode,
  type Setting,
} from "../../domain/errors.js";
import { endSentence } from "../../domain/use-cases/input.js";
import type { Logger } from "../../ports/logger-port.js";
import { errorLinks } from "../error-links.js";
import { EVERY_TOOL, hint, joined, offeredOf, type Offered } from "./offered-tools.js";
import { SETTING_VARIABLES } from "./setting-variables.js";

/** What the user can do next, per error kind, when the kind alone says it. */
const NEXT_STEP: Partial<Record<OctoPerfErrorCode, string>> = {
  INVALID_INPUT: "Fix the arguments and call the tool again.",
  UNAVAILABLE: "OctoPerf may be down or unreachable: try again in a minute.",
  TIMEOUT: "Nothing was changed by a read: it is safe to call the tool again.",
  CONTRACT: "This OctoPerf server answered in an unexpected shape: report it with the server version.",
};

/** Where valid ids of each kind come from, with the tools offered: a not-found error points there ("" when no tool offered gives them). */
function whereToFind(entity: EntityKind, offered: Offered): string {
  const listed = hint(offered, "octoperf_list_test_runs", ", or one listed by octoperf_list_test_runs");
  switch (entity) {
    case "workspace":
      return hint(offered, "octoperf_get_current_user_workspaces", "list workspaces with octoperf_get_current_user_workspaces");
    case "project":
      return hint(offered, "get_project_by_workspace_id", "list the projects of a workspace with get_project_by_workspace_id");
    case "scenario":
      return hint(offered, "get_runtime_id", "list scenarios with get_runtime_id");
    case "bench result":
      return `use the benchResultId of a launch${listed}`;
    case "bench report":
      return `use the reportId of a launch${listed}`;
  }
}

/**
 * Where the model's user can change a setting: the server's environment, except the team
 * server's per-user key, which is the one the user's MCP client sends.
 */
function settingWords(setting: Setting, keyFrom: KeySource): string {
  if (keyFrom === "request") {
    return setting === "apiKey"
      ? 'the OctoPerf API key your MCP client sends as "Authorization: Bearer <key>"'
      : `this server's ${SETTING_VARIABLES[setting]} (ask whoever runs it)`;
  }
  return SETTING_VARIABLES[setting];
}

/** A thrown error, explained for the model: its text, and its domain code when it is a known kind. */
export interface ExplainedError {
  readonly text: string;
  /** Absent for a bug (an error that is not an OctoPerfError). */
  readonly code?: OctoPerfErrorCode;
}

/** The words for a model, from each error's facts: tool names, parameters, next steps. */
function wordsFor(error: OctoPerfError, keyFrom: KeySource, offered: Offered): string {
  const known = asDomainError(error);
  switch (known.kind) {
    case "report-listing-unavailable": {
      const polls = offeredOf(offered, ["octoperf_status", "octoperf_wait_for_test"]).join(" and ");
      const works = joined(
        ", ",
        "workspaces, projects and scenarios",
        hint(offered, "octoperf_run_test", "octoperf_run_test"),
        polls,
        hint(offered, "octoperf_report", "octoperf_report with a reportId"),
      );
      const ids = hint(offered, "octoperf_run_test", " (octoperf_run_test returns both ids)");
      return (
        `This OctoPerf does not offer the report listing (GET ${known.path} answered HTTP ${known.httpStatus}; ` +
        `project "${known.projectId}" exists), so the runs of a project cannot be listed here. ` +
        `Everything else still works: ${works}, and metrics, SLA and comparison with a benchResultId${ids}. ` +
        "Past runs are in OctoPerf's UI, under the project's Analysis tab."
      );
    }
    case "not-found": {
      const run = known.entity === "bench result" || known.entity === "bench report";
      const [where, then] = !known.demo ? ["is visible to this API key", ":"] : run ? [`in this demo: ${DEMO_RUNS_LIFETIME}`, ";"] : ["in the demo data", ":"];
      const find = whereToFind(known.entity, offered);
      return `No ${known.entity} with id "${known.id}" ${where}${find === "" ? "" : `${then} ${find}`}.`;
    }
    case "authentication":
      return keyFrom === "request"
        ? `${withoutFinalStop(known.message)}: check the OctoPerf API key your MCP client sends as "Authorization: Bearer <key>" (Account > Profile > API Key in OctoPerf).`
        : `${withoutFinalStop(known.message)}: check OCTOPERF_API_KEY (Account > Profile > API Key in OctoPerf).`;
    case "upstream-timeout":
      return `${withoutFinalStop(known.message)} (OCTOPERF_TIMEOUT_MS): try again, or raise the timeout. ${NEXT_STEP.TIMEOUT}`;
    case "budget-exceeded":
      return known.subject.kind === "run-state"
        ? joined(" ", known.message, hint(offered, "octoperf_wait_for_test", "Call octoperf_wait_for_test again in a few seconds."))
        : plainWords(known, keyFrom);
    case "launch-refused":
      return refusalWords(known);
    case "coordination-unavailable": {
      const retry = offered.has("octoperf_run_test") ? "call octoperf_run_test again" : "try the launch again";
      return (
        `${known.message} This server's shared launch store (Redis) is unreachable. Status, waits and reports still work: ` +
        `${retry} in a minute; if it keeps failing, tell whoever runs this server (its /readyz says not ready).`
      );
    }
    case "launch-in-progress": {
      const ways = joined(
        ", or ",
        hint(offered, "octoperf_list_test_runs", `look for its run with octoperf_list_test_runs (scenarioId "${known.scenarioId}")`),
        hint(offered, "octoperf_run_test", "call octoperf_run_test again to be answered with it"),
      );
      return `${known.message} Do not launch it again${ways === "" ? "" : `: in a minute, ${ways}`}.`;
    }
    case "launch-check-failed": {
      const check = offered.has("octoperf_status") ? "with octoperf_status" : "in OctoPerf's UI";
      return (
        `${known.message} Check run "${known.benchResultId}" ${check}: if it is under way, follow it instead of launching; ` +
        "otherwise launch again (allowParallel: true starts another run regardless)."
      );
    }
    case "follow-up-failed": {
      const follow = offered.has("octoperf_wait_for_test")
        ? `keep following this run with octoperf_wait_for_test (benchResultId "${known.benchResultId}")`
        : `follow run "${known.benchResultId}" in OctoPerf's UI`;
      return (
        `Scenario "${known.scenarioId}" was launched as run "${known.benchResultId}", which is under way, but following it failed ` +
        `(${causeOf(known)}). Do not launch it again: ${follow}${hint(offered, "octoperf_evaluate_sla", ", then read its verdict with octoperf_evaluate_sla")}.`
      );
    }
    case "launch-outcome-unknown": {
      const link = errorLinks(known).scenario;
      const where = link === null ? "the scenario's runs in OctoPerf's UI" : `the scenario's runs in OctoPerf's UI: ${link}`;
      const lookup = {
        "not-tried": "",
        "not-found": " No run of it created since the launch was found yet (runs can take a few seconds to appear).",
        "listing-unavailable":
          " This OctoPerf does not offer the report listing, so the run it may have started could not be looked up: the outcome is unknown.",
        failed: " Looking for the run it may have started failed too: the outcome is unknown.",
      }[known.runLookup];
      // One piece of advice, once: this is the error where a second launch costs the most.
      const again = offered.has("octoperf_run_test") ? "call octoperf_run_test again" : "launch it again";
      return `${known.message}${lookup} Do not ${again} until you have checked ${where}`;
    }
    case "invalid-input":
    case "rate-limited":
    case "upstream-unavailable":
    case "upstream-contract":
    case "configuration":
    case "cancelled":
      return plainWords(known, keyFrom);
    default:
      return assertNever(known);
  }
}

/** The message, then the setting to check and the next step its code says, when there are. */
function plainWords(error: OctoPerfError, keyFrom: KeySource): string {
  const next = NEXT_STEP[error.code];
  const check =
    error.setting === undefined ? undefined : `Check ${settingWords(error.setting, keyFrom)}${error.code === "UNAVAILABLE" ? " and the network" : ""}.`;
  return [check === undefined && next === undefined ? error.message : endSentence(error.message), check, next].filter((part) => part !== undefined).join(" ");
}

function refusalWords(error: LaunchRefusedError): string {
  const { refusal } = error;
  switch (refusal.kind) {
    case "read-only":
      return `This server is read-only (OCTOPERF_READ_ONLY): it does not ${refusal.action} tests. Ask its owner to lift read-only mode, or use OctoPerf directly.`;
    case "not-allowed":
      return (
        `Scenario "${refusal.scenarioId}" may not be launched from here: it is not in OCTOPERF_ALLOWED_SCENARIOS, ` +
        `which allows ${refusal.allowedScenarios.map((id) => `"${id}"`).join(", ")}. Ask the server's owner to add it.`
      );
    case "upstream":
      return error.message;
  }
}

/** What made a follow-up fail, from the cause's facts. */
function causeOf(error: FollowUpFailedError): string {
  return error.cause instanceof OctoPerfError ? whatFailed(error.cause) : "OctoPerf failed";
}

function withoutFinalStop(text: string): string {
  return text.replace(/\.$/, "");
}

/**
 * The one place where a thrown error becomes words for the model, for tools and resources
 * alike. Domain errors carry facts, worded here; anything else is a bug, so its details
 * go to stderr and the model gets a generic message without internals.
 */
export function explainError(error: unknown, request: ErrorContext, logger: Logger): ExplainedError {
  if (error instanceof OctoPerfError) {
    logger.log("info", `${request.kind} failed`, { ...request.fields, code: error.code });
    return { text: wordsFor(error, request.keyFrom ?? "environment", request.offered ?? EVERY_TOOL), code: error.code };
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
  /** Where the server's OctoPerf key comes from: what a refused key tells the user to check. */
  readonly keyFrom?: KeySource;
  /** The tools the server offers (default: every tool): the words name no other. */
  readonly offered?: Offered;
  readonly subject: string;
  readonly fields: Record<string, unknown>;
}

/** The server's configuration (stdio, shared account), or each request's Bearer (the team server's per-user keys). */
export type KeySource = "environment" | "request";

/** Where the errors of one server are told: its log, whose key a call carries, the tools a hint may name. */
export interface ErrorAudience {
  readonly logger: Logger;
  readonly keyFrom?: KeySource;
  readonly offered?: Offered;
}

/** A thrown error as a tool result (`isError: true`), which the model reads. */
export function formatToolError(error: unknown, toolName: string, { logger, keyFrom = "environment", offered = EVERY_TOOL }: ErrorAudience): CallToolResult {
  const { text } = explainError(error, { kind: "tool call", subject: toolName, fields: { tool: toolName }, keyFrom, offered }, logger);
  return { isError: true, content: [{ type: "text", text }] };
}
