/**
 * Faults from the OctoPerf API, on the loopback stub, driven through the MCP tools (in-process
 * server over the real HttpOctoPerfAdapter): 5xx storms, resets before and during the body,
 * slow drips past the timeout, HTML and truncated bodies, 429 with Retry-After, unknown run
 * states and extra fields. Reads recover or fail clearly; the launch is sent at most once in
 * every case (counted as POST /runtime/scenarios/run/* on the stub), including under a
 * fast-check generated fault sequence.
 */
import fc from "fast-check";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearErrorProblems, startHttpMcp, type HttpMcp } from "../support/adversarial-harness.js";
import { FC_SEED, IDS } from "../support/hostile-inputs.js";
import { textOf } from "../support/mcp-client.js";
import { LAUNCH_ROUTE, STOP_ROUTE } from "../support/octoperf-routes.js";
import { SecretScanner } from "../support/secret-scan.js";
import { wireBenchResult, type StubResponse } from "../support/stub-octoperf-server.js";

const scanner = new SecretScanner();

const WORKSPACES = "/workspaces/member-of";
const RUN_PATH = `/runtime/bench-results/${IDS.run}`;
const SUMMARY = "/analysis/metrics/summary";
const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
const TIMEOUT_MS = 250;
/** A body that drips long past the 250 ms per-attempt timeout (headers come at once). */
const SLOW_DRIP: StubResponse = { drip: { chunkBytes: 8, intervalMs: 60 } };

let h: HttpMcp;
let open = false;
async function start(options: Parameters<typeof startHttpMcp>[1] = {}): Promise<void> {
  h = await startHttpMcp(scanner, options);
  open = true;
}
afterEach(async () => {
  if (!open) return;
  open = false;
  await h.close();
  expect(h.undocumented()).toEqual([]);
});

function expectClearError(result: CallToolResult, pattern: RegExp): void {
  expect(clearErrorProblems(result)).toEqual([]);
  expect(textOf(result)).toMatch(pattern);
}

function expectOk(result: CallToolResult): void {
  expect(result.isError, textOf(result)).toBeFalsy();
  expect(result.structuredContent).toBeDefined();
}

describe("reads recover from transient faults, or fail clearly", () => {
  beforeEach(async () => {
    await start();
  });

  it("a 5xx storm shorter than the retries: the read recovers within one call", async () => {
    h.stub.script("GET", WORKSPACES, [{ status: 503 }, { status: 502 }, { status: 504 }]);
    expectOk(await h.call("octoperf_get_current_user_workspaces"));
    expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(4);
    expect(h.adapterLogs.filter((l) => l.message === "Retrying OctoPerf request")).toHaveLength(3);
  });

  it("a 5xx storm longer than the retries: a clear UNAVAILABLE error, then the next call recovers", async () => {
    h.stub.script("GET", RUN_PATH, Array(6).fill({ status: 503 }));
    const failed = await h.call("octoperf_status", { benchResultId: IDS.run });
    expectClearError(failed, /HTTP 503.*after 4 attempts.*try again/);
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(4);
    // The storm's tail (2 more 503s) is absorbed by the next call's retries.
    expectOk(await h.call("octoperf_status", { benchResultId: IDS.run }));
    expect(h.stub.pendingScripts()).toBe(0);
  });

  it("a 500 is not retried (a server bug stays a bug) and says so clearly", async () => {
    h.stub.script("GET", RUN_PATH, [{ status: 500 }]);
    expectClearError(await h.call("octoperf_status", { benchResultId: IDS.run }), /HTTP 500/);
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(1);
  });

  it("connection resets before any answer: retried, then recovered", async () => {
    h.stub.script("GET", RUN_PATH, [{ reset: true }, { reset: true }]);
    expectOk(await h.call("octoperf_status", { benchResultId: IDS.run }));
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(3);
  });

  it("a reset storm: a clear 'connection broke' error", async () => {
    h.stub.script("GET", WORKSPACES, Array(4).fill({ reset: true }));
    expectClearError(await h.call("octoperf_get_current_user_workspaces"), /connection to OctoPerf broke.*ECONNRESET|ECONNRESET.*try again/);
  });

  it("a reset in the middle of the body: retried, then recovered", async () => {
    h.stub.script("GET", WORKSPACES, [{ truncateAfterBytes: 30 }, { truncateAfterBytes: 1 }]);
    expectOk(await h.call("octoperf_get_current_user_workspaces"));
    expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(3);
  });

  it("a reset mid-body on every attempt: a clear error, not a parse error of half a body", async () => {
    h.stub.script("GET", WORKSPACES, Array(4).fill({ truncateAfterBytes: 25 }));
    const result = await h.call("octoperf_get_current_user_workspaces");
    expectClearError(result, /broke|interrupted|try again/i);
    expect(textOf(result)).not.toMatch(/JSON/);
  });

  it("a body dripping past the timeout once: the attempt times out and the retry answers", async () => {
    h.stub.script("GET", RUN_PATH, [SLOW_DRIP]);
    expectOk(await h.call("octoperf_status", { benchResultId: IDS.run }));
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(2);
  });

  it("a body dripping past the timeout on every attempt: a TIMEOUT error naming OCTOPERF_TIMEOUT_MS, safe to retry", async () => {
    h.stub.script("GET", RUN_PATH, Array(4).fill(SLOW_DRIP));
    const result = await h.call("octoperf_status", { benchResultId: IDS.run });
    expectClearError(result, new RegExp(`within ${TIMEOUT_MS} ms \\(OCTOPERF_TIMEOUT_MS\\).*safe to call the tool again`));
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(4);
  });

  it("answers that never start (delay past the timeout): TIMEOUT, bounded attempts", async () => {
    h.stub.script("GET", WORKSPACES, Array(4).fill({ delayMs: TIMEOUT_MS * 3 }));
    const result = await h.call("octoperf_get_current_user_workspaces");
    expectClearError(result, /did not answer within/);
    expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(4);
  });

  it("an HTML page with 200: a CONTRACT error that says HTML, not retried", async () => {
    h.stub.script("GET", RUN_PATH, [{ body: HTML, headers: { "Content-Type": "text/html" } }]);
    const result = await h.call("octoperf_status", { benchResultId: IDS.run });
    expectClearError(result, /HTML page came back instead of JSON.*unexpected shape/);
    expect(textOf(result)).not.toContain("nginx");
    expect(h.stub.requestsTo("GET", RUN_PATH)).toHaveLength(1);
  });

  it("an HTML 502 from a proxy: retried like any 502, then recovered", async () => {
    h.stub.script("GET", RUN_PATH, [{ status: 502, body: HTML, headers: { "Content-Type": "text/html" } }]);
    expectOk(await h.call("octoperf_status", { benchResultId: IDS.run }));
  });

  it("a complete answer with truncated JSON: a CONTRACT error saying truncated", async () => {
    h.stub.script("GET", RUN_PATH, [{ body: '{"id":"checkoutRunBase00001","scenarioId":"checkoutNigh' }]);
    expectClearError(await h.call("octoperf_status", { benchResultId: IDS.run }), /JSON is truncated/);
  });

  it("an empty 200 where JSON is expected: a CONTRACT error", async () => {
    h.stub.script("GET", WORKSPACES, [{ body: "" }]);
    expectClearError(await h.call("octoperf_get_current_user_workspaces"), /empty/);
  });

  it("429 with Retry-After (seconds): waits at least that long, then recovers", async () => {
    h.stub.script("GET", WORKSPACES, [{ status: 429, headers: { "Retry-After": "1" } }]);
    expectOk(await h.call("octoperf_get_current_user_workspaces"));
    const [first, second] = h.stub.requestsTo("GET", WORKSPACES);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it("429 with Retry-After as an HTTP date: honoured (capped), then recovers", async () => {
    const inOneSecond = new Date(Date.now() + 1_500).toUTCString();
    h.stub.script("GET", WORKSPACES, [{ status: 429, headers: { "Retry-After": inOneSecond } }]);
    expectOk(await h.call("octoperf_get_current_user_workspaces"));
    expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(2);
  });

  it("a 429 storm: a RATE_LIMITED error that says how long to wait", async () => {
    h.stub.script("GET", WORKSPACES, Array(4).fill({ status: 429, headers: { "Retry-After": "0" } }));
    expectClearError(await h.call("octoperf_get_current_user_workspaces"), /rate limiting.*wait/);
  });

  it("garbage Retry-After headers fall back to the backoff, and a huge one is capped", async () => {
    await h.close();
    await start({ adapter: { maxRetryAfterMs: 300 } });
    h.stub.script("GET", WORKSPACES, [
      { status: 429, headers: { "Retry-After": "-3" } },
      { status: 429, headers: { "Retry-After": "soon" } },
      { status: 503, headers: { "Retry-After": "99999999999999999999" } },
    ]);
    expectOk(await h.call("octoperf_get_current_user_workspaces"));
  });

  it("the metrics query (a read-only POST) is retried through a 503 and a reset", async () => {
    h.stub.script("POST", SUMMARY, [{ status: 503 }, { reset: true }]);
    const result = await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] });
    expectOk(result);
    expect(h.stub.requestsTo("POST", SUMMARY)).toHaveLength(3);
  });

  it("a wait that meets a transient storm mid-way still ends on the run's terminal state", async () => {
    const launched = await h.call("octoperf_run_test", { runtimeId: IDS.scenario, allowParallel: true });
    const { benchResultId } = launched.structuredContent as { benchResultId: string };
    h.stub.script("GET", `/runtime/bench-results/${benchResultId}`, [{ status: 503 }, { reset: true }, { status: 502 }]);
    const waited = await h.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 600, pollIntervalSeconds: 5 });
    expectOk(waited);
    expect(waited.structuredContent).toMatchObject({ benchResultId, terminal: true, state: "FINISHED" });
    expect(h.launches()).toBe(1);
  });
});

describe("odd but valid answers: unknown run states, extra fields, odd numbers", () => {
  beforeEach(async () => {
    await start();
  });

  async function wireRun(id: string): Promise<Record<string, unknown>> {
    return wireBenchResult(await h.stub.fake.getRun(id));
  }

  it("an unknown run state reads as still provisioning: not terminal, not an error", async () => {
    const wire = { ...(await wireRun(IDS.run)), state: "QUANTUM_ENTANGLED" };
    h.stub.script("GET", RUN_PATH, [{ body: wire }]);
    const result = await h.call("octoperf_status", { benchResultId: IDS.run });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ state: "QUANTUM_ENTANGLED", phase: "provisioning", terminal: false });
    expect(textOf(result)).toMatch(/Next: octoperf_status again in 10–30 s\./);
  });

  it("a wait on a run stuck in an unknown state spends its budget and says to call again", async () => {
    const wire = { ...(await wireRun(IDS.run)), state: "MIGRATING" };
    h.stub.script("GET", RUN_PATH, Array(20).fill({ body: wire }));
    const result = await h.call("octoperf_wait_for_test", { benchResultId: IDS.run, maxWaitSeconds: 10, pollIntervalSeconds: 2 });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ terminal: false, budgetExhausted: true, state: "MIGRATING" });
  });

  it("extra fields everywhere are ignored, and never leak into structuredContent", async () => {
    const extra = { futureField: { nested: [1, 2, 3] }, "@type": "BenchResultV2", secretSauce: "x" };
    h.stub.script("GET", RUN_PATH, [{ body: { ...(await wireRun(IDS.run)), ...extra } }]);
    const result = await h.call("octoperf_status", { benchResultId: IDS.run });
    expectOk(result);
    const { tools } = await h.mcp.client.listTools();
    const declared = Object.keys(tools.find((t) => t.name === "octoperf_status")!.outputSchema!.properties ?? {});
    expect(Object.keys(result.structuredContent!).filter((key) => !declared.includes(key))).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/futureField|BenchResultV2|secretSauce/);

    const workspaces = (await h.stub.fake.listWorkspaces()).map((w) => ({ id: w.id, name: w.name, description: null, extra: true, quota: { credits: 5 } }));
    h.stub.script("GET", WORKSPACES, [{ body: workspaces }]);
    const listed = await h.call("octoperf_get_current_user_workspaces");
    expectOk(listed);
    expect((listed.structuredContent as { workspaces: object[] }).workspaces[0]).toEqual({ id: IDS.workspace, name: "Acme Retail", description: "" });
  });

  it("metric values OctoPerf writes as NaN/Infinity strings read as no value; a wrong count or a word is a CONTRACT error", async () => {
    h.stub.script("POST", SUMMARY, [{ body: ["NaN", "Infinity"] }]);
    const nan = await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT", "HITS_RATE"] });
    expectOk(nan);
    expect((nan.structuredContent as { metrics: { value: unknown }[] }).metrics.map((m) => m.value)).toEqual([null, null]);

    h.stub.script("POST", SUMMARY, [{ body: [1] }]);
    expectClearError(
      await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT", "HITS_RATE"] }),
      /1 values came back for 2/,
    );

    h.stub.script("POST", SUMMARY, [{ body: ["lots"] }]);
    expectClearError(await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] }), /not the documented shape/);
  });

  it("a run answer missing required fields or with a bad timestamp: a CONTRACT error naming the field", async () => {
    const { state: _state, ...noState } = await wireRun(IDS.run);
    h.stub.script("GET", RUN_PATH, [{ body: noState }]);
    expectClearError(await h.call("octoperf_status", { benchResultId: IDS.run }), /state/);
    h.stub.script("GET", RUN_PATH, [{ body: { ...(await wireRun(IDS.run)), created: "yesterday-ish" } }]);
    expectClearError(await h.call("octoperf_status", { benchResultId: IDS.run }), /created/);
    h.stub.script("GET", RUN_PATH, [{ body: [] }, { body: "null" }, { body: 42 }]);
    for (let i = 0; i < 3; i++) expectClearError(await h.call("octoperf_status", { benchResultId: IDS.run }), /not the documented shape/);
  });
});

describe("the launch is sent at most once, whatever the API does", () => {
  beforeEach(async () => {
    await start();
  });

  /** A launch fault; `started` says whether OctoPerf started the run before the answer went wrong. */
  const LAUNCH_FAULTS: { name: string; fault: StubResponse; started: boolean }[] = [
    { name: "503", fault: { status: 503 }, started: false },
    { name: "503 after starting the run", fault: { status: 503, handled: true }, started: true },
    { name: "502 with an HTML body", fault: { status: 502, body: HTML, headers: { "Content-Type": "text/html" } }, started: false },
    { name: "500", fault: { status: 500 }, started: false },
    { name: "504 after starting the run", fault: { status: 504, handled: true }, started: true },
    { name: "reset before any answer", fault: { reset: true }, started: false },
    { name: "reset after starting the run", fault: { reset: true, handled: true }, started: true },
    { name: "reset in the middle of the body", fault: { truncateAfterBytes: 40 }, started: true },
    { name: "body dripping past the timeout", fault: SLOW_DRIP, started: true },
    { name: "no answer within the timeout (run started)", fault: { delayMs: TIMEOUT_MS * 3 }, started: true },
    { name: "no answer within the timeout (run not started)", fault: { delayMs: TIMEOUT_MS * 3, handled: false }, started: false },
    { name: "an HTML page with 200", fault: { body: HTML, headers: { "Content-Type": "text/html" }, handled: true }, started: true },
    { name: "truncated JSON with 200", fault: { body: '{"id":"fakeRep0000000000001","benchResultIds":["fa', handled: true }, started: true },
    { name: "a report without a run id", fault: { body: { id: "x", projectId: IDS.project, benchResultIds: [] }, handled: true }, started: true },
    { name: "429 with Retry-After", fault: { status: 429, headers: { "Retry-After": "1" } }, started: false },
  ];

  for (const { name, fault, started } of LAUNCH_FAULTS) {
    it(`${name}: one POST, and ${started ? "the run is found (reconciled)" : "a clear error that does not invite a blind retry"}`, async () => {
      h.stub.script("POST", LAUNCH_ROUTE, [fault]);
      const result = await h.call("octoperf_run_test", { runtimeId: IDS.scenario });
      expect(h.launches()).toBe(1);
      if (started) {
        expectOk(result);
        const runs = (await h.stub.fake.listReports(IDS.project)).flatMap((r) => r.benchResultIds).filter((id) => id.startsWith("fakeRun"));
        expect(runs).toHaveLength(1);
        expect(result.structuredContent).toMatchObject({ outcome: "reconciled", benchResultId: runs[0] });
        expect(textOf(result)).toMatch(/answer was lost, but the run did start/);
      } else {
        expect(clearErrorProblems(result)).toEqual([]);
        expect(textOf(result)).toMatch(/outcome is unknown.*(check|Do not call octoperf_run_test again)|rate limiting/s);
      }
      // The model follows the advice and checks the scenario's runs: that never launches.
      const history = await h.call("octoperf_list_test_runs", { scenarioId: IDS.scenario });
      expectOk(history);
      expect(h.launches()).toBe(1);
    });
  }

  it("OctoPerf refusing the launch (400, 401, 403, 404, 409, 418, 422): one POST, a clear refusal", async () => {
    for (const status of [400, 401, 403, 404, 409, 418, 422]) {
      const before = h.launches();
      h.stub.script("POST", LAUNCH_ROUTE, [{ status }]);
      const result = await h.call("octoperf_run_test", { runtimeId: IDS.scenario, allowParallel: true });
      expect(h.launches() - before, `HTTP ${status}`).toBe(1);
      expect(clearErrorProblems(result), `HTTP ${status}`).toEqual([]);
    }
  });

  it("octoperf_run_and_analyze under a launch fault sends one POST and reconciles", async () => {
    h.stub.script("POST", LAUNCH_ROUTE, [{ reset: true, handled: true }]);
    const result = await h.call("octoperf_run_and_analyze", { scenarioId: IDS.scenario, maxWaitSeconds: 600, pollIntervalSeconds: 5 });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ launchOutcome: "reconciled", run: { state: "FINISHED" } });
    expect(h.launches()).toBe(1);
  });

  it("octoperf_wait_for_test through a blip (every attempt of two state reads answered 503): the run's state, not an error", async () => {
    const { benchResultId } = (await h.call("octoperf_run_test", { runtimeId: IDS.scenario })).structuredContent as { benchResultId: string };
    h.stub.script("GET", /^\/runtime\/bench-results\/[\w-]+$/, Array(8).fill({ status: 503 }));
    const result = await h.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 300, pollIntervalSeconds: 5 });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ terminal: true, stale: false, budgetExhausted: false });
    expect(h.stub.pendingScripts()).toBe(0);
  });

  it("octoperf_wait_for_test with OctoPerf failing to the end of the budget: terminal false, stale true, the last known state", async () => {
    const { benchResultId } = (await h.call("octoperf_run_test", { runtimeId: IDS.scenario })).structuredContent as { benchResultId: string };
    // A first wait sees the run (one check, no time to wait): that is the last known state.
    const seen = await h.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 0 });
    expectOk(seen);
    h.stub.script("GET", /^\/runtime\/bench-results\/[\w-]+$/, Array(400).fill({ status: 503 }));
    const result = await h.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 20, pollIntervalSeconds: 5 });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      terminal: false,
      stale: true,
      budgetExhausted: true,
      state: (seen.structuredContent as { state: string }).state,
    });
    expect(textOf(result)).toMatch(/OctoPerf failed or did not answer the latest check: state as last given at /);
    expect(textOf(result)).not.toMatch(/try again later/i);
  });

  it("octoperf_run_and_analyze when the reads around the launch fail: one POST at most, and the 503s are ridden out within the budget", async () => {
    h.stub.script("GET", /^\/runtime\/bench-results\//, Array(8).fill({ status: 503 }));
    const result = await h.call("octoperf_run_and_analyze", { scenarioId: IDS.scenario, maxWaitSeconds: 600, pollIntervalSeconds: 5 });
    expect(h.launches()).toBe(1);
    expect(h.stub.pendingScripts()).toBe(0);
    expect(result.isError ?? false).toBe(false);
    expect(textOf(result)).toMatch(/SLA (PASS|FAIL)/);
  });

  it("octoperf_run_and_analyze failing mid-wait after a good launch: the error names the run, and following its advice never launches a second run", async () => {
    // The progress endpoint is only read once the run is RUNNING: the wait fails there, after the launch,
    // with an answer no wait can cure (a 503 would be ridden out).
    h.stub.script("GET", /^\/runtime\/bench-results\/progress\//, Array(4).fill({ body: HTML }));
    const args = { scenarioId: IDS.scenario, maxWaitSeconds: 600, pollIntervalSeconds: 5 };
    const first = await h.call("octoperf_run_and_analyze", args);
    expect(h.launches()).toBe(1);
    expect(clearErrorProblems(first)).toEqual([]);
    const started = (await h.stub.fake.listReports(IDS.project)).flatMap((r) => r.benchResultIds).filter((id) => id.startsWith("fakeRun"));
    expect(started).toHaveLength(1);
    const advice = textOf(first);
    // The model needs the run's id to keep following it instead of launching again.
    expect(advice, "the error of a run_and_analyze whose launch succeeded does not name the run").toContain(started[0]);
    if (/try again|call the tool again/i.test(advice)) {
      await h.call("octoperf_run_and_analyze", args);
      expect(h.launches(), `the error said "${advice}"; doing so launched a second paid run`).toBe(1);
    }
  });

  it("a stop is not retried either (POST, not read-only): one stop request under a 503", async () => {
    const { benchResultId } = (await h.call("octoperf_run_test", { runtimeId: IDS.scenario })).structuredContent as { benchResultId: string };
    h.stub.script("POST", STOP_ROUTE, [{ status: 503 }]);
    const result = await h.call("octoperf_stop_test", { benchResultId });
    expect(clearErrorProblems(result)).toEqual([]);
    expect(h.stub.requestsTo("POST", STOP_ROUTE)).toHaveLength(1);
  });
});

describe("the launch is sent at most once: generated fault sequences (fast-check)", () => {
  const status = fc.constantFrom(400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503, 504);
  const fault: fc.Arbitrary<StubResponse> = fc.oneof(
    fc.record({ status, handled: fc.boolean() }),
    fc.record({ status: fc.constantFrom(429, 503), headers: fc.constant({ "Retry-After": "0" }) }),
    fc.record({ reset: fc.constant(true), handled: fc.boolean(), delayMs: fc.integer({ min: 0, max: 30 }) }),
    fc.record({ truncateAfterBytes: fc.integer({ min: 0, max: 200 }) }),
    fc.record({ delayMs: fc.constantFrom(0, 20, 120) }),
    fc.record({ body: fc.constantFrom(HTML, "", "{", "[]", "null", '{"benchResultIds":[]}'), handled: fc.boolean() }),
    fc.constant<StubResponse>({ drip: { chunkBytes: 64, intervalMs: 40 } }),
  );
  const route = fc.constantFrom<string | RegExp>(
    LAUNCH_ROUTE,
    /^\/runtime\/scenarios\/[^/]+$/,
    /^\/runtime\/bench-results\//,
    /^\/analysis\/bench-reports\/by-project\//,
  );
  const plan = fc.array(fc.tuple(route, fc.array(fault, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 });
  const tool = fc.constantFrom("octoperf_run_test", "octoperf_run_and_analyze");

  it(`never more than one POST per launch call, and every answer is a result or a clear error (30 runs, seed ${FC_SEED})`, { timeout: 90_000 }, async () => {
    const outcomes = { launchedOk: 0, launchedThenError: 0, notLaunched: 0 };
    let current: HttpMcp | undefined;
    try {
      await fc.assert(
        fc.asyncProperty(plan, tool, fc.boolean(), async (faults, name, allowParallel) => {
          current = await startHttpMcp(scanner, { adapter: { timeoutMs: 150, maxRetries: 2 } });
          try {
            for (const [path, responses] of faults) current.stub.script("*", path, responses);
            const args =
              name === "octoperf_run_test"
                ? { runtimeId: IDS.scenario, allowParallel }
                : { scenarioId: IDS.scenario, allowParallel, maxWaitSeconds: 120, pollIntervalSeconds: 5 };
            const result = await current.call(name, args);
            expect(current.launches()).toBeLessThanOrEqual(1);
            if (current.launches() === 0) outcomes.notLaunched += 1;
            else if (result.isError) outcomes.launchedThenError += 1;
            else outcomes.launchedOk += 1;
            if (result.isError) {
              expect(clearErrorProblems(result)).toEqual([]);
            } else {
              expect(current.launches()).toBe(1);
            }
            expect(current.undocumented()).toEqual([]);
          } finally {
            await current.close();
            current = undefined;
          }
        }),
        { numRuns: 30, seed: FC_SEED },
      );
    } finally {
      await current?.close();
    }
    // The generated plans reach every outcome: no launch, a launch that failed, a launch that worked.
    expect(outcomes.notLaunched).toBeGreaterThan(0);
    expect(outcomes.launchedThenError).toBeGreaterThan(0);
    expect(outcomes.launchedOk).toBeGreaterThan(0);
  });
});

describe("secrets, across this file", () => {
  it("every tool result and log line above was scanned for the key", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(50);
    expect(scanner.countOf("log")).toBeGreaterThan(10);
  });
});
