import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../../src/adapters/http/http-octoperf-adapter.js";
import { KEY_METRIC_IDS, metricDefinition } from "../../../src/domain/model/metrics.js";
import { API_KEY, RUN_DURATION_MS, startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

describe("HttpOctoPerfAdapter: discover → launch → poll → analyze over HTTP", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("sends the documented requests, each with the bearer key, and maps the answers", async () => {
    const [workspace] = await h.adapter.listWorkspaces();
    const [project] = await h.adapter.listProjects(workspace!.id);
    const [scenario] = await h.adapter.listScenarios(project!.id);
    expect(await h.adapter.getScenario(scenario!.id)).toEqual(scenario);

    const launched = await h.adapter.launchScenario(scenario!.id);
    expect(launched.scenarioId).toBe(scenario!.id);

    let run = await h.adapter.getRun(launched.benchResultId);
    expect(run.benchReportId).toBe(launched.benchReportId);
    while (!run.terminal) {
      h.clock.advance(RUN_DURATION_MS / 10);
      await h.adapter.getRunProgress(launched.benchResultId);
      run = await h.adapter.getRun(launched.benchResultId);
    }
    expect(run.state).toBe("FINISHED");

    const report = await h.adapter.getReport(launched.benchReportId);
    expect(report.benchResultIds).toEqual([launched.benchResultId]);
    expect((await h.adapter.listReports(project!.id)).map((r) => r.id)).toContain(launched.benchReportId);

    const metrics = await h.adapter.getMetrics(launched.benchResultId, KEY_METRIC_IDS);
    expect(metrics.map((m) => m.metricId)).toEqual(KEY_METRIC_IDS);
    for (const m of metrics) expect(m.unit).toBe(metricDefinition(m.metricId).unit);
    expect(metrics.find((m) => m.metricId === "HITS_TOTAL")!.value).toBeGreaterThan(0);

    const seen = h.stub.requests.map((r) => `${r.method} ${r.url}`);
    expect(seen.slice(0, 5)).toEqual([
      "GET /workspaces/member-of",
      `GET /design/projects/by-workspace/${workspace!.id}/DESIGN`,
      `GET /runtime/scenarios/by-project/${project!.id}`,
      `GET /runtime/scenarios/${scenario!.id}`,
      `POST /runtime/scenarios/run/${scenario!.id}`,
    ]);
    expect(seen).toContain(`GET /runtime/bench-results/${launched.benchResultId}`);
    expect(seen).toContain(`GET /runtime/bench-results/progress/${launched.benchResultId}`);
    expect(seen).toContain(`GET /analysis/bench-reports/${launched.benchReportId}`);
    expect(seen).toContain(`GET /analysis/bench-reports/by-project/${project!.id}`);
    expect(seen.at(-1)).toBe("POST /analysis/metrics/summary");

    for (const request of h.stub.requests) {
      expect(request.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
      expect(request.headers["accept"]).toContain("application/json");
    }
    const launch = h.stub.requestsTo("POST", /^\/runtime\/scenarios\/run\//);
    expect(launch).toHaveLength(1);
    expect(launch[0]!.body).toBe("");
  });

  it("asks for the summary with a SummaryReportItem whose metrics carry the run id, in order", async () => {
    const launched = await h.adapter.launchScenario(SEED.scenario.checkoutSmoke);
    await h.adapter.getMetrics(launched.benchResultId, ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"]);
    const [request] = h.stub.requestsTo("POST", "/analysis/metrics/summary");
    expect(request!.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(request!.body)).toEqual({
      "@type": "SummaryReportItem",
      id: "",
      name: "Summary",
      metrics: [
        { id: "RESPONSE_TIME_PERCENTILE_95", type: "HIT", filters: [], benchResultId: launched.benchResultId, config: null },
        { id: "ERRORS_PERCENT", type: "HIT", filters: [], benchResultId: launched.benchResultId, config: null },
      ],
    });
  });

  it("stops a run with POST /runtime/bench-results/stop/{id}", async () => {
    const launched = await h.adapter.launchScenario(SEED.scenario.checkoutSmoke);
    h.clock.advance(RUN_DURATION_MS / 2);
    await h.adapter.stopRun(launched.benchResultId);
    expect(h.stub.requestsTo("POST", `/runtime/bench-results/stop/${launched.benchResultId}`)).toHaveLength(1);
    expect((await h.adapter.getRun(launched.benchResultId)).state).toBe("ABORTED");
  });

  it("knows the report only of runs it launched itself", async () => {
    const other = h.adapterWith({});
    const launched = await h.adapter.launchScenario(SEED.scenario.checkoutSmoke);
    expect((await other.getRun(launched.benchResultId)).benchReportId).toBeNull();
    expect((await h.adapter.getRun(SEED.run.checkoutBaseline)).benchReportId).toBeNull();
  });

  it("agrees with the fake behind the stub on everything it reads", async () => {
    const fake = h.stub.fake;
    expect(await h.adapter.listWorkspaces()).toEqual(await fake.listWorkspaces());
    for (const workspace of await fake.listWorkspaces()) {
      expect(await h.adapter.listProjects(workspace.id)).toEqual(await fake.listProjects(workspace.id));
      for (const project of await fake.listProjects(workspace.id)) {
        expect(await h.adapter.listScenarios(project.id)).toEqual(await fake.listScenarios(project.id));
        const reports = await fake.listReports(project.id);
        expect(await h.adapter.listReports(project.id)).toEqual(reports);
        for (const report of reports) {
          for (const id of report.benchResultIds) {
            expect(await h.adapter.getRun(id)).toEqual({ ...(await fake.getRun(id)), benchReportId: null });
            expect(await h.adapter.getRunProgress(id)).toBeCloseTo((await fake.getRunProgress(id)) ?? NaN, 6);
            expect(await h.adapter.getMetrics(id, KEY_METRIC_IDS)).toEqual(await fake.getMetrics(id, KEY_METRIC_IDS));
          }
        }
      }
    }
  });

  it.each([
    ["one trailing slash", "/"],
    ["several trailing slashes", "///"],
  ])("accepts a base URL with %s without doubling slashes", async (_, suffix) => {
    const adapter = new HttpOctoPerfAdapter({ baseUrl: `${h.stub.baseUrl}${suffix}`, apiKey: API_KEY, timeoutMs: 500, maxRetries: 0 });
    await adapter.listWorkspaces();
    await adapter.getScenario(SEED.scenario.checkoutSmoke);
    expect(h.stub.requests.map((r) => r.url)).toEqual(["/workspaces/member-of", "/runtime/scenarios/checkoutSmoke0000002"]);
  });
});
