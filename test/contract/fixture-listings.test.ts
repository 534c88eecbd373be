import { afterEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../src/adapters/http/http-octoperf-adapter.js";
import { GetRunStatus } from "../../src/domain/use-cases/get-run-status.js";
import { ListProjects } from "../../src/domain/use-cases/list-projects.js";
import { ListTestRuns } from "../../src/domain/use-cases/list-test-runs.js";
import { ListWorkspaces } from "../../src/domain/use-cases/list-workspaces.js";
import { parseOptions } from "../../src/app/config.js";
import { createContainer, resolveUseCases } from "../../src/app/container.js";
import type { Logger } from "../../src/ports/logger-port.js";
import { FIXTURES_DIR, startFixtureOctoPerf, type FixtureOctoPerf } from "../support/fixture-octoperf-server.js";

/** The use cases over the HTTP adapter, against answers written after octoperf-api.md, not after our fake. */
const KEY = "5ecret00-k3y0-4d1e-9a8e-fixtures0002";
const W1 = "Gdz5nIYBhM3oiEdLW1y6";
const P1 = "OWA7I2wB6ANMBjnljPXv";
const S1 = "aKpHtoYBUDjbSvwJg3Vu";
const R1 = "rcFdvIYBUDjbSvwJ1EC_";
const R3 = "reHfxKADWFldUxyL3GE1";
const REP1 = "WKuEtoYBUDjbSvwJho_T";
const TREND = "TRndZrBEXGmeVyzMkr_W";

let server: FixtureOctoPerf | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Log = { level: string; message: string; fields: Record<string, unknown> | undefined };

async function on(set: string) {
  server = await startFixtureOctoPerf({ dir: `${FIXTURES_DIR}${set}`, apiKey: KEY });
  const logs: Log[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  const adapter = new HttpOctoPerfAdapter({ baseUrl: server.baseUrl, apiKey: KEY, timeoutMs: 2000, maxRetries: 0, logger });
  // As the edges see them: composed over this adapter, with the deep links added.
  const linked = resolveUseCases(createContainer(parseOptions({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0 }), { octoperf: adapter, logger }));
  return { adapter, logs, linked };
}

describe("listings on the healthy fixtures", () => {
  it("reads workspaces and projects, a null description included", async () => {
    const { adapter } = await on("healthy");
    expect((await new ListWorkspaces(adapter).execute()).map((w) => [w.id, w.name, w.description])).toEqual([
      [W1, "Default", ""],
      ["Hx7aQ2pLmN4oRtUvWy01", "Performance team", ""],
    ]);
    expect((await new ListProjects(adapter).execute({ workspaceId: W1 })).map((p) => p.name)).toEqual(["Sandbox", "Checkout API"]);
  });

  it("lists every scenario: both load shapes, a custom one and a half-read one, warning once per field path", async () => {
    const { adapter, logs, linked } = await on("healthy");
    const scenarios = await linked.listScenarios.execute({ projectId: P1 });
    expect(scenarios.map((s) => [s.name, s.summary.totalVus, s.summary.expectedDurationMs])).toEqual([
      ["Checkout 500 VUs", 500, 660_000],
      // loadStrategy: seconds; no documented VU field, so VUs unknown.
      ["Checkout soak (loadStrategy shape)", null, (120 + 1800 + 60) * 1000],
      ["Custom points", null, null],
      // A ramp whose rampUpMs is a string and plateauMs missing: its VUs are still read.
      ["Half-read ramp", 40, null],
    ]);
    expect(scenarios[0]!.url).toBe(`${server!.baseUrl}/ui/workspace/${W1}/project/${P1}/runtime/scenario/${S1}`);
    const warnings = logs.filter((l) => l.level === "warn");
    expect(warnings.map((w) => w.fields?.["field"])).toEqual(["[3].userProfiles[0].load.rampUpMs"]);
    expect(warnings[0]!.fields?.["endpoint"]).toBe("/runtime/scenarios/by-project/{id}");

    await adapter.listScenarios(P1);
    expect(logs.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("lists a workspace item with a wrong field, and leaves out only one without an id", async () => {
    const { adapter, logs } = await on("odd-items");
    const workspaces = await adapter.listWorkspaces();
    expect(workspaces.map((w) => [w.id, w.name])).toEqual([
      [W1, "Default"],
      ["Nm0n4m3W0rkspace0001", ""],
    ]);
    expect(logs.filter((l) => l.level === "warn").map((l) => l.fields?.["field"])).toEqual(["[1].name", "[2].id"]);
    const projects = await adapter.listProjects(W1);
    expect(projects.map((p) => [p.id, p.workspaceId, p.tags])).toEqual([
      ["P0empty0000000000001", W1, []],
      [P1, W1, []],
    ]);
  });

  it("reads a report with a widget of unknown shape: the widget kept as unknown, the report whole", async () => {
    const { adapter, logs } = await on("odd-items");
    const report = await adapter.getReport(REP1);
    expect(report.items.map((i) => [i.type, i.metricIds])).toEqual([
      ["SummaryReportItem", ["HITS_TOTAL", "ERRORS_PERCENT", "RESPONSE_TIME_AVG"]],
      ["StatisticTableReportItem", ["HITS_TOTAL", "RESPONSE_TIME_AVG"]],
      ["InsightsReportItem", []],
      ["unknown", ["HITS_TOTAL"]],
    ]);
    expect(report.kind).toBe("run");
    expect(logs.filter((l) => l.level === "warn").map((l) => l.fields?.["field"])).toEqual([".items[3].@type"]);
  });

  it("reads a run in a state the API may add (SCHEDULED) as still provisioning", async () => {
    const { adapter } = await on("healthy");
    const run = await new GetRunStatus(adapter).execute({ benchResultId: R3 });
    expect(run).toMatchObject({ state: "SCHEDULED", phase: "provisioning", terminal: false });
  });
});

describe("a state the API may add", () => {
  it("is read as still provisioning, never terminal, and listed in the history", async () => {
    const { adapter } = await on("new-run-state");
    const run = await new GetRunStatus(adapter).execute({ benchResultId: R3 });
    expect(run).toMatchObject({ state: "QUEUED_FOR_CAPACITY", phase: "provisioning", terminal: false });
    // 0.25 read on the default percent scale: 0.25 %, display only, never a terminal signal.
    expect(await adapter.getRunProgress(R3)).toBeCloseTo(0.0025, 6);
    const history = await new ListTestRuns(adapter).execute({ projectId: P1 });
    expect(history.find((e) => e.run.id === R3)?.run.state).toBe("QUEUED_FOR_CAPACITY");
  });
});

describe("a run's own report, never a trend report", () => {
  it("tells trend, comparison and run reports apart", async () => {
    const { adapter } = await on("healthy");
    const kinds = (await adapter.listReports(P1)).map((r) => [r.id, r.kind]);
    expect(kinds).toEqual([
      [TREND, "trend"],
      ["CMpAasCFYHnfWzANls_X", "comparison"],
      [REP1, "run"],
      ["XLvFupZCVEkcTwxKip_U", "run"],
      ["YMwGvqADWFldUxyLjq_V", "run"],
    ]);
    expect((await adapter.getReport(TREND)).kind).toBe("trend");
  });

  it("gives each run of the history its own report, though the trend report lists it first", async () => {
    const { linked } = await on("healthy");
    const history = await linked.listTestRuns.execute({ projectId: P1 });
    expect(history.map((e) => [e.run.id, e.run.state, e.run.benchReportId, e.reportName])).toEqual([
      [R1, "FINISHED", REP1, "Checkout 500 VUs"],
      ["rdGewJZCVEkcTwxK2FD0", "ABORTED", "XLvFupZCVEkcTwxKip_U", "Checkout soak"],
      [R3, "SCHEDULED", "YMwGvqADWFldUxyLjq_V", "Checkout 500 VUs (scheduled)"],
    ]);
    expect(history[0]!.run.url).toBe(`${server!.baseUrl}/ui/workspace/${W1}/project/${P1}/analysis/report/${REP1}`);
  });

  it("leaves a run that only a trend report lists without a report rather than give it the trend's", async () => {
    const { adapter } = await on("trend-only");
    const history = await new ListTestRuns(adapter).execute({ projectId: P1 });
    expect(history.map((e) => [e.run.id, e.run.benchReportId, e.reportName])).toEqual([[R1, null, null]]);
  });

  it("prefers the report the launch returned, where nothing else tells two run reports apart", async () => {
    const { adapter } = await on("no-created-field");
    // Without dates, the listing's order decides: the copy listed first.
    expect((await new ListTestRuns(adapter).execute({ projectId: P1 })).map((e) => e.run.benchReportId)).toEqual(["C0pyOfReport00000001"]);
    const launched = await adapter.launchScenario(S1);
    expect(launched).toMatchObject({ benchResultId: R1, benchReportId: REP1 });
    const history = await new ListTestRuns(adapter).execute({ projectId: P1 });
    expect(history.map((e) => [e.run.id, e.run.benchReportId, e.reportName])).toEqual([[R1, REP1, "Checkout 500 VUs"]]);
  });

  it("among two run reports of the same run, takes the one created first", async () => {
    const { adapter } = await on("duplicated-run-report");
    const history = await new ListTestRuns(adapter).execute({ projectId: P1 });
    expect(history.map((e) => [e.run.id, e.run.benchReportId])).toEqual([[R1, REP1]]);
  });
});
