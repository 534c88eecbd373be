import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/get-runtime-id.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
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
    const { scenarios } = structuredOf(tool, result);
    expect(scenarios.map((s) => s.id)).toEqual([SEED.scenario.checkoutNightly, SEED.scenario.checkoutSmoke]);
    expect(scenarios[0]).toMatchObject({ name: "Checkout nightly 500 VUs", totalVus: 500, expectedDurationSeconds: 720 });
    expect(textOf(result)).toContain("Checkout smoke 20 VUs");
  });

  it("lists the scenarios of every project when none is given", async () => {
    mcp = await connectInMemory();
    const { scenarios } = structuredOf(tool, await mcp.call(tool.name));
    expect(scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(Object.values(SEED.scenario)));
  });

  it("answers an unknown project with an isError result naming it", async () => {
    mcp = await connectInMemory();
    const unknown = await mcp.call(tool.name, { projectId: UNKNOWN.project });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain(UNKNOWN.project);
  });
});
