import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-list-test-runs.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_list_test_runs", () => {
  it("lists a scenario's runs newest first", async () => {
    mcp = await connectInMemory();
    const { runs } = structuredOf(tool, await mcp.call(tool.name, { scenarioId: SEED.scenario.checkoutNightly, limit: 2 }));
    expect(runs.map((r) => r.benchResultId)).toEqual([SEED.run.checkoutLastNight, SEED.run.checkoutStopped]);
    expect(runs[0]).toMatchObject({ durationSeconds: 720, reportId: SEED.report.checkoutLastNight });
  });

  it("says in its description that it takes projectId or scenarioId, and refuses neither with a sentence that says where to find them", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.description).toMatch(/\(give projectId or scenarioId\)/);
    expect(listed.inputSchema.required ?? []).toEqual([]);

    const neither = await mcp.call(tool.name, { limit: 5 });
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toBe(
      "Invalid input: give a projectId or a scenarioId; " +
        "OctoPerf keeps runs per project, so one of the two is required. Fix the arguments and call the tool again.",
    );
  });

  it("answers an unknown project with where to find project ids", async () => {
    mcp = await connectInMemory();
    const unknownProject = await mcp.call(tool.name, { projectId: UNKNOWN.project });
    expect(textOf(unknownProject)).toMatch(new RegExp(`^No project with id "${UNKNOWN.project}" in the demo data: list the projects`));
  });
});
