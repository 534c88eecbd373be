import { afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { ManualClock } from "../../support/manual-clock.js";
import { connectInMemory, textOf, type InMemoryMcp } from "../../support/mcp-client.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

async function autoClockServer(runDurationMs = 30_000) {
  const clock = new ManualClock(undefined, true);
  const octoperf = new FakeOctoPerfAdapter(clock, { runDurationMs });
  return connectInMemory({ clock, octoperf });
}

describe("octoperf_wait_for_test", () => {
  it("sends progress notifications in order, ending at 100%", async () => {
    mcp = await autoClockServer();
    const launched = await mcp.call("octoperf_run_test", { runtimeId: "checkoutNightly00001" });
    const { benchResultId } = launched.structuredContent as any;
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result: any = await mcp.client.callTool(
      { name: "octoperf_wait_for_test", arguments: { benchResultId, pollIntervalSeconds: 3, maxWaitSeconds: 600 } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(result.structuredContent).toMatchObject({ state: "FINISHED", terminal: true, budgetExhausted: false, nextPollAfterSeconds: null });
    expect(progress.length).toBe(result.structuredContent.polls);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect(progress.at(-1)).toMatchObject({ progress: 100, total: 100 });
    expect(progress.at(-1)!.message).toMatch(/^FINISHED/);
    expect(progress.some((p) => /^RUNNING \d+% of load/.test(p.message ?? ""))).toBe(true);
  });

  it("returns terminal=false with nextPollAfterSeconds when the budget expires", async () => {
    mcp = await autoClockServer(3_600_000);
    const { benchResultId } = (await mcp.call("octoperf_run_test", { runtimeId: "checkoutNightly00001" })).structuredContent as any;
    const result = await mcp.call("octoperf_wait_for_test", { benchResultId });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ terminal: false, budgetExhausted: true, pollIntervalSeconds: 16, nextPollAfterSeconds: 16 });
    expect(textOf(result)).toMatch(/call octoperf_wait_for_test again in 16 s/);
  });

  it("stops polling when the request is cancelled", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    let calls = 0;
    const getRun = fake.getRun.bind(fake);
    fake.getRun = async (...args) => {
      calls += 1;
      return getRun(...args);
    };
    mcp = await connectInMemory({ clock, octoperf: fake });
    const { benchResultId } = (await mcp.call("octoperf_run_test", { runtimeId: "checkoutNightly00001" })).structuredContent as any;
    const controller = new AbortController();
    const waiting = mcp.client.callTool({ name: "octoperf_wait_for_test", arguments: { benchResultId, pollIntervalSeconds: 5 } }, undefined, {
      signal: controller.signal,
    });
    while (clock.sleeps.length === 0) await new Promise((r) => setTimeout(r, 1));
    clock.advance(5_000); // one more poll
    while (clock.sleeps.length === 1) await new Promise((r) => setTimeout(r, 1));
    controller.abort("user cancelled");
    await expect(waiting).rejects.toThrow(/user cancelled/);
    const seen = calls;
    await new Promise((r) => setTimeout(r, 10));
    clock.advance(120_000);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(seen);
    expect(seen).toBe(2);
    // The server is still serving.
    expect((await mcp.call("octoperf_status", { benchResultId })).isError).toBeFalsy();
  });
});

describe("octoperf_stop_test", () => {
  it("stops a running run, a provisioning run, and reports a finished one", async () => {
    mcp = await connectInMemory();
    const a = (await mcp.call("octoperf_run_test", { runtimeId: "checkoutNightly00001" })).structuredContent as any;
    mcp.clock.advance(3_000);
    const b = (await mcp.call("octoperf_run_test", { runtimeId: "checkoutSmoke0000002" })).structuredContent as any;
    mcp.clock.advance(12_000); // a is RUNNING, b is SCALING

    const running = await mcp.call("octoperf_stop_test", { benchResultId: a.benchResultId });
    expect(running.structuredContent).toMatchObject({ stopRequested: true, state: "ABORTED", terminal: true });
    const provisioning = await mcp.call("octoperf_stop_test", { benchResultId: b.benchResultId });
    expect(provisioning.structuredContent).toMatchObject({ stopRequested: true, state: "ABORTED" });
    const finished = await mcp.call("octoperf_stop_test", { benchResultId: "checkoutRunBase00001" });
    expect(finished.isError).toBeFalsy();
    expect(finished.structuredContent).toMatchObject({ stopRequested: false, state: "FINISHED" });
    expect(textOf(finished)).toMatch(/^Nothing to stop/);
  });
});

describe("history, SLA and comparison tools", () => {
  it("lists a scenario's runs newest first", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call("octoperf_list_test_runs", { scenarioId: "checkoutNightly00001", limit: 2 });
    expect((result.structuredContent as any).runs.map((r: any) => r.benchResultId)).toEqual(["checkoutRunLast00003", "checkoutRunAbrt00002"]);
    expect((result.structuredContent as any).runs[0]).toMatchObject({ durationSeconds: 720, reportId: "checkoutRepLast00003" });
  });

  it("says in its schema that projectId or scenarioId is required, and refuses neither with a sentence that says where to find them", async () => {
    mcp = await connectInMemory();
    const { tools } = await mcp.client.listTools();
    const tool = tools.find((t) => t.name === "octoperf_list_test_runs")!;
    const properties = tool.inputSchema.properties as Record<string, { description: string }>;
    expect(properties["projectId"]!.description).toMatch(/Give this or scenarioId \(one is required\)/);
    expect(properties["scenarioId"]!.description).toMatch(/Give this or projectId \(one is required\)/);
    expect(tool.description).toMatch(/One of projectId or scenarioId is required/);

    const neither = await mcp.call("octoperf_list_test_runs", { limit: 5 });
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toBe(
      "Invalid input: give a projectId or a scenarioId; " +
        "OctoPerf keeps runs per project, so one of the two is required. Fix the arguments and call the tool again.",
    );
  });

  it("writes a metric's number the same way in the metrics list, the comparison and the SLA reasons", async () => {
    mcp = await connectInMemory();
    const metricIds = ["THROUGHPUT_RATE", "HITS_TOTAL", "RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"];
    const listed = async (benchResultId: string) => {
      const text = textOf(await mcp.call("octoperf_get_report_metrics", { benchResultId, metricIds }));
      // "- Throughput: 1,646,213 bytes/s" → label → "1,646,213" and " bytes/s"
      return new Map([...text.matchAll(/^- (.+?): ([\d,.]+)(.*)$/gm)].map((m) => [m[1]!, { number: m[2]!, unit: m[3]! }]));
    };
    const baseline = await listed("checkoutRunBase00001");
    const candidate = await listed("checkoutRunLast00003");
    expect(baseline.size).toBe(4);
    expect([...baseline.values()].some((v) => v.number.includes(","))).toBe(true); // thousands separated

    const compared = textOf(
      await mcp.call("octoperf_compare_tests", { baselineBenchResultId: "checkoutRunBase00001", candidateBenchResultId: "checkoutRunLast00003", metricIds }),
    );
    for (const [label, before] of baseline) {
      const after = candidate.get(label)!;
      expect(compared).toContain(`${label}: ${before.number} → ${after.number}${after.unit} (`);
    }

    const sla = textOf(
      await mcp.call("octoperf_evaluate_sla", {
        benchResultId: "checkoutRunBase00001",
        criteria: [{ metricId: "THROUGHPUT_RATE", operator: ">", threshold: 1000000 }],
      }),
    );
    const throughput = [...baseline.entries()].find(([label]) => /throughput/i.test(label))![1];
    expect(sla).toContain(`${throughput.number}${throughput.unit} > 1,000,000${throughput.unit}`);
  });

  it("gives PASS, FAIL and INCONCLUSIVE verdicts on known data", async () => {
    mcp = await connectInMemory();
    const pass = await mcp.call("octoperf_evaluate_sla", { benchResultId: "checkoutRunBase00001" });
    expect(pass.structuredContent).toMatchObject({ verdict: "PASS", criteriaSource: "default" });
    const fail = await mcp.call("octoperf_evaluate_sla", {
      benchResultId: "checkoutRunLast00003",
      criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 600 }],
    });
    expect(fail.structuredContent).toMatchObject({ verdict: "FAIL", results: [{ verdict: "FAIL", unit: "ms", threshold: 600 }] });
    expect(textOf(fail)).toMatch(/^SLA FAIL/);
    const inconclusive = await mcp.call("octoperf_evaluate_sla", { benchResultId: "checkoutRunAbrt00002" });
    expect(inconclusive.structuredContent).toMatchObject({ verdict: "INCONCLUSIVE", state: "ABORTED" });
  });

  it("compares last night's run with the baseline", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call("octoperf_compare_tests", {
      baselineBenchResultId: "checkoutRunBase00001",
      candidateBenchResultId: "checkoutRunLast00003",
    });
    expect(result.structuredContent).toMatchObject({ verdict: "regressed", tolerancePercent: 5 });
    expect(textOf(result)).toMatch(/regressed: Response time \(95th percentile\): \d+(\.\d+)? → \d+(\.\d+)? ms \(\+\d+/);
  });

  it("runs, waits, judges and compares in one call: the user story", async () => {
    mcp = await autoClockServer();
    const progress: number[] = [];
    const result: any = await mcp.client.callTool(
      {
        name: "octoperf_run_and_analyze",
        arguments: {
          scenarioId: "checkoutNightly00001",
          criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }],
          baselineBenchResultId: "checkoutRunLast00003",
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.run).toMatchObject({ state: "FINISHED", terminal: true });
    expect(result.structuredContent.sla.verdict).toBe("PASS");
    expect(result.structuredContent.comparison.baseline.benchResultId).toBe("checkoutRunLast00003");
    expect(progress.at(-1)).toBe(100);
    expect(textOf(result)).toMatch(/SLA PASS/);
  });
});

describe("resources and prompt", () => {
  it("serves the metric catalogue and a run's status with key metrics", async () => {
    mcp = await connectInMemory();
    const catalogue = await mcp.client.readResource({ uri: "octoperf://metrics" });
    const metrics = JSON.parse((catalogue.contents[0] as any).text).metrics;
    expect(metrics.find((m: any) => m.id === "ERRORS_PERCENT")).toMatchObject({ unit: "%", direction: "lower-is-better" });

    const run = await mcp.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" });
    const body = JSON.parse((run.contents[0] as any).text);
    expect(body).toMatchObject({ benchResultId: "checkoutRunBase00001", state: "FINISHED", partial: false });
    expect(body.metrics.find((m: any) => m.metricId === "RESPONSE_TIME_PERCENTILE_95").unit).toBe("ms");
    await expect(mcp.client.readResource({ uri: "octoperf://runs/noSuchRun00000000000" })).rejects.toThrow(/No bench result/);
  });

  it("a client's cancel of a resource read aborts the OctoPerf call under it, as for a tool", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
    let aborted = false;
    // An OctoPerf read that hangs until its caller gives up on it.
    fake.getRun = (_id, options) =>
      new Promise((_resolve, reject) => {
        options?.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        });
      });
    mcp = await connectInMemory({ octoperf: fake, clock });
    const controller = new AbortController();
    const read = mcp.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(read).rejects.toThrow();
    await expect.poll(() => aborted).toBe(true);
  });

  it("offers the load-test prompt", async () => {
    mcp = await connectInMemory();
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain("load-test");
    const prompt = await mcp.client.getPrompt({ name: "load-test", arguments: { scenario: "checkout nightly", sla: "p95 under 800 ms" } });
    expect((prompt.messages[0]!.content as any).text).toMatch(/p95 under 800 ms[\s\S]*octoperf_run_and_analyze/);
  });

  it("explains the workflow in the server instructions", async () => {
    mcp = await connectInMemory();
    expect(mcp.client.getInstructions()).toMatch(/Discover[\s\S]*Launch[\s\S]*Poll[\s\S]*Analyze/);
  });
});
