/**
 * End to end over MCP stdio in HTTP mode: the BUILT server (the bin, dist/bin/octoperf-mcp.js) started with
 * OCTOPERF_API_KEY and OCTOPERF_BASE_URL pointing at the loopback OctoPerf stub, driven by the
 * SDK Client: discover → launch → poll → analyze, then the 401 path of a wrong key. What the
 * stub received (method, path, Authorization: Bearer <key>) is asserted, and every result and
 * the whole stderr are scanned for the key.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { launchCount, undocumentedRequests } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, SecretScanner, WRONG_API_KEY } from "../support/secret-scan.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

const KEY = CANARY_API_KEY;
const scanner = new SecretScanner([KEY, WRONG_API_KEY]);

let stub: StubOctoPerf;
beforeEach(async () => {
  stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 1_500 } });
});
afterEach(async () => {
  await closeAllRecorded();
  await stub.close();
});

function ok<T>(result: CallToolResult): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  expect(result.structuredContent).toBeDefined();
  return result.structuredContent as T;
}

const env = (apiKey: string) => ({ OCTOPERF_API_KEY: apiKey, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_TIMEOUT_MS: "5000" });

describe("the built server over stdio, HTTP mode, against the loopback OctoPerf", () => {
  it("discover → launch → poll → analyze, with every request authenticated and documented", { timeout: 30_000 }, async () => {
    const server = await spawnRecorded([], env(KEY), { scanner, label: "e2e http" });

    // Discover.
    const { workspaces } = ok<{ workspaces: { id: string; name: string }[] }>(await server.call("octoperf_get_current_user_workspaces"));
    const workspace = workspaces.find((w) => w.name === "Acme Retail")!;
    const { projects } = ok<{ projects: { id: string; name: string }[] }>(await server.call("get_project_by_workspace_id", { workspaceId: workspace.id }));
    const project = projects.find((p) => p.name === "Checkout API")!;
    const { scenarios } = ok<{ scenarios: { id: string; name: string; totalVus: number }[] }>(await server.call("get_runtime_id", { projectId: project.id }));
    const scenario = scenarios.find((s) => s.name === "Checkout smoke 20 VUs")!;
    expect(scenario.totalVus).toBe(20);

    // Launch.
    const launched = ok<{ benchResultId: string; reportId: string; scenarioId: string; outcome: string }>(
      await server.call("octoperf_run_test", { runtimeId: scenario.id }),
    );
    expect(launched).toMatchObject({ scenarioId: scenario.id, outcome: "launched" });

    // Poll, bounded.
    type Status = { state: string; terminal: boolean; reportId: string | null };
    let status: Status | undefined;
    for (let i = 0; i < 100 && !status?.terminal; i++) {
      const polled = ok<Status>(await server.call("octoperf_status", { benchResultId: launched.benchResultId }));
      status = polled;
      if (!polled.terminal) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toMatchObject({ state: "FINISHED", terminal: true, reportId: launched.reportId });

    // Analyze.
    const report = ok<{ benchResultIds: string[] }>(await server.call("octoperf_report", { reportId: launched.reportId }));
    expect(report.benchResultIds).toEqual([launched.benchResultId]);
    const metrics = ok<{ partial: boolean; metrics: { metricId: string; unit: string; value: number | null }[] }>(
      await server.call("octoperf_get_report_metrics", { benchResultId: launched.benchResultId, metricIds: ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"] }),
    );
    expect(metrics.partial).toBe(false);
    expect(metrics.metrics).toEqual([
      expect.objectContaining({ metricId: "RESPONSE_TIME_PERCENTILE_95", unit: "ms", value: expect.any(Number) }),
      expect.objectContaining({ metricId: "ERRORS_PERCENT", unit: "%", value: expect.any(Number) }),
    ]);
    const sla = ok<{ verdict: string; criteriaSource: string }>(await server.call("octoperf_evaluate_sla", { benchResultId: launched.benchResultId }));
    expect(sla).toMatchObject({ criteriaSource: "default", verdict: expect.stringMatching(/^(PASS|FAIL)$/) });

    const exit = await server.close();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.transport.impurities()).toEqual([]);

    // What OctoPerf saw.
    const seen = stub.requests.map((r) => `${r.method} ${r.path}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "GET /workspaces/member-of",
        `GET /design/projects/by-workspace/${workspace.id}/DESIGN`,
        `GET /runtime/scenarios/by-project/${project.id}`,
        `GET /runtime/scenarios/${scenario.id}`,
        `POST /runtime/scenarios/run/${scenario.id}`,
        `GET /runtime/bench-results/${launched.benchResultId}`,
        `GET /analysis/bench-reports/${launched.reportId}`,
        "POST /analysis/metrics/summary",
      ]),
    );
    expect(seen.indexOf(`POST /runtime/scenarios/run/${scenario.id}`)).toBeGreaterThan(seen.indexOf(`GET /runtime/scenarios/${scenario.id}`));
    expect(launchCount(stub.requests)).toBe(1);
    expect(undocumentedRequests(stub.requests)).toEqual([]);
    for (const request of stub.requests) {
      expect(request.headers["authorization"], `${request.method} ${request.path}`).toBe(`Bearer ${KEY}`);
      expect(request.headers["accept"]).toMatch(/application\/json/);
    }
    const summary = stub.requestsTo("POST", "/analysis/metrics/summary").at(-1)!;
    const body = JSON.parse(summary.body) as { "@type": string; metrics: { id: string; benchResultId: string }[] };
    expect(body["@type"]).toBe("SummaryReportItem");
    expect(body.metrics.map((m) => m.benchResultId)).toEqual(body.metrics.map(() => launched.benchResultId));
    expect(server.stderr()).toMatch(/octoperf-mcp ready/);
  });

  it("a key OctoPerf rejects (401): a clear isError naming OCTOPERF_API_KEY without the key, not retried, nothing launched", { timeout: 20_000 }, async () => {
    const server = await spawnRecorded([], env(WRONG_API_KEY), { scanner, label: "e2e http 401" });
    const listed = await server.call("octoperf_get_current_user_workspaces");
    expect(listed.isError).toBe(true);
    expect(listed.structuredContent).toBeUndefined();
    expect(textOf(listed)).toMatch(/^OctoPerf rejected the API key: check OCTOPERF_API_KEY/);
    expect(textOf(listed)).not.toContain(WRONG_API_KEY);
    expect(stub.requests.map((r) => `${r.method} ${r.path} ${r.headers["authorization"]}`)).toEqual([`GET /workspaces/member-of Bearer ${WRONG_API_KEY}`]);

    const launch = await server.call("octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke });
    expect(launch.isError).toBe(true);
    expect(textOf(launch)).toMatch(/OCTOPERF_API_KEY/);
    expect(launchCount(stub.requests)).toBe(0);

    // The server keeps answering after auth failures.
    expect((await server.client.listTools()).tools.length).toBe(15);
    expect((await server.close()).code).toBe(0);
    expect(server.stderr()).not.toContain(WRONG_API_KEY);
  });
});

describe("secrets, across this file", () => {
  it("every tool result and both servers' stderr were scanned for both keys", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(10);
    expect(scanner.countOf("stderr")).toBe(2);
  });
});
