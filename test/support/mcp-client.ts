import type { KeySource } from "../../src/adapters/mcp/tool-errors.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type * as z from "zod";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { createMcpServer } from "../../src/adapters/mcp/create-mcp-server.js";
import { parseOptions, type OctoPerfOptions } from "../../src/app/config.js";
import { createContainer, resolveUseCases } from "../../src/app/container.js";
import type { Logger } from "../../src/ports/logger-port.js";
import type { OctoPerfPort } from "../../src/ports/octoperf-port.js";
import { ManualClock } from "./manual-clock.js";

export interface InMemoryMcp {
  readonly client: Client;
  readonly clock: ManualClock;
  readonly octoperf: OctoPerfPort;
  readonly logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The real SDK Client talking to our server through the SDK's in-memory transport pair. */
export async function connectInMemory(
  options: { config?: Partial<OctoPerfOptions>; octoperf?: OctoPerfPort; clock?: ManualClock; keyFrom?: KeySource } = {},
): Promise<InMemoryMcp> {
  const clock = options.clock ?? new ManualClock();
  const octoperf = options.octoperf ?? new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  const logs: InMemoryMcp["logs"] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  const config = parseOptions({ demo: true, ...options.config });
  const container = createContainer(config, { octoperf, clock, logger });
  const server = createMcpServer({
    useCases: resolveUseCases(container),
    logger,
    version: "0.0.0-test",
    readOnly: config.readOnly,
    toolsets: config.toolsets,
    ...(options.keyFrom ? { keyFrom: options.keyFrom } : {}),
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    clock,
    octoperf,
    logs,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

/**
 * A tool's structured answer, parsed with that tool's own output schema: typed for the test, and
 * proof that the answer matches what the tool advertises.
 */
export function structuredOf<Out extends z.ZodObject>(tool: { readonly name: string; readonly outputSchema: Out }, result: CallToolResult): z.output<Out> {
  if (result.isError === true) throw new Error(`${tool.name} answered an error: ${textOf(result)}`);
  return tool.outputSchema.parse(result.structuredContent);
}

/** The tool as tools/list shows it to a client. */
export async function listedTool(mcp: InMemoryMcp, name: string): Promise<Tool> {
  const { tools } = await mcp.client.listTools();
  const tool = tools.find((t) => t.name === name);
  if (tool === undefined) throw new Error(`tools/list has no ${name}`);
  return tool;
}

/** The parameter names a listed tool declares, and which of them are required. */
export function parametersOf(tool: Tool): { required: string[]; optional: string[] } {
  const all = Object.keys(tool.inputSchema.properties ?? {});
  const required = tool.inputSchema.required ?? [];
  return { required, optional: all.filter((p) => !required.includes(p)).sort() };
}
