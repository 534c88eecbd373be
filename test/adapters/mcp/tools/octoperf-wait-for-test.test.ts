import { afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../../src/adapters/fake/fake-octoperf-adapter.js";
import runTest from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-wait-for-test.js";
import { ManualClock } from "../../../support/manual-clock.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

async function autoClockServer(runDurationMs = 30_000) {
  const clock = new ManualClock(undefined, true);
  const octoperf = new FakeOctoPerfAdapter(clock, { runDurationMs });
  return connectInMemory({ clock, octoperf });
}

async function launch(): Promise<string> {
  return structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.checkoutNightly })).benchResultId;
}

describe("octoperf_wait_for_test", () => {
  it("is listed read-only with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(["benchResultId"]);
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("sends progress notifications in order, ending at 100%", async () => {
    mcp = await autoClockServer();
    const benchResultId = await launch();
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = await mcp.client.callTool({ name: tool.name, arguments: { benchResultId, pollIntervalSeconds: 3, maxWaitSeconds: 600 } }, undefined, {
      onprogress: (p) => progress.push(p),
    });
    const structured = structuredOf(tool, result as Parameters<typeof structuredOf>[1]);
    // Ended: no next poll, so the field is left out rather than null.
    expect(result.structuredContent).toEqual({
      benchResultId,
      scenarioId: SEED.scenario.checkoutNightly,
      projectId: SEED.project.checkoutApi,
      state: "FINISHED",
      phase: "finished",
      terminal: true,
      progressPercent: 100,
      createdAt: "2026-11-24T09:00:00.000Z",
      updatedAt: "2026-11-24T09:00:30.000Z",
      reportId: structured.reportId,
      url: reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, structured.reportId!),
      budgetExhausted: false,
      stopped: false,
      waitedSeconds: 30,
      polls: structured.polls,
      pollIntervalSeconds: 3,
      lastCheckedAt: "2026-11-24T09:00:30.000Z",
      stale: false,
    });
    expect(textOf(result as Parameters<typeof textOf>[0])).toMatch(/: FINISHED\. https:\/\/\S+\nNext: octoperf_evaluate_sla or octoperf_get_report_metrics\.$/);
    expect(progress.length).toBe(structured.polls);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect(progress.at(-1)).toMatchObject({ progress: 100, total: 100 });
    expect(progress.at(-1)!.message).toMatch(/^FINISHED/);
    expect(progress.some((p) => /^RUNNING \d+% of load/.test(p.message ?? ""))).toBe(true);
  });

  it("returns terminal=false with nextPollAfterSeconds when the budget expires", async () => {
    mcp = await autoClockServer(3_600_000);
    const benchResultId = await launch();
    const result = await mcp.call(tool.name, { benchResultId });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ terminal: false, budgetExhausted: true, pollIntervalSeconds: 16, nextPollAfterSeconds: 16 });
    expect(textOf(result)).toMatch(/\nNot ended after \d+ s\. Next: octoperf_wait_for_test again in 16 s\.$/);
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
    const benchResultId = await launch();
    const controller = new AbortController();
    const waiting = mcp.client.callTool({ name: tool.name, arguments: { benchResultId, pollIntervalSeconds: 5 } }, undefined, {
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
