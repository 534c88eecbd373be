import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-report.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_report", () => {
  it("is listed with reportId required, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: ["reportId"], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("describes a past run's report: the runs it covers", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { reportId: SEED.report.checkoutBaseline });
    expect(structuredOf(tool, result).benchResultIds).toEqual([SEED.run.checkoutBaseline]);
    expect(textOf(result)).toContain(SEED.report.checkoutBaseline);
  });

  it("answers an unknown report with where report ids come from", async () => {
    mcp = await connectInMemory();
    const unknown = await mcp.call(tool.name, { reportId: UNKNOWN.report });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      `No bench report with id "${UNKNOWN.report}" in this demo: demo runs live in this server process only, and a new process starts with fresh demo data; ` +
        "use the reportId of a launch, or one listed by octoperf_list_test_runs.",
    );
  });
});
