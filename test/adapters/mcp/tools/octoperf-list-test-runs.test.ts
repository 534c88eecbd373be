import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-list-test-runs.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_list_test_runs", () => {
  it("lists a scenario's runs newest first", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { scenarioId: SEED.scenario.checkoutNightly, limit: 2 });
    const link = (reportId: string) => reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, reportId);
    // The scenario and its project are said once, at the top: not in each run.
    expect(result.structuredContent).toEqual({
      projectId: SEED.project.checkoutApi,
      scenarioId: SEED.scenario.checkoutNightly,
      runs: [
        {
          benchResultId: SEED.run.checkoutLastNight,
          state: "FINISHED",
          phase: "finished",
          terminal: true,
          progressPercent: 100,
          createdAt: "2026-11-23T21:00:00.000Z",
          updatedAt: "2026-11-23T21:12:00.000Z",
          reportId: SEED.report.checkoutLastNight,
          url: link(SEED.report.checkoutLastNight),
          durationSeconds: 720,
          reportName: "Checkout nightly (last night)",
        },
        {
          benchResultId: SEED.run.checkoutStopped,
          state: "ABORTED",
          phase: "aborted",
          terminal: true,
          createdAt: "2026-11-22T21:00:00.000Z",
          updatedAt: "2026-11-22T21:04:00.000Z",
          reportId: SEED.report.checkoutStopped,
          url: link(SEED.report.checkoutStopped),
          durationSeconds: 240,
          reportName: "Checkout nightly (stopped)",
        },
      ],
    });
    expect(structuredOf(tool, result).runs).toHaveLength(2);
    expect(textOf(result)).toBe(
      `2 run(s) of scenario ${SEED.scenario.checkoutNightly}, newest first:\n` +
        `- 2026-11-23 21:00 FINISHED ${SEED.run.checkoutLastNight}, report ${SEED.report.checkoutLastNight} "Checkout nightly (last night)", 12 min\n` +
        `- 2026-11-22 21:00 ABORTED ${SEED.run.checkoutStopped}, report ${SEED.report.checkoutStopped} "Checkout nightly (stopped)", 4 min`,
    );
  });

  it("names each run's scenario when it lists a whole project", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { projectId: SEED.project.checkoutApi, limit: 1 });
    const answer = structuredOf(tool, result);
    expect(answer).toMatchObject({
      projectId: SEED.project.checkoutApi,
      runs: [{ benchResultId: SEED.run.checkoutLastNight, scenarioId: SEED.scenario.checkoutNightly }],
    });
    expect(result.structuredContent).not.toHaveProperty("scenarioId");
    expect(textOf(result)).toMatch(
      new RegExp(`^1 run\\(s\\) of project ${SEED.project.checkoutApi}, newest first:\n- .* \\(scenario ${SEED.scenario.checkoutNightly}\\), report `),
    );
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
