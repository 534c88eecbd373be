import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type ListToolsResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import type { ToolDefinition } from "./define-tool.js";
import { schemaWithoutToolsNotOffered, withoutToolsNotOffered } from "./offered-tools.js";

/**
 * The `tools/list` answer, built once and then served as is. The SDK converts every zod schema to
 * JSON Schema on every `tools/list` (milliseconds each time, on a list every conversation reads
 * first); ours never changes after start, so it is converted once, on the first request, and the
 * same object is returned from then on.
 *
 * The conversion is the SDK's own (zod's `toJSONSchema`, draft-07; inputs as accepted, outputs as
 * produced), with one change: a nullable field, which zod writes as a type array
 * (`"type": ["string", "null"]`), is written as `anyOf` with one type per branch. Both mean the same
 * to a JSON Schema validator, and only the second survives hosts that map tool schemas onto a
 * single-type dialect (the MCP Inspector's schema portability check flags the first).
 */

type JsonObject = Record<string, unknown>;

/** Keywords that describe a value rather than constrain it: they stay on the node, outside the branches. */
const ANNOTATIONS = new Set(["description", "title", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment"]);

/** Rewrites every `type` array into `anyOf` (recursively, returning a new tree). */
export function portableJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(portableJsonSchema);
  if (typeof schema !== "object" || schema === null) return schema;
  const node: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and the like hold maps of schemas, `items`/`anyOf` hold schemas: recurse into all.
    node[key] = typeof value === "object" && value !== null ? portableJsonSchema(value) : value;
  }
  if (!Array.isArray(node.type)) return node;
  const outer: JsonObject = {};
  const constraints: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "type") continue;
    (ANNOTATIONS.has(key) || key === "$schema" ? outer : constraints)[key] = value;
  }
  // Constraints (minimum, format, items…) apply to their own type only: they go in that branch.
  outer.anyOf = (node.type as string[]).map((type) => (type === "null" ? { type } : { type, ...constraints }));
  return outer;
}

/**
 * One entry of the list, as the SDK's `registerTool` would list it; its texts (description, field
 * descriptions) name no tool left out (`notOffered`).
 */
export function toolListEntry(tool: ToolDefinition, notOffered: readonly string[]): Tool {
  const jsonSchema = (schema: z.ZodType, io: "input" | "output") =>
    schemaWithoutToolsNotOffered(portableJsonSchema(z.toJSONSchema(schema, { target: "draft-7", io })), notOffered);
  return {
    name: tool.name,
    title: tool.title,
    description: withoutToolsNotOffered(tool.description, notOffered),
    inputSchema: jsonSchema(z.object(tool.inputSchema), "input") as Tool["inputSchema"],
    outputSchema: jsonSchema(tool.outputSchema, "output") as Tool["outputSchema"],
    annotations: { title: tool.title, ...tool.annotations },
    execution: { taskSupport: "forbidden" },
  };
}

/**
 * Replaces the SDK's `tools/list` handler (installed by the first `registerTool`) with one that
 * answers from a list built once. Call it after every tool is registered: the server never adds,
 * removes or changes a tool afterwards.
 */
export function serveToolListFromCache(server: McpServer, build: () => Tool[]): void {
  let cached: ListToolsResult | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => (cached ??= { tools: build() }));
}
