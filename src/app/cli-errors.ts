import {
  AuthenticationError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  UpstreamTimeoutError,
} from "../domain/errors.js";
import { endSentence } from "../domain/use-cases/input.js";
import { ENV_VARIABLES } from "./config.js";
import { errorLinks } from "../adapters/error-links.js";

/**
 * The words for a person at a terminal (the CLI commands: gate, doctor), from an error's facts:
 * they set the server up through environment variables, so the words name those.
 */
export function cliMessage(error: OctoPerfError): string {
  const plain = error.message.replace(/\.$/, "");
  if (error instanceof AuthenticationError) return `${plain}: check OCTOPERF_API_KEY (Account > Profile > API Key in OctoPerf).`;
  if (error instanceof UpstreamTimeoutError) return `${plain} (OCTOPERF_TIMEOUT_MS): try again, or raise the timeout.`;
  if (error instanceof NotFoundError) return `${plain}: copy the id from OctoPerf, in a workspace this API key belongs to.`;
  if (error instanceof LaunchRefusedError) {
    const { refusal } = error;
    if (refusal.kind === "read-only") return `read-only (OCTOPERF_READ_ONLY is set): this does not ${refusal.action} tests.`;
    if (refusal.kind === "not-allowed") {
      return (
        `scenario "${refusal.scenarioId}" is not in OCTOPERF_ALLOWED_SCENARIOS, ` +
        `which allows ${refusal.allowedScenarios.map((id) => `"${id}"`).join(", ")}.`
      );
    }
    return error.message;
  }
  if (error instanceof LaunchInProgressError) return `${error.message} Do not launch it again: its run will show in OctoPerf.`;
  if (error instanceof LaunchOutcomeUnknownError) {
    const link = errorLinks(error).scenario;
    const where = link === null ? "the scenario's runs in OctoPerf" : `the scenario's runs in OctoPerf (${link})`;
    return `${error.message} Check ${where} before launching again.`;
  }
  if (error.setting !== undefined) {
    return `${endSentence(error.message)} Check ${ENV_VARIABLES[error.setting]}${error.code === "UNAVAILABLE" ? " and the network" : ""}.`;
  }
  return error.message;
}
