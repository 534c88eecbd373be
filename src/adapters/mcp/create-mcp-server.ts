import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { getParseErrorMessage, objectFromShape, safeParseAsync } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CallToolRequestSchema, ErrorCode, McpError, type CallToolResult, type Implementation, type Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import type { LinkedUseCases as UseCases } from "../linked-use-cases.js";
import type { Logger } from "../../ports/logger-port.js";
import type { ProgressUpdate, RegisteredTool, ToolContext } from "./define-tool.js";
import { registerPrompts } from "./prompts.js";
import { withoutAbsent } from "./without-absent.js";
import { registerResources } from "./resources.js";
import { withoutToolsNotOffered } from "./offered-tools.js";
import { serverInstructions } from "./server-instructions.js";
import { maskOutgoing } from "./mask-secrets.js";
import { formatToolError, type KeySource } from "./tool-errors.js";
import { toolCatalog, type CatalogEntry } from "./tool-catalog.js";
import { listEntry, serveToolListFromCache } from "./tool-list.js";
import { inToolsets, TOOLSETS, type Toolset } from "./toolsets.js";
import { offersAView, registerViewResource, viewMetaOf } from "./apps/app-views.js";

export interface McpServerOptions {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly version: string;
  /** Read-only mode: tools that change OctoPerf are not registered at all, whatever the toolsets. */
  readonly readOnly?: boolean;
  /** The groups of tools offered (default: every group). */
  readonly toolsets?: readonly Toolset[];
  /** Strings (the API key) that no message of the server may contain: masked, in every form, if they ever appear. */
  readonly secrets?: readonly string[];
  /** Aborted when the server drains before exiting: waits end early with what they know (terminal: false). */
  readonly stop?: AbortSignal;
  /** Where the OctoPerf key comes from (default: the environment): what a refused key tells the user to check. */
  readonly keyFrom?: KeySource;
}

/** An McpServer whose every outgoing message, on whatever transport it is connected to, is masked. */
class MaskingMcpServer extends McpServer {
  constructor(
    info: Implementation,
    options: ServerOptions,
    private readonly secrets: readonly string[],
  ) {
    super(info, options);
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(maskOutgoing(transport, this.secrets));
  }
}

/**
 * One tools/list per set of tools offered, built on first use and shared by every server of the
 * process: the tools never change once loaded, and the HTTP transport builds a server per request.
 */
const toolLists = new Map<string, Tool[]>();

export function toolListOf(offered: readonly CatalogEntry[], notOffered: readonly string[]): Tool[] {
  const key = offered.map((tool) => tool.name).join(",");
  let list = toolLists.get(key);
  if (list === undefined) {
    list = offered.map((tool) => withViewMeta(listEntry(tool.card(), notOffered)));
    toolLists.set(key, list);
  }
  return list;
}

/** A listed tool with its view (MCP Apps), when it has one. */
function withViewMeta(tool: Tool): Tool {
  const meta = viewMetaOf(tool.name);
  return meta === undefined ? tool : { ...tool, _meta: meta };
}

/** Builds the MCP server: every tool of the registry (each wrapped once for errors), resources and the prompt. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const readOnly = options.readOnly ?? false;
  const toolsets = options.toolsets ?? TOOLSETS;
  const offered = toolCatalog.filter((tool) => inToolsets(tool.name, toolsets) && (tool.annotations.readOnlyHint || !readOnly));
  const notOffered = toolCatalog.filter((tool) => !offered.includes(tool)).map((tool) => tool.name);
  const offer = { offered: new Set(offered.map((tool) => tool.name)), readOnly };
  const server = new MaskingMcpServer(
    { name: "octoperf-mcp", title: "OctoPerf", version: options.version },
    { capabilities: { logging: {} }, instructions: serverInstructions(offer) },
    options.secrets ?? [],
  );
  if (offered.length > 0) serveTools(server, offered, options, notOffered);
  registerResources(server, options.useCases, options.logger, options.keyFrom);
  if (offersAView(offer.offered)) registerViewResource(server);
  registerPrompts(server, offer);
  return server;
}

/**
 * tools/list and tools/call, served as the SDK's `registerTool` serves them, with one difference:
 * a tool is loaded (its zod schemas built, in the bin from a chunk of its own) on its first call,
 * not at start. The list comes from the tools' cards (tool-catalog.ts), so answering
 * initialize and tools/list needs no tool at all. The answers are the SDK's, word for word: an
 * unknown tool and arguments that fail the input schema are isError results with its -32602
 * texts; an answer is checked against the output schema before it is sent.
 */
function serveTools(server: McpServer, offered: readonly CatalogEntry[], options: McpServerOptions, notOffered: readonly string[]): void {
  const byName = new Map(offered.map((tool) => [tool.name, tool]));
  const offeredNames: ReadonlySet<string> = new Set(byName.keys());
  // What registerTool advertises, in the same place among the capabilities.
  server.server.registerCapabilities({ tools: { listChanged: true } });
  serveToolListFromCache(server, () => toolListOf(offered, notOffered));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    try {
      const entry = byName.get(name);
      if (entry === undefined) throw new McpError(ErrorCode.InvalidParams, `Tool ${name} not found`);
      const tool = await entry.load();
      const input = await safeParseAsync(inputSchemaOf(tool), request.params.arguments ?? {});
      if (!input.success) {
        throw new McpError(ErrorCode.InvalidParams, `Input validation error: Invalid arguments for tool ${name}: ${getParseErrorMessage(input.error)}`);
      }
      return await callTool(tool, input.data, options, extra, notOffered, offeredNames);
    } catch (error) {
      // Only the two refusals above reach here: callTool answers every failure of the tool itself.
      return { content: [{ type: "text", text: error instanceof Error ? error.message : String(error) }], isError: true };
    }
  });
}

/** A tool's input shape as one object schema, built on its first call and kept. */
const inputSchemas = new WeakMap<RegisteredTool, ReturnType<typeof objectFromShape>>();

function inputSchemaOf(tool: RegisteredTool): ReturnType<typeof objectFromShape> {
  let schema = inputSchemas.get(tool);
  if (schema === undefined) {
    schema = objectFromShape(tool.inputSchema);
    inputSchemas.set(tool, schema);
  }
  return schema;
}

/** Calls a tool with validated arguments; its answer is checked against its output schema and stripped to it. */
async function callTool(
  tool: RegisteredTool,
  input: unknown,
  options: McpServerOptions,
  extra: ToolExtra,
  notOffered: readonly string[],
  offered: ReadonlySet<string>,
): Promise<CallToolResult> {
  const says = (text: string) => withoutToolsNotOffered(text, notOffered);
  try {
    const { structured, text, images = [] } = await tool.call(input, toolContext(options, extra, offered));
    // Parsing strips anything outside the schema: clients reject structured content with extra keys.
    const structuredContent = withoutAbsent(tool.outputSchema.parse(structured));
    const pictures = images.map((image) => ({ type: "image" as const, data: image.data, mimeType: image.mimeType }));
    // Masking happens once, on every outgoing message (MaskingMcpServer).
    return { content: [{ type: "text", text: says(text) }, ...pictures], structuredContent };
  } catch (error) {
    const failure = formatToolError(error, tool.name, options.logger, options.keyFrom);
    const content = failure.content.map((part) => (part.type === "text" ? { ...part, text: says(part.text) } : part));
    return { ...failure, content };
  }
}

/** The part of the SDK's request handler extra that tools use. */
interface ToolExtra {
  readonly signal: AbortSignal;
  readonly _meta?: { progressToken?: string | number };
  readonly sendNotification: (notification: { method: "notifications/progress"; params: { progressToken: string | number } & ProgressUpdate }) => Promise<void>;
}

function toolContext(options: McpServerOptions, extra: ToolExtra, offered: ReadonlySet<string>): ToolContext {
  const progressToken = extra._meta?.progressToken;
  return {
    useCases: options.useCases,
    offered,
    signal: extra.signal,
    ...(options.stop === undefined ? {} : { stop: options.stop }),
    progress: async (update) => {
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken, ...update } });
    },
  };
}
