import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, Implementation } from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import type { UseCases } from "../../domain/use-cases/use-cases.js";
import type { Logger } from "../../ports/logger-port.js";
import type { ProgressUpdate, ToolContext, ToolDefinition } from "./define-tool.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { SERVER_INSTRUCTIONS } from "./server-instructions.js";
import { maskOutgoing } from "./mask-secrets.js";
import { formatToolError } from "./tool-errors.js";
import { allTools } from "./tools/index.js";

export interface McpServerOptions {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly version: string;
  /** Read-only mode: tools that change OctoPerf are not registered at all. */
  readonly readOnly?: boolean;
  /** Strings (the API key) that no message of the server may contain: masked, in every form, if they ever appear. */
  readonly secrets?: readonly string[];
  /** Aborted when the server drains before exiting: waits end early with what they know (terminal: false). */
  readonly stop?: AbortSignal;
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

/** Builds the MCP server: every tool of the registry (each wrapped once for errors), resources and the prompt. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new MaskingMcpServer(
    { name: "octoperf-mcp", title: "OctoPerf", version: options.version },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS },
    options.secrets ?? [],
  );
  for (const tool of allTools) {
    if (options.readOnly && tool.writes) continue;
    registerTool(server, tool, options);
  }
  registerResources(server, options.useCases, options.logger);
  registerPrompts(server);
  return server;
}

function registerTool(server: McpServer, tool: ToolDefinition, options: McpServerOptions): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
    },
    async (input: unknown, extra: ToolExtra): Promise<CallToolResult> => {
      try {
        const { structured, text } = await tool.handler(input as never, toolContext(options, extra));
        // Parsing strips anything outside the schema: clients reject structured content with extra keys.
        const structuredContent = tool.outputSchema.parse(structured) as Record<string, unknown>;
        return { content: [{ type: "text", text }], structuredContent };
      } catch (error) {
        return formatToolError(error, tool.name, options.logger);
      }
    },
  );
}

/** The part of the SDK's request handler extra that tools use. */
interface ToolExtra {
  readonly signal: AbortSignal;
  readonly _meta?: { progressToken?: string | number };
  readonly sendNotification: (notification: {
    method: "notifications/progress";
    params: { progressToken: string | number } & ProgressUpdate;
  }) => Promise<void>;
}

function toolContext(options: McpServerOptions, extra: ToolExtra): ToolContext {
  const progressToken = extra._meta?.progressToken;
  return {
    useCases: options.useCases,
    signal: extra.signal,
    ...(options.stop === undefined ? {} : { stop: options.stop }),
    progress: async (update) => {
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken, ...update } });
    },
  };
}
