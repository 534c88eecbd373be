import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { connectInMemory } from "../../support/mcp-client.js";

/**
 * Our tools/call handler (create-mcp-server.ts loads a tool on its first call, so it cannot hand
 * the SDK's registerTool a schema at start) answers what the SDK's own handler answers to a call
 * that never reaches a tool: an unknown tool, and arguments that fail the input schema.
 */
async function sdkServer(): Promise<Client> {
  const plain = new McpServer({ name: "plain", version: "0" });
  for (const tool of allTools) {
    plain.registerTool(tool.name, { description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema }, () => {
      throw new Error("not reached: the arguments are refused before");
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "0" });
  await Promise.all([plain.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

/** Arguments every tool refuses, whatever its fields: each field given a value of a type it never takes. */
function wrongTypes(tool: (typeof allTools)[number]): Record<string, unknown>[] {
  const fields = Object.keys(tool.inputSchema);
  return [Object.fromEntries(fields.map((field) => [field, { nested: [1, 2] }])), Object.fromEntries(fields.map((field) => [field, 12.5]))];
}

describe("tools/call, before a tool is reached", () => {
  it("answers an unknown tool and refused arguments with the SDK's results, word for word", async () => {
    const sdk = await sdkServer();
    const ours = await connectInMemory();
    try {
      const cases: { name: string; arguments?: Record<string, unknown> }[] = [{ name: "no_such_tool", arguments: {} }];
      for (const tool of allTools) {
        // Required fields missing (arguments left out altogether, as a client may send them).
        if (!z.object(tool.inputSchema).safeParse({}).success) cases.push({ name: tool.name });
        for (const args of Object.keys(tool.inputSchema).length > 0 ? wrongTypes(tool) : []) cases.push({ name: tool.name, arguments: args });
      }
      let refused = 0;
      for (const request of cases) {
        const expected = await sdk.request({ method: "tools/call", params: request }, CallToolResultSchema);
        const actual = await ours.client.request({ method: "tools/call", params: request }, CallToolResultSchema);
        expect(actual, JSON.stringify(request)).toEqual(expected);
        if (expected.isError === true) refused += 1;
      }
      // Every case was refused by the SDK (so the comparison is about refusals), and there were many.
      expect(refused).toBe(cases.length);
      expect(cases.length).toBeGreaterThan(25);
    } finally {
      await sdk.close();
      await ours.close();
    }
  });
});
