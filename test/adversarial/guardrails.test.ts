/**
 * The guardrails whoever runs the server sets, end to end over stdio on the built server:
 * OCTOPERF_READ_ONLY removes the tools that launch or stop tests, and OCTOPERF_ALLOWED_SCENARIOS
 * refuses any other scenario with a message naming the variable, before anything is sent.
 * Checked in demo mode (runs counted through the run history) and in HTTP mode against the
 * loopback stub (launch requests counted on the wire).
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { clearErrorProblems } from "../support/adversarial-harness.js";
import { IDS } from "../support/hostile-inputs.js";
import { textOf } from "../support/mcp-client.js";
import { launchCount, STOP_ROUTE, undocumentedRequests } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded, type RecordedServer } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

const scanner = new SecretScanner();
const WRITE_TOOLS = ["octoperf_run_test", "octoperf_stop_test", "octoperf_run_and_analyze"];
const ALLOWED = SEED.scenario.checkoutSmoke;
const FORBIDDEN = SEED.scenario.checkoutNightly;

afterEach(async () => {
  await closeAllRecorded();
});

async function runsOf(server: RecordedServer, scenarioId: string): Promise<string[]> {
  const result = await server.call("octoperf_list_test_runs", { scenarioId, limit: 100 });
  expect(result.isError, textOf(result)).toBeFalsy();
  return (result.structuredContent as { runs: { benchResultId: string }[] }).runs.map((r) => r.benchResultId);
}

function expectRefusal(result: CallToolResult, pattern: RegExp): void {
  expect(clearErrorProblems(result)).toEqual([]);
  expect(textOf(result)).toMatch(pattern);
}

describe("OCTOPERF_READ_ONLY over stdio", () => {
  it.each(["1", "true", "yes"])("OCTOPERF_READ_ONLY=%s in demo mode: no launch/stop tools are listed, calling them does nothing", async (flag) => {
    const server = await spawnRecorded(["--demo"], { OCTOPERF_READ_ONLY: flag }, { scanner, label: `read-only ${flag}` });
    const names = (await server.client.listTools()).tools.map((t) => t.name);
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    expect(names).toEqual(expect.arrayContaining(["octoperf_status", "octoperf_wait_for_test", "octoperf_list_test_runs", "octoperf_evaluate_sla"]));
    expect(names).toHaveLength(12);

    const before = await runsOf(server, ALLOWED);
    const launch = await server.call("octoperf_run_test", { runtimeId: ALLOWED, allowParallel: true });
    expect(launch.isError).toBe(true);
    const analyze = await server.call("octoperf_run_and_analyze", { scenarioId: ALLOWED, maxWaitSeconds: 0 });
    expect(analyze.isError).toBe(true);
    expect(await runsOf(server, ALLOWED)).toEqual(before);
    // Refused calls change nothing, not even the tool list.
    expect((await server.client.listTools()).tools.map((t) => t.name)).toEqual(names);
    expect((await server.close()).code).toBe(0);
  });

  it("OCTOPERF_READ_ONLY=1 in HTTP mode: reads work, and no launch or stop request ever reaches OctoPerf", async () => {
    const stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY });
    try {
      const server = await spawnRecorded(
        [],
        { OCTOPERF_API_KEY: CANARY_API_KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_READ_ONLY: "1" },
        { scanner, label: "read-only http" },
      );
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
      expect((await server.call("get_runtime_id", {})).isError).toBeFalsy();
      for (const tool of WRITE_TOOLS) expect((await server.call(tool, { runtimeId: ALLOWED, scenarioId: ALLOWED, benchResultId: IDS.run })).isError).toBe(true);
      await server.close();
      expect(launchCount(stub.requests)).toBe(0);
      expect(stub.requestsTo("POST", STOP_ROUTE)).toHaveLength(0);
      expect(undocumentedRequests(stub.requests)).toEqual([]);
    } finally {
      await stub.close();
    }
  });
});

describe("OCTOPERF_ALLOWED_SCENARIOS over stdio", () => {
  it(`OCTOPERF_ALLOWED_SCENARIOS=${ALLOWED} in demo mode: ${FORBIDDEN} is refused naming the variable, and nothing is launched`, async () => {
    const server = await spawnRecorded(
      ["--demo"],
      { OCTOPERF_ALLOWED_SCENARIOS: ALLOWED, OCTOPERF_DEMO_RUN_SECONDS: "1" },
      { scanner, label: "allowlist demo" },
    );
    const before = await runsOf(server, FORBIDDEN);

    expectRefusal(await server.call("octoperf_run_test", { runtimeId: FORBIDDEN }), /OCTOPERF_ALLOWED_SCENARIOS/);
    expectRefusal(await server.call("octoperf_run_test", { runtimeId: FORBIDDEN, allowParallel: true }), /OCTOPERF_ALLOWED_SCENARIOS/);
    expectRefusal(await server.call("octoperf_run_and_analyze", { scenarioId: FORBIDDEN, maxWaitSeconds: 0 }), /OCTOPERF_ALLOWED_SCENARIOS/);
    // Near misses of the allowed id are other ids: refused too.
    for (const nearMiss of [ALLOWED.toLowerCase(), `${ALLOWED}0`, ALLOWED.slice(0, -1)]) {
      const result = await server.call("octoperf_run_test", { runtimeId: nearMiss });
      expectRefusal(result, /OCTOPERF_ALLOWED_SCENARIOS/);
      expect(textOf(result)).toContain(nearMiss);
    }
    expect(await runsOf(server, FORBIDDEN)).toEqual(before);

    const allowed = await server.call("octoperf_run_test", { runtimeId: ALLOWED });
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    expect(allowed.structuredContent).toMatchObject({ scenarioId: ALLOWED, outcome: "launched" });
    // Stopping is not launching: a run of an allowed scenario can still be stopped.
    const stopped = await server.call("octoperf_stop_test", { benchResultId: (allowed.structuredContent as { benchResultId: string }).benchResultId });
    expect(stopped.isError, textOf(stopped)).toBeFalsy();
    expect((await server.close()).code).toBe(0);
  });

  it(`OCTOPERF_ALLOWED_SCENARIOS=${ALLOWED} in HTTP mode: the refused launch sends nothing at all, the allowed one exactly one POST`, async () => {
    let stub: StubOctoPerf | undefined;
    try {
      stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 1_000 } });
      const server = await spawnRecorded(
        [],
        { OCTOPERF_API_KEY: CANARY_API_KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_ALLOWED_SCENARIOS: ` ${ALLOWED} , ` },
        { scanner, label: "allowlist http" },
      );
      const before = stub.requests.length;
      expectRefusal(await server.call("octoperf_run_test", { runtimeId: FORBIDDEN }), /OCTOPERF_ALLOWED_SCENARIOS/);
      expectRefusal(await server.call("octoperf_run_and_analyze", { scenarioId: FORBIDDEN, baselineBenchResultId: IDS.run }), /OCTOPERF_ALLOWED_SCENARIOS/);
      expect(stub.requests.slice(before).filter((r) => r.method === "POST")).toEqual([]);
      expect(launchCount(stub.requests)).toBe(0);

      const allowed = await server.call("octoperf_run_test", { runtimeId: ALLOWED });
      expect(allowed.isError, textOf(allowed)).toBeFalsy();
      expect(launchCount(stub.requests)).toBe(1);
      expect(stub.requestsTo("POST", `/runtime/scenarios/run/${ALLOWED}`)).toHaveLength(1);
      await server.close();
      expect(undocumentedRequests(stub.requests)).toEqual([]);
    } finally {
      await stub?.close();
    }
  });
});

describe("secrets, across this file", () => {
  it("every tool result and every server's stderr above was scanned for the key", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(10);
    expect(scanner.countOf("stderr")).toBeGreaterThan(3);
  });
});
