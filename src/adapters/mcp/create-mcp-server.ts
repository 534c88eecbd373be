import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { UseCases } from "../../domain/use-cases/use-cases.js";
import type { Logger } from "../../ports/logger-port.js";
import type { ProgressUpdate, ToolContext, ToolDefinition } from "./define-tool.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { SERVER_INSTRUCTIONS } from "./server-instructions.js";
import { maskSecrets } from "./mask-secrets.js";
import { formatToolError } from "./tool-errors.js";
import { allTools } from "./tools/index.js";

export interface McpServerOptions {
  readonly useCases: UseCases;
  readonly logger: Logger;
  readonly version: string;
  /** Read-only mode: tools that change OctoPerf are not registered at all. */
  readonly readOnly?: boolean;
  /** Strings (the API key) that no tool result may contain: masked if they ever appear. */
  readonly secrets?: readonly string[];
}

/** Builds the MCP server: every tool of the registry (each wrapped once for errors), resources and the prompt. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: "octoperf-mcp", title: "OctoPerf", version: options.version },
    { capabilities: { logging: {} }, instructions: SERVER_INSTRUCTIONS },
  );
  for (const tool of allTools) {
    if (options.readOnly && tool.writes) continue;
    registerTool(server, tool, options);
  }
  registerResources(server, options.useCases);
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
        const { structured, text, images = [] } = await tool.handler(input as never, toolContext(options.useCases, extra));
        // Parsing strips anything outside the schema: clients reject structured content with extra keys.
        const structuredContent = tool.outputSchema.parse(structured) as Record<string, unknown>;
        const pictures = images.map((image) => ({ type: "image" as const, data: image.data, mimeType: image.mimeType }));
        return maskSecrets({ content: [{ type: "text", text }, ...pictures], structuredContent }, options.secrets ?? []);
      } catch (error) {
        return maskSecrets(formatToolError(error, tool.name, options.logger), options.secrets ?? []);
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

function toolContext(useCases: UseCases, extra: ToolExtra): ToolContext {
  const progressToken = extra._meta?.progressToken;
  return {
    useCases,
    signal: extra.signal,
    progress: async (update) => {
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: "notifications/progress", params: { progressToken, ...update } });
    },
  };
}
