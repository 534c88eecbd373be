import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/get-runtime-id.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { scenarioLink } from "../../../support/demo-links.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("get_runtime_id", () => {
  it("is listed with an optional projectId, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: [], optional: ["projectId"] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("lists a project's scenarios with their load summary", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { projectId: SEED.project.checkoutApi });
    const { acmeRetail } = SEED.workspace;
    const { checkoutApi } = SEED.project;
    // The project is said once, at the top: not in each scenario.
    expect(result.structuredContent).toEqual({
      projectId: checkoutApi,
      scenarios: [
        {
          id: SEED.scenario.checkoutNightly,
          name: "Checkout nightly 500 VUs",
          description: "Nightly regression load on the checkout flow",
          tags: ["nightly"],
          totalVus: 500,
          expectedDurationSeconds: 720,
          profileCount: 1,
          url: scenarioLink(acmeRetail, checkoutApi, SEED.scenario.checkoutNightly),
        },
        {
          id: SEED.scenario.checkoutSmoke,
          name: "Checkout smoke 20 VUs",
          description: "Quick check after each deploy, from two regions",
          tags: ["smoke"],
          totalVus: 20,
          expectedDurationSeconds: 240,
          profileCount: 2,
          url: scenarioLink(acmeRetail, checkoutApi, SEED.scenario.checkoutSmoke),
        },
      ],
    });
    expect(structuredOf(tool, result).scenarios).toHaveLength(2);
    expect(textOf(result)).toBe(
      `2 scenario(s) in project ${checkoutApi}:\n` +
        `- Checkout nightly 500 VUs (runtimeId ${SEED.scenario.checkoutNightly}): 500 VUs, about 12 min of load\n` +
        `- Checkout smoke 20 VUs (runtimeId ${SEED.scenario.checkoutSmoke}): 20 VUs, about 4 min of load\n` +
        "Next, if the user asked for a run: octoperf_run_test with a runtimeId.",
    );
  });

  it("lists the scenarios of every project when none is given", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name);
    const { projectId, scenarios } = structuredOf(tool, result);
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(Object.values(SEED.scenario)));
    // Across projects, each scenario says its own, and the answer has no project of its own.
    expect(projectId).toBeUndefined();
    expect(result.structuredContent).not.toHaveProperty("projectId");
    expect(scenarios.find((s) => s.id === SEED.scenario.searchRelevance)?.projectId).toBe(SEED.project.searchService);
    expect(textOf(result)).toContain(`(runtimeId ${SEED.scenario.searchRelevance}, project ${SEED.project.searchService})`);
  });

  it("answers an unknown project with an isError result naming it", async () => {
    mcp = await connectInMemory();
    const unknown = await mcp.call(tool.name, { projectId: UNKNOWN.project });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain(UNKNOWN.project);
  });
});
