import { afterEach, describe, expect, it } from "vitest";
import runTest from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-status.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_status", () => {
  it("is listed with benchResultId required, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: ["benchResultId"], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("follows a launched run from provisioning to FINISHED", async () => {
    mcp = await connectInMemory();
    const { benchResultId, reportId } = structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.checkoutNightly }));
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, reportId);
    const run = {
      benchResultId,
      scenarioId: SEED.scenario.checkoutNightly,
      projectId: SEED.project.checkoutApi,
      createdAt: "2026-11-24T09:00:00.000Z",
      reportId,
      url,
    };
    const early = await mcp.call(tool.name, { benchResultId });
    // No progress known yet: the field is left out rather than null.
    expect(early.structuredContent).toEqual({ ...run, state: "CREATED", phase: "provisioning", terminal: false, updatedAt: "2026-11-24T09:00:00.000Z" });
    expect(textOf(early)).toBe(`Run ${benchResultId} (scenario ${SEED.scenario.checkoutNightly}): CREATED. ${url}\nNext: octoperf_status again in 10–30 s.`);
    mcp.clock.advance(30_000);
    const done = await mcp.call(tool.name, { benchResultId });
    expect(done.structuredContent).toEqual({
      ...run,
      state: "FINISHED",
      phase: "finished",
      terminal: true,
      progressPercent: 100,
      updatedAt: "2026-11-24T09:00:30.000Z",
    });
    expect(structuredOf(tool, done).terminal).toBe(true);
    expect(textOf(done)).toBe(`Run ${benchResultId} (scenario ${SEED.scenario.checkoutNightly}): FINISHED. ${url}\nNext: octoperf_get_report_metrics.`);
  });

  it("shows a run of the no-capacity scenario ending in ERROR", async () => {
    mcp = await connectInMemory();
    const { benchResultId } = structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.searchNoCapacity }));
    mcp.clock.advance(30_000);
    const status = await mcp.call(tool.name, { benchResultId });
    expect(status.isError).toBeFalsy();
    expect(status.structuredContent).toMatchObject({ state: "ERROR", phase: "error", terminal: true });
    expect(textOf(status)).toMatch(/provisioning/);
  });

  it("refuses a malformed id, and says a run it never had belongs to another demo process", async () => {
    mcp = await connectInMemory();
    const bad = await mcp.call(tool.name, { benchResultId: "../../admin" });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/benchResultId may only contain/);

    // Demo mode has no API key: an unknown run is one this process never had.
    const unknownRun = await mcp.call(tool.name, { benchResultId: "runFromLastProcess01" });
    expect(textOf(unknownRun)).toMatch(
      /^No bench result with id "runFromLastProcess01" in this demo: demo runs live in this process only, and a new process starts with fresh demo data; /,
    );
    expect(textOf(unknownRun)).not.toMatch(/API key/);
  });
});
