import { afterEach, describe, expect, it } from "vitest";
import { rawSession, runBin, spawnServer, type SpawnedServer } from "../support/spawn-server.js";
import { SEED } from "../support/seed-ids.js";
import scenariosTool from "../../src/adapters/mcp/tools/get-runtime-id.js";
import metricsTool from "../../src/adapters/mcp/tools/octoperf-get-report-metrics.js";
import runTestTool from "../../src/adapters/mcp/tools/octoperf-run-test.js";
import { structuredOf } from "../support/mcp-client.js";

let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function waitForTerminal(s: SpawnedServer, benchResultId: string) {
  // A 2 s demo run; bounded so a broken state machine fails the test instead of hanging it.
  for (let i = 0; i < 100; i++) {
    const status = await s.call("octoperf_status", { benchResultId });
    const sc = status.structuredContent as { terminal: boolean; state: string };
    if (sc.terminal) return sc;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("run never reached a terminal state");
}

describe("the built server over stdio, demo mode", () => {
  it("lists the seven seed tools and walks a run to FINISHED and its metrics", async () => {
    server = await spawnServer(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "2" });
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        "octoperf_get_current_user_workspaces",
        "get_project_by_workspace_id",
        "get_runtime_id",
        "octoperf_run_test",
        "octoperf_status",
        "octoperf_report",
        "octoperf_get_report_metrics",
      ]),
    );
    const scenarios = await server.call("get_runtime_id", {});
    expect(structuredOf(scenariosTool, scenarios).scenarios.length).toBe(7);

    const launched = await server.call("octoperf_run_test", { runtimeId: SEED.scenario.checkoutNightly });
    const { benchResultId, reportId } = structuredOf(runTestTool, launched);
    expect(await waitForTerminal(server, benchResultId)).toMatchObject({ state: "FINISHED" });

    const report = await server.call("octoperf_report", { reportId });
    expect(report.isError).toBeFalsy();
    const metrics = await server.call("octoperf_get_report_metrics", {
      benchResultId,
      metricIds: ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"],
    });
    expect(structuredOf(metricsTool, metrics).metrics).toEqual([
      expect.objectContaining({ metricId: "RESPONSE_TIME_PERCENTILE_95", unit: "ms", value: expect.any(Number) }),
      expect.objectContaining({ metricId: "ERRORS_PERCENT", unit: "%", value: expect.any(Number) }),
    ]);
    expect(server.stderr()).toContain("octoperf-mcp ready");
  });

  it("shows a run that ends in ERROR during provisioning", async () => {
    server = await spawnServer(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "1" });
    const launched = await server.call("octoperf_run_test", { runtimeId: SEED.scenario.searchNoCapacity });
    expect(await waitForTerminal(server, structuredOf(runTestTool, launched).benchResultId)).toMatchObject({ state: "ERROR" });
  });

  it("writes nothing but JSON-RPC on stdout, even for bad calls", async () => {
    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    };
    const { stdout, code } = await rawSession(
      ["--demo"],
      {},
      [
        init,
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "octoperf_status", arguments: { benchResultId: "../x" } } },
        { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "nope", arguments: {} } },
        { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } } },
      ],
      0,
      5,
    );
    const lines = stdout.split("\n").filter((l) => l.length > 0);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(lines.length).toBe(5);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(code).toBe(0); // closes by itself on stdin EOF
  });
});

describe("the CLI", () => {
  it("explains a missing key in one line on stderr and exits 2", () => {
    const { status, stdout, stderr } = runBin([]);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/OCTOPERF_API_KEY is required.*--demo/);
  });

  it("names the variable of a bad setting", () => {
    const { status, stderr } = runBin([], { OCTOPERF_API_KEY: "k3y-0f-th3-t3st-5u1te", OCTOPERF_TIMEOUT_MS: "soon" });
    expect(status).toBe(2);
    expect(stderr).toMatch(/^octoperf-mcp: OCTOPERF_TIMEOUT_MS must be a number/);
  });

  it("names the variable of a base URL the HTTP adapter refuses at startup, without the credentials in it", () => {
    const { stdout, stderr } = runBin([], { OCTOPERF_API_KEY: "k3y-0f-th3-t3st-5u1te", OCTOPERF_BASE_URL: "https://someone:s3cr3t@api.octoperf.example" });
    expect(stdout).toBe("");
    expect(stderr).toMatch(/The OctoPerf base URL must not carry credentials, a query or a fragment\. Check OCTOPERF_BASE_URL\./);
    expect(stderr).not.toContain("s3cr3t");
  });

  it("prints help and version, and refuses unknown arguments", () => {
    expect(runBin(["--help"]).stdout).toMatch(/OCTOPERF_API_KEY/);
    expect(runBin(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const unknown = runBin(["--dmeo"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown argument "--dmeo"/);
  });
});
