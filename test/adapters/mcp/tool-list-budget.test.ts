import { describe, expect, it } from "vitest";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { connectInMemory } from "../../support/mcp-client.js";

/**
 * Every conversation of every user starts with the host reading tools/list, and every byte of it
 * is paid in model context each time: it may not grow unnoticed. Issue 16's budget: at most 6,000
 * bytes for what a model reads (names, descriptions, input schemas) and, since issue 22 (the live
 * view's `_meta` and its app-only tool), 13,000 for the whole list, every tool still declaring an
 * output schema. A tool for the view only (`_meta.ui.visibility: ["app"]`) is never shown to the
 * model by a host that renders views; a host without them lists it like any tool (about 190 bytes
 * of words and input schema), which the whole list's ceiling bounds: it is left out of what a
 * model reads here.
 */
const MODEL_READ_CEILING = 6_000;
const TOOLS_LIST_CEILING = 13_000;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe("the tools/list budget", () => {
  it("every tool declares an output schema, and the list stays within its byte ceilings", async () => {
    const mcp = await connectInMemory();
    try {
      const result = await mcp.client.listTools();
      expect(result.tools).toHaveLength(allTools.length);
      for (const tool of result.tools) {
        expect(tool.outputSchema, tool.name).toBeDefined();
        expect(tool.outputSchema!.type, tool.name).toBe("object");
        expect(Object.keys(tool.outputSchema!.properties ?? {}).length, tool.name).toBeGreaterThan(0);
      }
      const forTheModel = result.tools.filter((tool) => !JSON.stringify(tool._meta?.ui ?? {}).includes('"visibility":["app"]'));
      expect(forTheModel.length).toBe(allTools.length - 1);
      const modelRead = forTheModel.reduce((sum, { name, description, inputSchema }) => sum + bytes({ name, description, inputSchema }), 0);
      expect(bytes(result), "tools/list bytes").toBeLessThanOrEqual(TOOLS_LIST_CEILING);
      expect(modelRead, "name + description + inputSchema bytes").toBeLessThanOrEqual(MODEL_READ_CEILING);
    } finally {
      await mcp.close();
    }
  });
});
