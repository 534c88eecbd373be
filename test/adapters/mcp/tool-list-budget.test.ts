import { describe, expect, it } from "vitest";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { connectInMemory } from "../../support/mcp-client.js";

/**
 * Every conversation of every user starts with the host reading tools/list, and every byte of it
 * is paid in model context each time: it may not grow unnoticed. Issue 16's budget: at most 6,000
 * bytes for what a model reads (names, descriptions, input schemas) and 12,000 for the whole list,
 * every tool still declaring an output schema.
 */
const MODEL_READ_CEILING = 6_000;
const TOOLS_LIST_CEILING = 12_000;

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
      const modelRead = result.tools.reduce((sum, { name, description, inputSchema }) => sum + bytes({ name, description, inputSchema }), 0);
      expect(bytes(result), "tools/list bytes").toBeLessThanOrEqual(TOOLS_LIST_CEILING);
      expect(modelRead, "name + description + inputSchema bytes").toBeLessThanOrEqual(MODEL_READ_CEILING);
    } finally {
      await mcp.close();
    }
  });
});
