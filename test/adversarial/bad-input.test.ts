/**
 * Bad arguments through the real MCP protocol, for every tool: each gets a clear isError result
 * that names the bad field (no stack, no "internal error"), nothing reaches OctoPerf, and the
 * server keeps answering. Hand-written cases and fast-check properties, in process over the fake
 * (fast, every port call recorded) and over stdio against the built server in HTTP mode pointed
 * at the loopback stub (every request checked against the documented routes).
 */
import fc from "fast-check";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allTools } from "../../src/adapters/mcp/tools/index.js";
import { isValidId } from "../../src/domain/model/ids.js";
import { isMetricId, METRIC_IDS } from "../../src/domain/model/metrics.js";
import { clearErrorProblems, startFakeMcp, type PortCall } from "../support/adversarial-harness.js";
import { anyGeneratedCall, BAD_VALUES, describeValue, FC_SEED, generatedCall, IDS, TOOL_SPECS, type ToolSpec } from "../support/hostile-inputs.js";
import { textOf } from "../support/mcp-client.js";
import { launchCount, undocumentedRequests } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded, type RecordedServer } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const scanner = new SecretScanner();
const INPUT_SCHEMAS = new Map(allTools.map((tool) => [tool.name, z.object(tool.inputSchema)]));

/** The fields the schema itself blames (empty when the arguments pass it). */
function blamedFields(tool: string, args: Record<string, unknown>): string[] | null {
  const parsed = INPUT_SCHEMAS.get(tool)!.safeParse(args);
  if (parsed.success) return null;
  return [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))];
}

/** Problems of one bad call's result, for a readable list of failures. */
function badCallProblems(result: CallToolResult, field: string): string[] {
  const problems = clearErrorProblems(result);
  if (!textOf(result).includes(field)) problems.push(`message does not name ${field}: ${JSON.stringify(textOf(result).slice(0, 200))}`);
  return problems;
}

/** Port arguments that could end up in a URL: ids must be valid, metric ids known. */
function invalidPortArguments(calls: readonly PortCall[]): string[] {
  const bad: string[] = [];
  for (const call of calls) {
    for (const arg of call.args) {
      if (typeof arg === "string" && !isValidId(arg)) bad.push(`${call.method}(${JSON.stringify(arg)})`);
      if (Array.isArray(arg) && arg.some((id) => typeof id !== "string" || !isMetricId(id))) bad.push(`${call.method}(${JSON.stringify(arg)})`);
    }
  }
  return bad;
}

const withBadField = (spec: ToolSpec, field: string, value: unknown) => ({ ...spec.valid, [field]: value });

describe("bad input, in process over the fake: every tool, every field", () => {
  let h: Awaited<ReturnType<typeof startFakeMcp>>;
  beforeAll(async () => {
    h = await startFakeMcp(scanner);
  });
  afterAll(async () => {
    await h.close();
  });

  it("accepts the valid arguments each case starts from (so every failure below is the bad field's)", async () => {
    for (const spec of TOOL_SPECS) {
      const result = await h.call(spec.name, { ...spec.valid });
      expect(result.isError, `${spec.name}: ${textOf(result)}`).toBeFalsy();
    }
  });

  for (const spec of TOOL_SPECS) {
    for (const field of spec.fields) {
      it(`${spec.name}: a bad ${field.name} gets a clear error naming it, nothing reaches OctoPerf, the server keeps answering`, async () => {
        const failures: string[] = [];
        for (const value of BAD_VALUES[field.kind]) {
          const before = h.portCalls.length;
          const result = await h.call(spec.name, withBadField(spec, field.name, value));
          const problems = badCallProblems(result, field.name);
          const calls = h.portCalls.slice(before).map((c) => c.method);
          if (calls.length > 0) problems.push(`reached the port: ${calls.join(", ")}`);
          const alive = await h.call("octoperf_status", { benchResultId: IDS.run });
          if (alive.isError) problems.push("the next call failed");
          if (problems.length > 0) failures.push(`${describeValue(value)}: ${problems.join("; ")}`);
        }
        expect(failures).toEqual([]);
      });
    }
  }

  it("octoperf_list_test_runs without projectId and scenarioId names both", async () => {
    const result = await h.call("octoperf_list_test_runs", { limit: 3 });
    expect(clearErrorProblems(result)).toEqual([]);
    expect(textOf(result)).toMatch(/projectId/);
    expect(textOf(result)).toMatch(/scenarioId/);
  });

  it("octoperf_compare_tests with the same run twice names both fields and reads nothing", async () => {
    const before = h.portCalls.length;
    const result = await h.call("octoperf_compare_tests", { baselineBenchResultId: IDS.run, candidateBenchResultId: IDS.run });
    expect(clearErrorProblems(result)).toEqual([]);
    expect(textOf(result)).toMatch(/baselineBenchResultId.*candidateBenchResultId/);
    expect(h.portCalls.length).toBe(before);
  });

  it("unknown but well-formed ids: a not-found error naming the id, no launch, only valid ids reach the port", async () => {
    const failures: string[] = [];
    for (const spec of TOOL_SPECS) {
      for (const field of spec.fields.filter((f) => f.kind === "id")) {
        const before = h.portCalls.length;
        const result = await h.call(spec.name, withBadField(spec, field.name, IDS.missing));
        const calls = h.portCalls.slice(before);
        const problems = clearErrorProblems(result);
        if (!textOf(result).includes(IDS.missing)) problems.push(`does not name ${IDS.missing}: ${textOf(result)}`);
        if (calls.some((c) => c.method === "launchScenario")) problems.push("launched a run");
        problems.push(...invalidPortArguments(calls));
        if (problems.length > 0) failures.push(`${spec.name}.${field.name}: ${problems.join("; ")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("ids with surrounding whitespace are trimmed: the clean id is used and echoed, never the padded one", async () => {
    for (const padded of [` ${IDS.run} `, `\t${IDS.run}\n`, `\u00a0${IDS.run}`]) {
      const before = h.portCalls.length;
      const result = await h.call("octoperf_status", { benchResultId: padded });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ benchResultId: IDS.run });
      expect(invalidPortArguments(h.portCalls.slice(before))).toEqual([]);
    }
  });

  it("unknown metric ids are refused, naming the bad id and pointing at the catalogue", async () => {
    const result = await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT", "P95_RESPONSE"] });
    expect(clearErrorProblems(result)).toEqual([]);
    expect(textOf(result)).toMatch(/metricIds/);
    expect(textOf(result)).toContain('"P95_RESPONSE"');
    expect(textOf(result)).toContain("octoperf://metrics");
  });

  it("duplicate metric ids (any case, any padding) are de-duplicated, in first-seen order", async () => {
    const result = await h.call("octoperf_get_report_metrics", {
      benchResultId: IDS.run,
      metricIds: ["ERRORS_PERCENT", "errors_percent", " ERRORS_PERCENT ", "HITS_RATE", "ERRORS_PERCENT"],
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const metrics = (result.structuredContent as { metrics: { metricId: string }[] }).metrics;
    expect(metrics.map((m) => m.metricId)).toEqual(["ERRORS_PERCENT", "HITS_RATE"]);

    const compared = await h.call("octoperf_compare_tests", {
      baselineBenchResultId: IDS.run,
      candidateBenchResultId: IDS.otherRun,
      metricIds: ["RESPONSE_TIME_AVG", "response_time_avg"],
    });
    expect(compared.isError, textOf(compared)).toBeFalsy();
    expect((compared.structuredContent as { comparisons: unknown[] }).comparisons).toHaveLength(1);

    const sla = await h.call("octoperf_evaluate_sla", {
      benchResultId: IDS.run,
      criteria: [
        { metricId: "ERRORS_PERCENT", operator: "<", threshold: 5 },
        { metricId: "errors_percent", operator: "<", threshold: 1 },
      ],
    });
    // Two criteria on one metric are two criteria (two thresholds), each judged.
    expect((sla.structuredContent as { results: unknown[] }).results).toHaveLength(2);
  });

  it("the de-duplication of metric ids is documented where a client reads it (tool description or metricIds schema)", async () => {
    const { tools } = await h.mcp.client.listTools();
    for (const name of ["octoperf_get_report_metrics", "octoperf_compare_tests"]) {
      const tool = tools.find((t) => t.name === name)!;
      const metricIds = (tool.inputSchema.properties as Record<string, { description?: string }>)["metricIds"];
      const documentation = `${tool.description ?? ""} ${metricIds?.description ?? ""}`;
      expect(documentation, `${name} does not tell clients that duplicate metric ids are merged`).toMatch(/duplicate/i);
    }
  });

  it("a too-long metric id list is refused with the limit the server checks", async () => {
    // The listed schema leaves this sanity bound out (issue 16: nobody means to cross it); the tool's own schema holds it.
    const tool = allTools.find((t) => t.name === "octoperf_get_report_metrics")!;
    const checked = z.toJSONSchema(z.object(tool.inputSchema), { io: "input" }) as { properties: Record<string, { maxItems?: number }> };
    const maxItems = checked.properties["metricIds"]!.maxItems!;
    expect(maxItems).toBeGreaterThan(METRIC_IDS.length);
    const tooMany = await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: Array(maxItems + 1).fill("ERRORS_PERCENT") });
    expect(clearErrorProblems(tooMany)).toEqual([]);
    expect(textOf(tooMany)).toMatch(/metricIds/);
    // A list within maxItems is accepted: the message must not claim a smaller limit.
    const atLimit = await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: Array(maxItems).fill("ERRORS_PERCENT") });
    expect(atLimit.isError, textOf(atLimit)).toBeFalsy();
    const stated = Number(/at most (\d+)/.exec(textOf(tooMany))?.[1]);
    expect(stated, `the error says "at most ${stated}" but the schema allows ${maxItems} (and ${METRIC_IDS.length + 1} are accepted)`).toBe(maxItems);
  });

  it("negative, zero and huge wait budgets: refused outside 0..3600 s, and 0 answers at once without error", async () => {
    for (const maxWaitSeconds of [-5, 3601, 1e300]) {
      const result = await h.call("octoperf_wait_for_test", { benchResultId: IDS.run, maxWaitSeconds });
      expect(badCallProblems(result, "maxWaitSeconds")).toEqual([]);
    }
    const zero = await h.call("octoperf_wait_for_test", { benchResultId: IDS.run, maxWaitSeconds: 0 });
    expect(zero.isError, textOf(zero)).toBeFalsy();
    expect(zero.structuredContent).toMatchObject({ terminal: true, polls: 1 });
  });

  it("resource reads with hostile run ids fail cleanly and reach nothing", async () => {
    for (const uri of ["octoperf://runs/..%2F..%2Fworkspaces", "octoperf://runs/a%20b", "octoperf://runs/%00", `octoperf://runs/${"x".repeat(10_000)}`]) {
      const before = h.portCalls.length;
      const error = await h.mcp.client.readResource({ uri }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, uri.slice(0, 60)).toBeInstanceOf(Error);
      scanner.scan("error:resource", error);
      expect((error as Error).message.length).toBeLessThan(1_500);
      expect((error as Error).message).not.toMatch(/\n\s+at\s/);
      expect(h.portCalls.length).toBe(before);
    }
    const alive = await h.call("octoperf_status", { benchResultId: IDS.run });
    expect(alive.isError).toBeFalsy();
  });
});

describe("bad input, in process over the fake: fast-check properties", () => {
  let h: Awaited<ReturnType<typeof startFakeMcp>>;
  /** How the generated calls came out, to prove the generators reach every branch. */
  const outcomes = { invalid: 0, validOk: 0, validError: 0 };
  beforeAll(async () => {
    h = await startFakeMcp(scanner);
  });
  afterAll(async () => {
    await h.close();
  });

  TOOL_SPECS.filter((spec) => spec.fields.length > 0).forEach((spec, index) => {
    it(`${spec.name}: generated arguments never crash it, never reach OctoPerf when invalid, always name the bad field (seed ${FC_SEED + index})`, async () => {
      await fc.assert(
        fc.asyncProperty(generatedCall(spec, false), async ({ tool, args }) => {
          const wireArgs = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
          const before = h.portCalls.length;
          const result = await h.call(tool, wireArgs);
          const calls = h.portCalls.slice(before);
          expect(invalidPortArguments(calls)).toEqual([]);
          const blamed = blamedFields(tool, wireArgs);
          if (blamed !== null) {
            outcomes.invalid += 1;
            expect(clearErrorProblems(result)).toEqual([]);
            expect(calls.map((c) => c.method)).toEqual([]);
            const named = blamed.filter((f) => f !== "");
            if (named.length > 0) expect(named.filter((f) => !textOf(result).includes(f))).toEqual([]);
          } else if (result.isError) {
            outcomes.validError += 1;
            expect(clearErrorProblems(result)).toEqual([]);
          } else {
            outcomes.validOk += 1;
            expect(result.structuredContent).toBeDefined();
          }
          const alive = await h.call("octoperf_status", { benchResultId: IDS.run });
          expect(alive.isError).toBeFalsy();
        }),
        { numRuns: 60, seed: FC_SEED + index },
      );
    });
  });

  it("the generators reached every branch: invalid calls, valid calls that succeed, valid calls OctoPerf refuses", () => {
    expect(outcomes.invalid).toBeGreaterThan(300);
    expect(outcomes.validOk).toBeGreaterThan(30);
    expect(outcomes.validError).toBeGreaterThan(10);
  });
});

describe("bad input over stdio: the built server in HTTP mode against the loopback stub", () => {
  let stub: StubOctoPerf;
  let server: RecordedServer;
  beforeAll(async () => {
    stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 1_000 } });
    server = await spawnRecorded(
      [],
      { OCTOPERF_API_KEY: CANARY_API_KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_LOG_LEVEL: "debug", OCTOPERF_TIMEOUT_MS: "2000" },
      { scanner, label: "bad-input http" },
    );
  });
  afterEach(() => {
    expect(undocumentedRequests(stub.requests)).toEqual([]);
    expect(server.transport.impurities()).toEqual([]);
  });
  afterAll(async () => {
    await closeAllRecorded();
    await stub.close();
  });

  it("every hand-written bad value of every tool: clear error naming the field, no request sent, still answering", async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const spec of TOOL_SPECS) {
      for (const field of spec.fields) {
        for (const value of BAD_VALUES[field.kind]) {
          const before = stub.requests.length;
          const result = await server.call(spec.name, withBadField(spec, field.name, value));
          const problems = badCallProblems(result, field.name);
          const sent = stub.requests.slice(before).map((r) => `${r.method} ${r.url}`);
          if (sent.length > 0) problems.push(`sent ${sent.join(", ")}`);
          if (++calls % 10 === 0) {
            const alive = await server.call("octoperf_status", { benchResultId: IDS.run });
            if (alive.isError) problems.push(`the next call failed: ${textOf(alive)}`);
          }
          if (problems.length > 0) failures.push(`${spec.name}.${field.name}=${describeValue(value)}: ${problems.join("; ")}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(300);
    expect(launchCount(stub.requests)).toBe(0);
  });

  it("unknown but well-formed ids: not-found errors from OctoPerf's 404s, and no launch", async () => {
    for (const spec of TOOL_SPECS) {
      for (const field of spec.fields.filter((f) => f.kind === "id")) {
        const result = await server.call(spec.name, withBadField(spec, field.name, IDS.missing));
        expect(clearErrorProblems(result), `${spec.name}.${field.name}`).toEqual([]);
        expect(textOf(result)).toContain(IDS.missing);
      }
    }
    expect(launchCount(stub.requests)).toBe(0);
  });

  it("padded ids reach OctoPerf trimmed", async () => {
    const result = await server.call("octoperf_status", { benchResultId: `  ${IDS.run}\t` });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(stub.requestsTo("GET", `/runtime/bench-results/${IDS.run}`).length).toBeGreaterThan(0);
  });

  it(`generated calls to any tool (fast-check, 25 runs, seed ${FC_SEED})`, { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(anyGeneratedCall(true), async ({ tool, args }) => {
        const wireArgs = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
        const before = stub.requests.length;
        const result = await server.call(tool, wireArgs);
        const blamed = blamedFields(tool, wireArgs);
        if (blamed !== null) {
          expect(clearErrorProblems(result)).toEqual([]);
          expect(stub.requests.length).toBe(before);
          const named = blamed.filter((f) => f !== "");
          if (named.length > 0) expect(named.filter((f) => !textOf(result).includes(f))).toEqual([]);
        } else if (result.isError) {
          expect(clearErrorProblems(result)).toEqual([]);
        }
        expect(undocumentedRequests(stub.requests.slice(before))).toEqual([]);
        const alive = await server.call("octoperf_status", { benchResultId: IDS.run });
        expect(alive.isError).toBeFalsy();
      }),
      { numRuns: 25, seed: FC_SEED },
    );
  });

  it("the session's stderr (debug level) never carries the key, and the server exits cleanly", async () => {
    const status = await server.close();
    expect(status).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toContain("octoperf-mcp ready");
    expect(server.transport.impurities()).toEqual([]);
    expect(scanner.countOf("tool result")).toBeGreaterThan(500);
    expect(scanner.countOf("stderr")).toBeGreaterThan(0);
  });
});
