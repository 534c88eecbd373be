/** The CLI's words: a person at a terminal set the server up through environment variables. */
import { describe, expect, it } from "vitest";
import { cliMessage } from "../../src/app/cli-errors.js";
import { ENV_VARIABLES } from "../../src/app/config.js";
import { ConfigurationError, UpstreamContractError, UpstreamUnavailableError, type Setting } from "../../src/domain/errors.js";

describe("a setting to check, in the CLI's words", () => {
  it.each<Setting>(["baseUrl", "apiKey", "timeoutMs", "maxRetries"])("names the variable of %s", (setting) => {
    expect(cliMessage(new ConfigurationError("The value is wrong.", { setting }))).toBe(`The value is wrong. Check ${ENV_VARIABLES[setting]}.`);
  });

  it("adds the network to an unreachable OctoPerf", () => {
    const error = new UpstreamUnavailableError("Could not connect to OctoPerf at api.example (ENOTFOUND).", { setting: "baseUrl" });
    expect(cliMessage(error)).toBe("Could not connect to OctoPerf at api.example (ENOTFOUND). Check OCTOPERF_BASE_URL and the network.");
  });

  it("leaves an error that points at no setting as it is", () => {
    expect(cliMessage(new UpstreamContractError("OctoPerf's answer is not the documented shape."))).toBe("OctoPerf's answer is not the documented shape.");
  });
});
