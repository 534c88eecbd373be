import {
  AuthenticationError,
  BudgetExceededError,
  FollowUpFailedError,
  LaunchCheckFailedError,
  CoordinationUnavailableError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  UpstreamTimeoutError,
  whatFailed,
  type EntityKind,
} from "../domain/errors.js";
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
  const plain = error.message.replace(/\.$/, "");
  if (error instanceof NotFoundError) return `${plain}: ${WHERE_TO_FIND[error.entity]}.`;
  if (error instanceof AuthenticationError) return `${plain}: check the apiKey option (Account > Profile > API Key in OctoPerf).`;
  if (error instanceof UpstreamTimeoutError) return `${plain} (timeoutMs option): try again, or raise the timeout.`;
  if (error instanceof BudgetExceededError && error.subject.kind === "run-state") return `${error.message} Call waitForRun again in a few seconds.`;
  if (error instanceof LaunchRefusedError) {
    const { refusal } = error;
    if (refusal.kind === "read-only") return `This OctoPerf client is read-only (readOnly option): it does not ${refusal.action} tests.`;
    if (refusal.kind === "not-allowed") {
      return (
        `Scenario "${refusal.scenarioId}" may not be launched: it is not in the allowedScenarios option, ` +
        `which allows ${refusal.allowedScenarios.map((id) => `"${id}"`).join(", ")}.`
      );
    }
    return error.message;
  }
  if (error instanceof CoordinationUnavailableError) {
    return `${error.message} The coordination store passed to this client is unreachable: call launchScenario again once it answers; reads still work.`;
  }
  if (error instanceof LaunchInProgressError) {
    return `${error.message} Do not launch it again: call launchScenario again later to be answered with its run, or look for it with listTestRuns({ scenarioId }).`;
  }
  if (error instanceof LaunchCheckFailedError) {
    return (
      `${error.message} Check run "${error.benchResultId}" with getRunStatus: if it is under way, follow it with waitForRun instead of launching; ` +
      "otherwise call launchScenario again (allowParallel: true starts another run regardless)."
    );
  }
  if (error instanceof FollowUpFailedError) {
    const cause = error.cause instanceof OctoPerfError ? whatFailed(error.cause) : "OctoPerf failed";
    return (
      `Scenario "${error.scenarioId}" was launched as run "${error.benchResultId}", which is under way, but following it failed (${cause}). ` +
      `Do not launch it again: keep following it with waitForRun({ benchResultId: "${error.benchResultId}" }), then evaluateSla.`
    );
  }
  if (error instanceof LaunchOutcomeUnknownError) {
    const link = errorLinks(error).scenario;
    const where = link === null ? "the scenario's runs in OctoPerf" : `the scenario's runs in OctoPerf (${link})`;
    return `${error.message} Before calling launchScenario again, check ${where}.`;
  }
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
