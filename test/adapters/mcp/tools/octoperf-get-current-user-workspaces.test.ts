import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-get-current-user-workspaces.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_get_current_user_workspaces", () => {
  it("is listed with no parameter, read-only, with an output schema and a useful description", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: [], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("lists every workspace of the key, by id and name, and says what to call next", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name);
    expect(result.structuredContent).toEqual({
      workspaces: [
        { id: SEED.workspace.acmeRetail, name: "Acme Retail", description: "E-commerce teams" },
        { id: SEED.workspace.acmePlatform, name: "Acme Platform", description: "Shared services" },
      ],
    });
    expect(structuredOf(tool, result).workspaces).toHaveLength(2);
    expect(textOf(result)).toContain("Acme Retail");
    expect(textOf(result)).toContain("get_project_by_workspace_id");
  });
});
