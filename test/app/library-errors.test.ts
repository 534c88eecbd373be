/**
 * The library speaks in method and option names: a library user is never told to call an MCP
 * tool or set an environment variable, and still catches errors by class and reads their facts.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDemoOctoPerf, createOctoPerf } from "../../src/app/create-octoperf.js";
import {
  ConfigurationError,
  CoordinationUnavailableError,
  LaunchRefusedError,
  NotFoundError,
  UpstreamContractError,
  UpstreamUnavailableError,
} from "../../src/domain/errors.js";
import { libraryMessage } from "../../src/app/library-errors.js";
import { SEED } from "../support/seed-ids.js";

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
      .launchScenario({ scenarioId: SEED.scenario.checkoutSmoke })
      .catch((e: unknown) => e);
    expect(readOnly).toBeInstanceOf(LaunchRefusedError);
    expect((readOnly as Error).message).toMatch(/readOnly option/);
    expect((readOnly as Error).message).not.toMatch(EDGE_WORDS);

    const allowlist = await createDemoOctoPerf({ allowedScenarios: [SEED.scenario.checkoutSmoke] })
      .launchScenario({ scenarioId: SEED.scenario.checkoutNightly })
      .catch((e: unknown) => e);
    expect(allowlist).toMatchObject({ code: "LAUNCH_REFUSED", refusal: { kind: "not-allowed" } });
    expect((allowlist as Error).message).toMatch(/allowedScenarios option, which allows "checkoutSmoke0000002"/);
    expect((allowlist as Error).message).not.toMatch(EDGE_WORDS);
  });

  it("bad input keeps its plain words", async () => {
    const error = await createDemoOctoPerf({})
      .listTestRuns({})
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/give a projectId or a scenarioId/);
    expect((error as Error).message).not.toMatch(EDGE_WORDS);
  });

  it("a coordination store that fails refuses the launch in library terms", () => {
    const message = libraryMessage(new CoordinationUnavailableError(SEED.scenario.checkoutSmoke, "claim"));
    expect(message).toMatch(/nothing was launched.*call launchScenario again once it answers; reads still work/);
    expect(message).not.toMatch(EDGE_WORDS);
  });

  describe("a setting to check is named as the option the caller passed", () => {
    const KEY = "3f9c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

    async function listen(handler?: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
      const server = handler ? createServer(handler) : createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    }

    it("a refused connection: the baseUrl option and the network", async () => {
      const closed = await listen();
      await closed.close();
      const error = await createOctoPerf({ apiKey: KEY, baseUrl: closed.url, maxRetries: 0 })
        .listWorkspaces()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error).toMatchObject({ code: "UNAVAILABLE", setting: "baseUrl" });
      expect((error as Error).message).toMatch(/\(ECONNREFUSED\)\. Check the baseUrl option and the network\.$/);
      expect((error as Error).message).not.toMatch(EDGE_WORDS);
    });

    it("a 404 on the API root: the baseUrl option", async () => {
      const notRoot = await listen((_, response) => response.writeHead(404).end());
      try {
        const error = await createOctoPerf({ apiKey: KEY, baseUrl: notRoot.url, maxRetries: 0 })
          .listWorkspaces()
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UpstreamContractError);
        expect((error as Error).message).toMatch(/not be the OctoPerf API root \(it takes no path prefix\)\. Check the baseUrl option\.$/);
        expect((error as Error).message).not.toMatch(EDGE_WORDS);
      } finally {
        await notRoot.close();
      }
    });

    it("a base URL the HTTP adapter refuses when the client is built", () => {
      let error: unknown;
      try {
        createOctoPerf({ apiKey: KEY, baseUrl: "https://user:pass@api.octoperf.example" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toBe("The OctoPerf base URL must not carry credentials, a query or a fragment. Check the baseUrl option.");
      expect((error as Error).message).not.toContain("pass");
    });
  });
});
