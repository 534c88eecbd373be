import { asDomainError, assertNever, OctoPerfError, whatFailed, type EntityKind } from "../domain/errors.js";
import { endSentence } from "../domain/use-cases/input.js";
import { errorLinks } from "../adapters/error-links.js";

/** Which method gives valid ids of each kind. */
const WHERE_TO_FIND: Record<EntityKind, string> = {
  workspace: "list workspaces with listWorkspaces()",
  project: "list the projects of a workspace with listProjects({ workspaceId })",
  scenario: "list scenarios with listScenarios()",
  "bench result": "use the benchResultId of launchScenario(), or one listed by listTestRuns()",
  "bench report": "use the benchReportId of launchScenario(), or one listed by listTestRuns()",
};

/**
 * The words for a library user, in method and option names, from an error's facts. The error
 * keeps its class and its facts (`instanceof`, `code`, `benchResultId`…): only `message` is
 * written for the reader.
 */
export function libraryMessage(error: OctoPerfError): string {
  const known = asDomainError(error);
  const plain = known.message.replace(/\.$/, "");
  switch (known.kind) {
    case "not-found":
      return `${plain}: ${WHERE_TO_FIND[known.entity]}.`;
    case "authentication":
      return `${plain}: check the apiKey option (Account > Profile > API Key in OctoPerf).`;
    case "upstream-timeout":
      return `${plain} (timeoutMs option): try again, or raise the timeout.`;
    case "budget-exceeded":
      return known.subject.kind === "run-state" ? `${known.message} Call waitForRun again in a few seconds.` : plainMessage(known);
    case "launch-refused": {
      const { refusal } = known;
      if (refusal.kind === "read-only") return `This OctoPerf client is read-only (readOnly option): it does not ${refusal.action} tests.`;
      if (refusal.kind === "not-allowed") {
        return (
          `Scenario "${refusal.scenarioId}" may not be launched: it is not in the allowedScenarios option, ` +
          `which allows ${refusal.allowedScenarios.map((id) => `"${id}"`).join(", ")}.`
        );
      }
      return known.message;
    }
    case "coordination-unavailable":
      return `${known.message} The coordination store passed to this client is unreachable: call launchScenario again once it answers; reads still work.`;
    case "launch-in-progress":
      return `${known.message} Do not launch it again: call launchScenario again later to be answered with its run, or look for it with listTestRuns({ scenarioId }).`;
    case "launch-check-failed":
      return (
        `${known.message} Check run "${known.benchResultId}" with getRunStatus: if it is under way, follow it with waitForRun instead of launching; ` +
        "otherwise call launchScenario again (allowParallel: true starts another run regardless)."
      );
    case "follow-up-failed": {
      const cause = known.cause instanceof OctoPerfError ? whatFailed(known.cause) : "OctoPerf failed";
      return (
        `Scenario "${known.scenarioId}" was launched as run "${known.benchResultId}", which is under way, but following it failed (${cause}). ` +
        `Do not launch it again: keep following it with waitForRun({ benchResultId: "${known.benchResultId}" }), then evaluateSla.`
      );
    }
    case "launch-outcome-unknown": {
      const link = errorLinks(known).scenario;
      const where = link === null ? "the scenario's runs in OctoPerf" : `the scenario's runs in OctoPerf (${link})`;
      return `${known.message} Before calling launchScenario again, check ${where}.`;
    }
    case "invalid-input":
    case "rate-limited":
    case "upstream-unavailable":
    case "upstream-contract":
    case "report-listing-unavailable":
    case "configuration":
    case "cancelled":
      return plainMessage(known);
    default:
      return assertNever(known);
  }
}

/** The message, and the option to check when the error points at one. */
function plainMessage(error: OctoPerfError): string {
  if (error.setting !== undefined) {
    return `${endSentence(error.message)} Check the ${error.setting} option${error.code === "UNAVAILABLE" ? " and the network" : ""}.`;
  }
  return error.message;
}

/** Rewrites a thrown domain error's message in library terms, in place, and passes it on. */
export function inLibraryTerms(error: unknown): unknown {
  if (error instanceof OctoPerfError) error.message = libraryMessage(error);
  return error;
}
