/**
 * The library speaks in method and option names: a library user is never told to call an MCP
 * tool or set an environment variable, and still catches errors by class and reads their facts.
 */
import { describe, expect, it } from "vitest";
import { createDemoOctoPerf } from "../../src/app/create-octoperf.js";
import { CoordinationUnavailableError, LaunchRefusedError, NotFoundError } from "../../src/domain/errors.js";
import { libraryMessage } from "../../src/app/library-errors.js";

const EDGE_WORDS = /octoperf_|get_runtime_id|get_project_by_workspace_id|OCTOPERF_/;

describe("errors of the library API", () => {
  it("an unknown run: NotFoundError with its facts, pointing at the library's methods", async () => {
    const octoperf = createDemoOctoPerf({});
    const error = await octoperf.getRunStatus({ benchResultId: "noSuchRun00000000001" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "NOT_FOUND", entity: "bench result", id: "noSuchRun00000000001" });
    expect((error as Error).message).toMatch(/listTestRuns\(\)/);
    expect((error as Error).message).not.toMatch(EDGE_WORDS);
  });

  it("read-only and allowlist refusals name the options, not the variables", async () => {
    const readOnly = await createDemoOctoPerf({ readOnly: true })
      .launchScenario({ scenarioId: "checkoutSmoke0000002" })
      .catch((e: unknown) => e);
    expect(readOnly).toBeInstanceOf(LaunchRefusedError);
    expect((readOnly as Error).message).toMatch(/readOnly option/);
    expect((readOnly as Error).message).not.toMatch(EDGE_WORDS);

    const allowlist = await createDemoOctoPerf({ allowedScenarios: ["checkoutSmoke0000002"] })
      .launchScenario({ scenarioId: "checkoutNightly00001" })
      .catch((e: unknown) => e);
    expect(allowlist).toMatchObject({ code: "LAUNCH_REFUSED", refusal: { kind: "not-allowed" } });
    expect((allowlist as Error).message).toMatch(/allowedScenarios option, which allows "checkoutSmoke0000002"/);
    expect((allowlist as Error).message).not.toMatch(EDGE_WORDS);
  });

  it("bad input keeps its plain words", async () => {
    const error = await createDemoOctoPerf({}).listTestRuns({}).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/give a projectId or a scenarioId/);
    expect((error as Error).message).not.toMatch(EDGE_WORDS);
  });

  it("a coordination store that fails refuses the launch in library terms", () => {
    const message = libraryMessage(new CoordinationUnavailableError("checkoutSmoke0000002", "claim"));
    expect(message).toMatch(/nothing was launched.*call launchScenario again once it answers; reads still work/);
    expect(message).not.toMatch(EDGE_WORDS);
  });
});
