import { afterEach, describe, expect, it } from "vitest";
import { KEY_METRIC_IDS } from "../../../src/domain/model/metrics.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import projectsTool from "../../../src/adapters/mcp/tools/get-project-by-workspace-id.js";
import scenariosTool from "../../../src/adapters/mcp/tools/get-runtime-id.js";
import workspacesTool from "../../../src/adapters/mcp/tools/octoperf-get-current-user-workspaces.js";
import metricsTool from "../../../src/adapters/mcp/tools/octoperf-get-report-metrics.js";
import reportTool from "../../../src/adapters/mcp/tools/octoperf-report.js";
import runTestTool from "../../../src/adapters/mcp/tools/octoperf-run-test.js";
import { ManualClock } from "../../support/manual-clock.js";
import { connectInMemory, structuredOf, textOf, type InMemoryMcp } from "../../support/mcp-client.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("the tools together over a real MCP client", () => {
  it("walks discover → launch → poll → analyze to a FINISHED run and its named metrics", async () => {
    mcp = await connectInMemory();
    const workspaces = await mcp.call("octoperf_get_current_user_workspaces");
    expect(workspaces.isError).toBeFalsy();
    const workspaceId = structuredOf(workspacesTool, workspaces).workspaces[0]!.id;

    const projects = await mcp.call("get_project_by_workspace_id", { workspaceId });
    const projectId = structuredOf(projectsTool, projects).projects[0]!.id;
    expect(textOf(projects)).toContain("Checkout API");

    const scenarios = await mcp.call("get_runtime_id", { projectId });
    const scenario = structuredOf(scenariosTool, scenarios).scenarios[0]!;
    expect(scenario).toMatchObject({ name: "Checkout nightly 500 VUs", totalVus: 500, expectedDurationSeconds: 720 });

    const launched = await mcp.call("octoperf_run_test", { runtimeId: scenario.id });
    const { benchResultId, reportId } = structuredOf(runTestTool, launched);
    expect(benchResultId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(reportId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(textOf(launched)).toContain("Do not launch it again");

    const early = await mcp.call("octoperf_status", { benchResultId });
    expect(early.structuredContent).toMatchObject({ state: "CREATED", phase: "provisioning", terminal: false });

    mcp.clock.advance(30_000);
    const done = await mcp.call("octoperf_status", { benchResultId });
    expect(done.structuredContent).toMatchObject({ state: "FINISHED", terminal: true, progressPercent: 100, reportId });

    const report = await mcp.call("octoperf_report", { reportId });
    expect(structuredOf(reportTool, report).benchResultIds).toEqual([benchResultId]);

    const metrics = await mcp.call("octoperf_get_report_metrics", { benchResultId, metricIds: [...KEY_METRIC_IDS] });
    const values = structuredOf(metricsTool, metrics).metrics;
    expect(values).toHaveLength(KEY_METRIC_IDS.length);
    for (const m of values) expect(Object.keys(m).sort()).toEqual(["label", "metricId", "unit", "value"]);
    expect(textOf(metrics)).toMatch(/Response time \(95th percentile\): \d+ ms/);
  });

  it("turns bad input and unknown ids into isError results, one after another, and keeps serving", async () => {
    mcp = await connectInMemory();
    const missing = await mcp.call("get_project_by_workspace_id", {});
    expect(missing.isError).toBe(true);

    // Each tool's own errors are in test/adapters/mcp/tools/<tool>.test.ts; here, one after another.
    for (const [name, args] of [
      ["octoperf_status", { benchResultId: "../../admin" }],
      ["octoperf_report", { reportId: UNKNOWN.report }],
      ["octoperf_status", { benchResultId: UNKNOWN.run }],
      ["octoperf_list_test_runs", { projectId: UNKNOWN.project }],
      ["octoperf_get_report_metrics", { benchResultId: SEED.run.checkoutBaseline, metricIds: ["p95"] }],
    ] as const) {
      expect((await mcp.call(name, args)).isError, name).toBe(true);
    }

    const after = await mcp.call("octoperf_get_current_user_workspaces");
    expect(after.isError).toBeFalsy();
  });

  it("hides a crash behind a generic message and logs it to the logger", async () => {
    const octoperf = new FakeOctoPerfAdapter(new ManualClock());
    octoperf.listWorkspaces = async () => {
      throw new TypeError("cannot read properties of undefined (reading 'secret internals')");
    };
    mcp = await connectInMemory({ octoperf });
    const result = await mcp.call("octoperf_get_current_user_workspaces");
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/internal error.*still running/);
    expect(textOf(result)).not.toContain("secret internals");
    expect(mcp.logs.some((l) => l.level === "error" && JSON.stringify(l.fields).includes("secret internals"))).toBe(true);
  });

  it("writes a metric's number the same way in the metrics list, the comparison and the SLA reasons", async () => {
    mcp = await connectInMemory();
    const metricIds = ["THROUGHPUT_RATE", "HITS_TOTAL", "RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"];
    const listed = async (benchResultId: string) => {
      const text = textOf(await mcp.call("octoperf_get_report_metrics", { benchResultId, metricIds }));
      // "- Throughput: 1,646,213 bytes/s" → label → "1,646,213" and " bytes/s"
      return new Map([...text.matchAll(/^- (.+?): ([\d,.]+)(.*)$/gm)].map((m) => [m[1]!, { number: m[2]!, unit: m[3]! }]));
    };
    const baseline = await listed(SEED.run.checkoutBaseline);
    const candidate = await listed(SEED.run.checkoutLastNight);
    expect(baseline.size).toBe(4);
    expect([...baseline.values()].some((v) => v.number.includes(","))).toBe(true); // thousands separated

    const compared = textOf(
      await mcp.call("octoperf_compare_tests", {
        baselineBenchResultId: SEED.run.checkoutBaseline,
        candidateBenchResultId: SEED.run.checkoutLastNight,
        metricIds,
      }),
    );
    for (const [label, before] of baseline) {
      const after = candidate.get(label)!;
      expect(compared).toContain(`${label}: ${before.number} → ${after.number}${after.unit} (`);
    }

    const sla = textOf(
      await mcp.call("octoperf_evaluate_sla", {
        benchResultId: SEED.run.checkoutBaseline,
        criteria: [{ metricId: "THROUGHPUT_RATE", operator: ">", threshold: 1000000 }],
      }),
    );
    const throughput = [...baseline.entries()].find(([label]) => /throughput/i.test(label))![1];
    expect(sla).toContain(`${throughput.number}${throughput.unit} > 1,000,000${throughput.unit}`);
  });
});
