import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/get-project-by-workspace-id.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("get_project_by_workspace_id", () => {
  it("is listed with workspaceId required, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: ["workspaceId"], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("lists the projects of a workspace", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { workspaceId: SEED.workspace.acmeRetail });
    expect(result.structuredContent).toEqual({
      workspaceId: SEED.workspace.acmeRetail,
      projects: [
        { id: SEED.project.checkoutApi, name: "Checkout API", description: "Cart, payment and order endpoints", tags: ["api", "critical"] },
        { id: SEED.project.storefront, name: "Storefront Web", description: "Browsing and search pages", tags: ["web"] },
      ],
    });
    expect(structuredOf(tool, result).projects).toHaveLength(2);
    expect(textOf(result)).toBe(
      `2 project(s) in workspace ${SEED.workspace.acmeRetail}:\n` +
        `- Checkout API (projectId ${SEED.project.checkoutApi}): Cart, payment and order endpoints\n` +
        `- Storefront Web (projectId ${SEED.project.storefront}): Browsing and search pages\n` +
        "Next: get_runtime_id with a projectId.",
    );
  });

  it("answers a missing or unknown workspace with an isError result", async () => {
    mcp = await connectInMemory();
    const missing = await mcp.call(tool.name, {});
    expect(missing.isError).toBe(true);
    const unknown = await mcp.call(tool.name, { workspaceId: UNKNOWN.workspace });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain(UNKNOWN.workspace);
  });
});
