import { afterEach, describe, expect, it } from "vitest";
import runTest from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-stop-test.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
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
    expect(running.structuredContent).toMatchObject({ stopRequested: true, state: "ABORTED", terminal: true });
    const provisioning = await mcp.call(tool.name, { benchResultId: b.benchResultId });
    expect(provisioning.structuredContent).toMatchObject({ stopRequested: true, state: "ABORTED" });
    const finished = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline });
    expect(finished.isError).toBeFalsy();
    expect(finished.structuredContent).toMatchObject({ stopRequested: false, state: "FINISHED" });
    expect(textOf(finished)).toMatch(/^Nothing to stop/);
  });
});
