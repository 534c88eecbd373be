import { afterEach, describe, expect, it } from "vitest";
import { KEY_METRIC_IDS } from "../../../src/domain/model/metrics.js";
import { connectInMemory, textOf, type InMemoryMcp } from "../../support/mcp-client.js";

const SEED_TOOLS: Record<string, { required: string[]; optional: string[] }> = {
  octoperf_get_current_user_workspaces: { required: [], optional: [] },
  get_project_by_workspace_id: { required: ["workspaceId"], optional: [] },
  get_runtime_id: { required: [], optional: ["projectId"] },
  // allowParallel is the one addition: the guardrail against double launches needs a way to opt out.
  octoperf_run_test: { required: ["runtimeId"], optional: ["allowParallel"] },
  octoperf_status: { required: ["benchResultId"], optional: [] },
  octoperf_report: { required: ["reportId"], optional: [] },
  octoperf_get_report_metrics: { required: ["benchResultId", "metricIds"], optional: [] },
};

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("the seven seed tools over a real MCP client", () => {
  it("lists the seed's names and parameter names, with annotations and output schemas", async () => {
    mcp = await connectInMemory();
    const { tools } = await mcp.client.listTools();
    for (const [name, params] of Object.entries(SEED_TOOLS)) {
      const tool = tools.find((t) => t.name === name);
      expect(tool, name).toBeDefined();
      const properties = Object.keys(tool!.inputSchema.properties ?? {});
      expect(properties.sort(), name).toEqual([...params.required, ...params.optional].sort());
      expect(tool!.inputSchema.required ?? [], name).toEqual(params.required);
      expect(tool!.outputSchema?.type, name).toBe("object");
      expect(tool!.description!.length, name).toBeGreaterThan(80);
    }
    const readOnly = tools.filter((t) => t.name !== "octoperf_run_test" && SEED_TOOLS[t.name]);
    for (const tool of readOnly) expect(tool.annotations, tool.name).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(tools.find((t) => t.name === "octoperf_run_test")!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
  });

  it("walks discover → launch → poll → analyze to a FINISHED run and its named metrics", async () => {
    mcp = await connectInMemory();
    const workspaces = await mcp.call("octoperf_get_current_user_workspaces");
    expect(workspaces.isError).toBeFalsy();
    const workspaceId = (workspaces.structuredContent as any).workspaces[0].id;

    const projects = await mcp.call("get_project_by_workspace_id", { workspaceId });
    const projectId = (projects.structuredContent as any).projects[0].id;
    expect(textOf(projects)).toContain("Checkout API");

    const scenarios = await mcp.call("get_runtime_id", { projectId });
    const scenario = (scenarios.structuredContent as any).scenarios[0];
    expect(scenario).toMatchObject({ name: "Checkout nightly 500 VUs", totalVus: 500, expectedDurationSeconds: 720 });

    const launched = await mcp.call("octoperf_run_test", { runtimeId: scenario.id });
    const { benchResultId, reportId } = launched.structuredContent as any;
    expect(benchResultId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(reportId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(textOf(launched)).toContain("Do not launch it again");

    const early = await mcp.call("octoperf_status", { benchResultId });
    expect(early.structuredContent).toMatchObject({ state: "CREATED", phase: "provisioning", terminal: false });

    mcp.clock.advance(30_000);
    const done = await mcp.call("octoperf_status", { benchResultId });
    expect(done.structuredContent).toMatchObject({ state: "FINISHED", terminal: true, progressPercent: 100, reportId });

    const report = await mcp.call("octoperf_report", { reportId });
    expect((report.structuredContent as any).benchResultIds).toEqual([benchResultId]);

    const metrics = await mcp.call("octoperf_get_report_metrics", { benchResultId, metricIds: [...KEY_METRIC_IDS] });
    const values = (metrics.structuredContent as any).metrics;
    expect(values).toHaveLength(KEY_METRIC_IDS.length);
    for (const m of values) expect(Object.keys(m).sort()).toEqual(["label", "metricId", "unit", "value"]);
    expect(textOf(metrics)).toMatch(/Response time \(95th percentile\): \d+ ms/);
  });

  it("shows a run of the no-capacity scenario ending in ERROR", async () => {
    mcp = await connectInMemory();
    const launched = await mcp.call("octoperf_run_test", { runtimeId: "searchNoCapacity0006" });
    const { benchResultId } = launched.structuredContent as any;
    mcp.clock.advance(30_000);
    const status = await mcp.call("octoperf_status", { benchResultId });
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ state: "ERROR", phase: "error", terminal: true });
    expect(textOf(status)).toMatch(/provisioning/);
  });

  it("turns bad input and unknown ids into isError results and keeps serving", async () => {
    mcp = await connectInMemory();
    const bad = await mcp.call("octoperf_status", { benchResultId: "../../admin" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/benchResultId may only contain/);

    const missing = await mcp.call("get_project_by_workspace_id", {});
    expect(missing.isError).toBe(true);

    const unknown = await mcp.call("octoperf_report", { reportId: "noSuchReport00000000" });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      'No bench report with id "noSuchReport00000000" in this demo: demo runs live in this server process only, and a new process starts with fresh demo data; ' +
        "use the reportId of a launch, or one listed by octoperf_list_test_runs.",
    );

    // Demo mode has no API key: an unknown run is one this process never had.
    const unknownRun = await mcp.call("octoperf_status", { benchResultId: "runFromLastProcess01" });
    expect(textOf(unknownRun)).toMatch(/^No bench result with id "runFromLastProcess01" in this demo: demo runs live in this server process only, and a new process starts with fresh demo data; /);
    expect(textOf(unknownRun)).not.toMatch(/API key/);
    const unknownProject = await mcp.call("octoperf_list_test_runs", { projectId: "noSuchProject0000001" });
    expect(textOf(unknownProject)).toMatch(/^No project with id "noSuchProject0000001" in the demo data: list the projects/);

    const badMetric = await mcp.call("octoperf_get_report_metrics", { benchResultId: "checkoutRunBase00001", metricIds: ["p95"] });
    expect(badMetric.isError).toBe(true);
    expect(textOf(badMetric)).toMatch(/unknown metric id "P95"/);
    expect(textOf(badMetric)).not.toMatch(/\bat \w+ \(/); // no stack trace

    const after = await mcp.call("octoperf_get_current_user_workspaces");
    expect(after.isError).toBeFalsy();
  });

  it("hides a crash behind a generic message and logs it to the logger", async () => {
    const clock = (await import("../../support/manual-clock.js")).ManualClock;
    const { FakeOctoPerfAdapter } = await import("../../../src/adapters/fake/fake-octoperf-adapter.js");
    const octoperf = new FakeOctoPerfAdapter(new clock());
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
});
