import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ListToolsRequestSchema, type ListToolsResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import type { RegisteredTool, ToolAnnotations } from "./define-tool.js";
import { schemaWithoutToolsNotOffered, withoutToolsNotOffered } from "./offered-tools.js";
import { BOUNDS_A_MODEL_NEEDS } from "./parameter-descriptions.js";

/**
 * The `tools/list` answer, built once and then served as is. The SDK converts every zod schema to
 * JSON Schema on every `tools/list` (milliseconds each time, on a list every conversation reads
 * first); ours never changes after start, so it is converted once (by the build, for the bin; else
 * on the first request), and the same object is returned from then on.
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
 * The output schema as listed: the shape of the answer's top level (each field's name and type,
 * enums, nullability), with nested objects as `{"type": "object"}`. Every byte of tools/list is
 * paid in context by every conversation, and a host compiles every output schema it lists; the
 * full contract stays in the zod schema, which the server checks every answer against before it
 * is sent. What is dropped only relaxes the schema, so every answer still validates against it:
 * descriptions (the tool's description and the answer's text say what a field means), `required`,
 * `additionalProperties: false`, and the insides of nested objects.
 */
export function leanOutputSchema(schema: unknown, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((item) => leanOutputSchema(item, depth));
  if (typeof schema !== "object" || schema === null) return schema;
  const node: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_FROM_OUTPUT.has(key)) continue;
    if (key === "properties") {
      if (depth > 0) continue;
      node[key] = Object.fromEntries(Object.entries(value as JsonObject).map(([name, field]) => [name, leanOutputSchema(field, depth + 1)]));
    } else {
      // items, anyOf branches: the same depth as the field they describe.
      node[key] = leanOutputSchema(value, depth);
    }
  }
  return node;
}

const DROPPED_FROM_OUTPUT = new Set(["$schema", "description", "required", "additionalProperties", "pattern", "format"]);

/**
 * The input schema as listed: what a model needs to send a good call, and no more, since it reads
 * every byte in every conversation. The server checks every argument against the full zod schema
 * and answers a bad one with an error that says what to pass, so what is dropped here is never
 * skipped, only left unsaid:
 * - the checks on the spelling of strings (an id's pattern and length limits);
 * - the bounds of numbers and list sizes, except on the parameters a model could cross with a
 *   sensible request ({@link BOUNDS_A_MODEL_NEEDS}): the others are sanity checks;
 * - inside a parameter (the fields of an SLA criterion), the descriptions and `required`: the
 *   parameter's own words say what a model needs, and a criterion without one of its three
 *   fields is refused with an error naming it.
 * Types, enums and the parameters' `required` stay: they are what to send.
 */
export function leanInputSchema(schema: unknown, keptBounds: ReadonlySet<string> = BOUNDS_A_MODEL_NEEDS): unknown {
  const lean = (node: unknown, keepBounds: boolean, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((item) => lean(item, keepBounds, depth));
    if (typeof node !== "object" || node === null) return node;
    const listed: JsonObject = {};
    const isString = (node as JsonObject).type === "string";
    for (const [key, value] of Object.entries(node)) {
      if (isString && STRING_CHECKS.has(key)) continue;
      if (!keepBounds && BOUNDS.has(key)) continue;
      // A parameter's own description is at depth 1; `required` there is about the parameter's parts.
      if ((key === "description" && depth > 1) || (key === "required" && depth > 0)) continue;
      listed[key] =
        key === "properties"
          ? Object.fromEntries(
              Object.entries(value as JsonObject).map(([name, field]) => [name, lean(field, depth === 0 ? keptBounds.has(name) : keepBounds, depth + 1)]),
            )
          : lean(value, keepBounds, depth);
    }
    return listed;
  };
  // Depth counts properties levels: 0 the arguments object, 1 a parameter, 2 and more its parts.
  return lean(schema, false, 0);
}

const STRING_CHECKS = new Set(["pattern", "minLength", "maxLength"]);
const BOUNDS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"]);

/**
 * The hints as listed: a read-only tool says `readOnlyHint: true` and `destructiveHint: false`,
 * leaving out what MCP defines as meaningless for it (idempotent) or as the default (open world);
 * `destructiveHint: false` stays, so that a client which reads it without `readOnlyHint` (its
 * default is true) never warns about a read. A tool that writes lists every hint.
 */
export function listedAnnotations(annotations: RegisteredTool["annotations"]): Tool["annotations"] {
  return annotations.readOnlyHint && annotations.openWorldHint ? { readOnlyHint: true, destructiveHint: false } : { ...annotations };
}

/**
 * A tool's listing before the tools not offered are taken out of its words: its name, words and
 * hints, and its input and output schemas as JSON Schema (converted, portable and lean). It is
 * the same for every server, whatever it offers, so it is computed once: by the build for the bin
 * (scripts/bundle-bin.mjs, so that no schema is converted at start), else on the first tools/list.
 */
export interface ToolCard {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  readonly inputSchema: Tool["inputSchema"];
  readonly outputSchema: NonNullable<Tool["outputSchema"]>;
}

/**
 * A tool's card, from its zod schemas, converted as the SDK's `registerTool` would list them
 * (zod's toJSONSchema, draft-07; inputs as accepted, outputs as produced), then made portable
 * and lean. No `$schema`: the schemas mean the same in draft-07, which zod writes, and in
 * 2020-12, MCP's default.
 */
export function toolCard(tool: RegisteredTool): ToolCard {
  const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
    const json: JsonObject = { ...z.toJSONSchema(schema, { target: "draft-7", io }) };
    delete json.$schema;
    return portableJsonSchema(json);
  };
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    annotations: tool.annotations,
    inputSchema: leanInputSchema(jsonSchema(z.object(tool.inputSchema), "input")) as Tool["inputSchema"],
    outputSchema: leanOutputSchema(jsonSchema(tool.outputSchema, "output")) as NonNullable<Tool["outputSchema"]>,
  };
}

/**
 * One entry of the list, as the SDK's `registerTool` would list it, leaner: no `annotations.title`
 * (the tool's title says it), no `execution` (forbidden task support is the default), hints as
 * {@link listedAnnotations}, and the card's lean schemas. Its texts (description, field
 * descriptions) name no tool left out (`notOffered`).
 */
export function listEntry(card: ToolCard, notOffered: readonly string[]): Tool {
  return {
    name: card.name,
    title: card.title,
    description: withoutToolsNotOffered(card.description, notOffered),
    inputSchema: schemaWithoutToolsNotOffered(card.inputSchema, notOffered) as Tool["inputSchema"],
    outputSchema: schemaWithoutToolsNotOffered(card.outputSchema, notOffered) as Tool["outputSchema"],
    annotations: listedAnnotations(card.annotations),
  };
}

/** A tool's entry in the list, straight from its zod schemas. */
export function toolListEntry(tool: RegisteredTool, notOffered: readonly string[]): Tool {
  return listEntry(toolCard(tool), notOffered);
}

/**
 * Serves `tools/list` from a list built once (replacing the SDK's handler, if `registerTool`
 * installed one): the server never adds, removes or changes a tool after it is built.
 */
export function serveToolListFromCache(server: McpServer, build: () => Tool[]): void {
  let cached: ListToolsResult | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => (cached ??= { tools: build() }));
}
