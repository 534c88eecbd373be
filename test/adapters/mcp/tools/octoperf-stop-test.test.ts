import { afterEach, describe, expect, it } from "vitest";
import runTest from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-stop-test.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_stop_test", () => {
  it("is listed as a destructive write that is safe to repeat", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(["benchResultId"]);
    expect(listed.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it("stops a running run, a provisioning run, and reports a finished one", async () => {
    mcp = await connectInMemory();
    const a = structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.checkoutNightly }));
    mcp.clock.advance(3_000);
    const b = structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.checkoutSmoke }));
    mcp.clock.advance(12_000); // a is RUNNING, b is SCALING

    const running = await mcp.call(tool.name, { benchResultId: a.benchResultId });
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, a.reportId);
    expect(running.structuredContent).toEqual({
      benchResultId: a.benchResultId,
      scenarioId: SEED.scenario.checkoutNightly,
      projectId: SEED.project.checkoutApi,
      state: "ABORTED",
      phase: "aborted",
      terminal: true,
      createdAt: "2026-11-24T09:00:00.000Z",
      updatedAt: "2026-11-24T09:00:15.000Z",
      reportId: a.reportId,
      url,
      stopRequested: true,
    });
    expect(textOf(running)).toBe(`Stop requested. Run ${a.benchResultId} (scenario ${SEED.scenario.checkoutNightly}): ABORTED. ${url}`);
    const provisioning = await mcp.call(tool.name, { benchResultId: b.benchResultId });
    expect(provisioning.structuredContent).toMatchObject({ stopRequested: true, state: "ABORTED" });
    const finished = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline });
    expect(finished.isError).toBeFalsy();
    expect(finished.structuredContent).toMatchObject({ stopRequested: false, state: "FINISHED" });
    expect(textOf(finished)).toMatch(/^Nothing to stop/);
  });
});
