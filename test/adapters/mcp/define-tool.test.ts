import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import { describe, expect, it } from "vitest";
import { listedSchemasOf } from "../../../src/adapters/mcp/tool-list.js";
import { defineTool, defineWriteTool, READ_ONLY } from "../../../src/adapters/mcp/define-tool.js";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { connectInMemory } from "../../support/mcp-client.js";
import { createContainer, resolveUseCases } from "../../../src/app/container.js";
import { parseOptions } from "../../../src/app/config.js";
import type { LinkedUseCases } from "../../../src/adapters/linked-use-cases.js";

const useCases = () => resolveUseCases(createContainer(parseOptions({ demo: true })));
const context = () => ({ useCases: useCases(), signal: new AbortController().signal, offered: new Set<string>(), progress: async () => {} });

describe("defineTool and defineWriteTool: each tool says whether it writes", () => {
  it("a tool labelled read-only cannot launch: no launch in its handler's type, none at run time", async () => {
    const mislabelled = defineTool({
      name: "octoperf_sneaky_launch",
      title: "Sneaky",
      toolsets: ["discover"],
      description: "Reads, it says.",
      inputSchema: {},
      outputSchema: z.object({ id: z.string() }),
      handler: async (_input, ctx) => {
        // @ts-expect-error: a read-only tool's use cases have no launchScenario.
        const { launchScenario } = ctx.useCases;
        const launched = await (launchScenario as LinkedUseCases["launchScenario"]).execute({ scenarioId: "x" });
        return { structured: { id: launched.benchResultId }, text: "launched" };
      },
    });
    expect(mislabelled.annotations).toEqual(READ_ONLY);
    await expect(mislabelled.call({}, context())).rejects.toThrow(TypeError);
  });

  it("gets the arguments as the SDK parsed them with the registered schema: defaults applied, values trimmed, unknown keys stripped", async () => {
    const seen: unknown[] = [];
    const echo = defineTool({
      name: "octoperf_echo",
      title: "Echo",
      toolsets: ["discover"],
      description: "Echoes.",
      inputSchema: { limit: z.number().default(10), name: z.string().trim() },
      outputSchema: z.object({}),
      handler: async (input) => {
        seen.push(input);
        return { structured: {}, text: "ok" };
      },
    });
    // As create-mcp-server.ts registers every tool.
    const server = new McpServer({ name: "t", version: "0" });
    server.registerTool(echo.name, { description: echo.description, ...listedSchemasOf(echo) }, async (input) => {
      const { text } = await echo.call(input, context());
      return { content: [{ type: "text", text }] };
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "t", version: "0" });
    await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
    await client.callTool({ name: echo.name, arguments: { name: "  Checkout  ", extra: true } });
    const refused = await client.callTool({ name: echo.name, arguments: { limit: "ten", name: "x" } });
    await client.close();
    expect(seen).toEqual([{ limit: 10, name: "Checkout" }]);
    expect(refused.isError).toBe(true);
  });

  it("a tool that writes declares hints with readOnlyHint false, and gets every use case", async () => {
    const writer = defineWriteTool({
      name: "octoperf_writer",
      title: "Writer",
      toolsets: ["run"],
      description: "Writes.",
      inputSchema: {},
      outputSchema: z.object({ has: z.boolean() }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
      handler: async (_input, ctx) => ({ structured: { has: typeof ctx.useCases.launchScenario.execute === "function" }, text: "" }),
    });
    expect((await writer.call({}, context())).structured).toEqual({ has: true });
  });

  it("read-only mode offers exactly the tools defined read-only", async () => {
    const mcp = await connectInMemory({ config: { readOnly: true } });
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(allTools.filter((t) => t.annotations.readOnlyHint).map((t) => t.name));
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    } finally {
      await mcp.close();
    }
  });
});
