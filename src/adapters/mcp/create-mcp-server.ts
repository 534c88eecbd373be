import { McpServer, type ToolCallback } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, Implementation } from "@modelcontextprotocol/sdk/types.js";
import type { LinkedUseCases as UseCases } from "../linked-use-cases.js";
import type { Logger } from "../../ports/logger-port.js";
import type { RegisteredTool, ToolContext } from "./define-tool.js";
import { registerPrompts } from "./prompts.js";
import { withoutAbsent } from "./without-absent.js";
import { registerResources } from "./resources.js";
import { serverInstructions } from "./server-instructions.js";
import { maskOutgoing } from "./mask-secrets.js";
import { formatToolError, type KeySource } from "./tool-errors.js";
import { listedAnnotations, listedSchemasOf } from "./tool-list.js";
import { allTools } from "./tools/index.js";
import { inToolsets, TOOLSETS, type Toolset } from "./toolsets.js";
import { offersAView, registerViewResource, viewMetaOf } from "./apps/app-views.js";
import { sharedJsonSchemaValidator } from "./json-schema-validator.js";

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
 * Builds the MCP server: the tools of the registry that are offered, the resources and the prompt,
 * each through McpServer's own `registerTool`, `registerResource` and `registerPrompt`. The SDK
 * validates every call's arguments against the tool's input schema, and every answer against its
 * registered output schema (the answer's top level, tool-list.ts); each handler is wrapped once
 * (`toolCallback`), which parses the answer against the tool's full output schema first, and makes
 * any failure a worded isError answer.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const readOnly = options.readOnly ?? false;
  const toolsets = options.toolsets ?? TOOLSETS;
  const offered = allTools.filter((tool) => inToolsets(tool, toolsets) && (tool.annotations.readOnlyHint || !readOnly));
  const offer = { offered: new Set(offered.map((tool) => tool.name)), readOnly };
  const server = new MaskingMcpServer(
    { name: "octoperf-mcp", title: "OctoPerf", version: options.version },
    { capabilities: { logging: {} }, instructions: serverInstructions(offer), jsonSchemaValidator: sharedJsonSchemaValidator },
    options.secrets ?? [],
  );
  const offeredNames: ReadonlySet<string> = offer.offered;
  for (const tool of offered) {
    const config = {
      title: tool.title,
      // Each text naming another tool is composed from the tools offered (offered-tools.ts).
      description: tool.descriptionFor(offeredNames),
      ...listedSchemasOf(tool),
      annotations: listedAnnotations(tool.annotations),
    };
    const callback = toolCallback(tool, options, offeredNames);
    // A tool with a view (MCP Apps) carries the `_meta` ext-apps' registerAppTool would give it
    // (a test holds the two listings equal): registerAppTool's module would put ext-apps' whole
    // protocol layer on the bin's start path for one spread. Hosts without Apps ignore `_meta`.
    const view = viewMetaOf(tool.name);
    server.registerTool(tool.name, view === undefined ? config : { ...config, _meta: view }, callback);
  }
  registerResources(server, options.useCases, { logger: options.logger, keyFrom: options.keyFrom, offered: offeredNames });
  if (offersAView(offer.offered)) registerViewResource(server);
  const prompted = registerPrompts(server, offer);
  // What is offered is fixed when the server is built: the lists never change during a session, so
  // no list_changed notification is ever sent, and the capabilities say so (the SDK's register
  // methods advertise `listChanged: true`, since its lists can change at run time).
  server.server.registerCapabilities({
    ...(offered.length > 0 ? { tools: { listChanged: false } } : {}),
    resources: { listChanged: false },
    ...(prompted ? { prompts: { listChanged: false } } : {}),
  });
  return server;
}

/** The SDK's handler for one tool: it gets the arguments the SDK validated, and answers every failure of the tool with words. */
function toolCallback(tool: RegisteredTool, options: McpServerOptions, offered: ReadonlySet<string>): ToolCallback<ListedInput> {
  return async (input, extra): Promise<CallToolResult> => {
    try {
      const { structured, text, images = [] } = await tool.call(input, toolContext(options, extra, offered));
      // Parsing strips anything outside the schema: clients reject structured content with extra keys.
      const structuredContent = withoutAbsent(tool.outputSchema.parse(structured));
      const pictures = images.map((image) => ({ type: "image" as const, data: image.data, mimeType: image.mimeType }));
      // Masking happens once, on every outgoing message (MaskingMcpServer).
      return { content: [{ type: "text", text }, ...pictures], structuredContent };
    } catch (error) {
      return formatToolError(error, tool.name, { logger: options.logger, keyFrom: options.keyFrom, offered });
    }
  };
}

/** Every tool's input, as registered: an object schema (its fields are the tool's). */
type ListedInput = ReturnType<typeof listedSchemasOf>["inputSchema"];

function toolContext(options: McpServerOptions, extra: Parameters<ToolCallback<ListedInput>>[1], offered: ReadonlySet<string>): ToolContext {
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
