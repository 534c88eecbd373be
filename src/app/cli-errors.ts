import { asDomainError, assertNever, type OctoPerfError } from "../domain/errors.js";
import { endSentence } from "../domain/use-cases/input.js";
import { ENV_VARIABLES } from "./config.js";
import { errorLinks } from "../adapters/error-links.js";

/**
 * The words for a person at a terminal (the CLI commands: gate, doctor), from an error's facts:
 * they set the server up through environment variables, so the words name those.
 */
export function cliMessage(error: OctoPerfError): string {
  const known = asDomainError(error);
  const plain = known.message.replace(/\.$/, "");
  switch (known.kind) {
    case "authentication":
      return `${plain}: check OCTOPERF_API_KEY (Account > Profile > API Key in OctoPerf).`;
    case "upstream-timeout":
      return `${plain} (OCTOPERF_TIMEOUT_MS): try again, or raise the timeout.`;
    case "not-found":
      return `${plain}: copy the id from OctoPerf, in a workspace this API key belongs to.`;
    case "launch-refused": {
      const { refusal } = known;
      if (refusal.kind === "read-only") return `read-only (OCTOPERF_READ_ONLY is set): this does not ${refusal.action} tests.`;
      if (refusal.kind === "not-allowed") {
        return (
          `scenario "${refusal.scenarioId}" is not in OCTOPERF_ALLOWED_SCENARIOS, ` +
          `which allows ${refusal.allowedScenarios.map((id) => `"${id}"`).join(", ")}.`
        );
      }
      return known.message;
    }
    case "launch-in-progress":
      return `${known.message} Do not launch it again: its run will show in OctoPerf.`;
    case "launch-outcome-unknown": {
      const link = errorLinks(known).scenario;
      const where = link === null ? "the scenario's runs in OctoPerf" : `the scenario's runs in OctoPerf (${link})`;
      return `${known.message} Check ${where} before launching again.`;
    }
    case "invalid-input":
    case "rate-limited":
    case "upstream-unavailable":
    case "budget-exceeded":
    case "launch-check-failed":
    case "upstream-contract":
    case "report-listing-unavailable":
    case "follow-up-failed":
    case "configuration":
    case "cancelled":
    case "coordination-unavailable":
      return known.setting === undefined
        ? known.message
        : `${endSentence(known.message)} Check ${ENV_VARIABLES[known.setting]}${known.code === "UNAVAILABLE" ? " and the network" : ""}.`;
    default:
      return assertNever(known);
  }
}
