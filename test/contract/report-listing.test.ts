import { afterEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../src/adapters/http/http-octoperf-adapter.js";
import { NotFoundError, ReportListingUnavailableError } from "../../src/domain/errors.js";
import { FIXTURES_DIR, startFixtureOctoPerf, type FixtureOctoPerf } from "../support/fixture-octoperf-server.js";
import { spawnServer, type SpawnedServer } from "../support/spawn-server.js";

/** The one UNCONFIRMED path, GET /analysis/bench-reports/by-project/{projectId}, missing on a real OctoPerf. */
const KEY = "5ecret00-k3y0-4d1e-9a8e-fixtures0003";
const W1 = "Gdz5nIYBhM3oiEdLW1y6";
const P1 = "OWA7I2wB6ANMBjnljPXv";
const S1 = "aKpHtoYBUDjbSvwJg3Vu";

let server: FixtureOctoPerf | undefined;
let mcp: SpawnedServer | undefined;
afterEach(async () => {
  await mcp?.close();
  await server?.close();
  mcp = undefined;
  server = undefined;
});

const textOf = (result: { content?: unknown }) => (result.content as { text: string }[]).map((c) => c.text).join("\n");

describe("a missing report listing", () => {
  for (const [set, status] of [
    ["no-report-listing", 404],
    ["method-not-allowed-listing", 405],
  ] as const) {
    it(`is told apart from a missing project (HTTP ${status})`, async () => {
      server = await startFixtureOctoPerf({ dir: `${FIXTURES_DIR}${set}`, apiKey: KEY });
      const adapter = new HttpOctoPerfAdapter({ baseUrl: server.baseUrl, apiKey: KEY, timeoutMs: 2000, maxRetries: 0 });
      const error = await adapter.listReports(P1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportListingUnavailableError);
      expect(error).toMatchObject({
        code: "REPORT_LISTING_UNAVAILABLE",
        projectId: P1,
        httpStatus: status,
        path: "/analysis/bench-reports/by-project/{projectId}",
      });
      // A project that does not exist is still "no such project".
      const missing = await adapter.listReports("N0SuchPr0ject0000001").catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NotFoundError);
    });
  }

  it("through the built server: the history says the listing is not offered and what still works", async () => {
    server = await startFixtureOctoPerf({ dir: `${FIXTURES_DIR}no-report-listing`, apiKey: KEY });
    mcp = await spawnServer([], { OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: server.baseUrl, OCTOPERF_MAX_RETRIES: "0" });
    const result = await mcp.call("octoperf_list_test_runs", { projectId: P1 });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain("This OctoPerf does not offer the report listing");
    expect(text).toContain("HTTP 404");
    expect(text).toContain("Everything else still works");
    expect(text).not.toMatch(/No project with id/);
    // Discovery and a run read by id are unaffected.
    expect((await mcp.call("get_runtime_id", { projectId: P1 })).isError).toBeFalsy();
    expect((await mcp.call("octoperf_evaluate_sla", { benchResultId: "rcFdvIYBUDjbSvwJ1EC_" })).isError).toBeFalsy();
  });

  it("through the built server: a lost launch says the outcome is unknown and links the scenario's runs in the UI", async () => {
    server = await startFixtureOctoPerf({ dir: `${FIXTURES_DIR}lost-launch-no-listing`, apiKey: KEY });
    mcp = await spawnServer([], { OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: server.baseUrl, OCTOPERF_MAX_RETRIES: "0" });
    const result = await mcp.call("octoperf_run_test", { runtimeId: S1 });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toContain("outcome is unknown");
    expect(text).toContain("This OctoPerf does not offer the report listing, so the run it may have started could not be looked up");
    expect(text).toContain(
      `Do not call octoperf_run_test again until you have checked the scenario's runs in OctoPerf's UI: ${server.baseUrl}/ui/workspace/${W1}/project/${P1}/runtime/scenario/${S1}`,
    );
    expect(server.requestsTo("POST", `/runtime/scenarios/run/${S1}`)).toHaveLength(1);
  });
});
