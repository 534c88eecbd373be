import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import type { RegisteredTool } from "./define-tool.js";
import { BOUNDS_A_MODEL_NEEDS } from "./parameter-descriptions.js";

/**
 * How a tool's schemas are listed in `tools/list`. The SDK's `registerTool` lists each zod schema
 * as zod's `toJSONSchema` writes it (draft-07; inputs as accepted, outputs as produced), and zod
 * writes a schema's metadata (`.meta()`) over what it generates. So each input schema is registered
 * as is, for the SDK to validate every call with, and each output schema as its answer's top level
 * (answerTopLevel), each carrying as metadata the JSON Schema to list: the same conversion made
 * portable and lean (below). Every byte of tools/list is paid in model context by every
 * conversation: the full schemas would be about three times the size.
 */

type JsonObject = Record<string, unknown>;

/** Keywords that describe a value rather than constrain it: they stay on the node, outside the branches. */
const ANNOTATIONS = new Set(["description", "title", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment"]);

/**
 * Rewrites every `type` array into `anyOf` (recursively, returning a new tree). Both mean the same
 * to a JSON Schema validator, and only the second survives hosts that map tool schemas onto a
 * single-type dialect (the MCP Inspector's schema portability check flags the first), while zod
 * writes a nullable field as `"type": ["string", "null"]`.
 */
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
 * enums, nullability), with nested objects as `{"type": "object"}` and lists of objects as
 * `{"type": "array"}`. A host compiles every output
 * schema it lists; the full contract stays in the zod schema, which the server checks every answer
 * against before it is sent. What is dropped only relaxes the schema, so every answer still
 * validates against it: descriptions (the tool's description and the answer's text say what a
 * field means), `required`, `additionalProperties: false`, and the insides of nested objects (the tools' own `execution`
 * field, which the SDK lists for every tool, took the bytes the items of lists of objects had).
 */
export function leanOutputSchema(schema: unknown, depth = 0): unknown {
  if (Array.isArray(schema)) return schema.map((item) => leanOutputSchema(item, depth));
  if (typeof schema !== "object" || schema === null) return schema;
  const node: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_FROM_OUTPUT.has(key)) continue;
    // A list of objects is a list: its items' insides are nested objects' insides.
    if (key === "items" && depth > 0 && (value as JsonObject).type === "object") continue;
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
 * The input schema as listed: what a model needs to send a good call, and no more. The SDK checks
 * every argument against the full zod schema and answers a bad one with an error that says what to
 * pass, so what is dropped here is never skipped, only left unsaid:
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
      if (key === "$schema") continue;
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
 * The schema, with metadata that makes zod's conversion (the one the SDK makes) list it portable
 * and lean: each key the conversion writes is written over with the listed value, or with
 * `undefined` where the listing leaves it out (zod's conversion ends with a JSON round trip, which
 * drops it). Validation is untouched: metadata only describes. What is listed names no tool (a
 * parameter's words are PARAMETER_WORDS; nested and output descriptions are not listed), so it is
 * the same whatever tools a server offers (a test holds every listing to that).
 */
function listedAs<S extends z.ZodObject>(schema: S, io: "input" | "output"): S {
  const generated = z.toJSONSchema(schema, { target: "draft-7", io }) as JsonObject;
  const portable = portableJsonSchema(generated);
  const listed = (io === "input" ? leanInputSchema(portable) : leanOutputSchema(portable)) as JsonObject;
  const cleared = Object.fromEntries(Object.keys(generated).map((key) => [key, undefined]));
  return schema.meta({ ...cleared, ...listed });
}

/**
 * The output schema as registered: the answer's top level, each field typed as the tool's output
 * schema types it, except that a nested object is an empty object and a list of objects a list of
 * empty objects. That is all tools/list shows of an answer (leanOutputSchema), and the SDK converts
 * the registered schema at every tools/list: the insides it would convert only for them to be
 * dropped cost about 20 ms of the bin's start (285 → 264 ms to the first listing, Node 20) and a
 * quarter of each later listing's server time (3.1 → 2.3 ms, BENCHMARKS.md). The SDK checks
 * every answer against it; each answer has been parsed against the tool's full output schema
 * before (toolCallback, create-mcp-server.ts), so nothing leaves unchecked.
 */
export function answerTopLevel(schema: z.ZodObject): z.ZodObject {
  const topLevel = (field: z.ZodType): z.ZodType => {
    if (field instanceof z.ZodOptional) return topLevel(field.unwrap() as z.ZodType).optional();
    if (field instanceof z.ZodNullable) return topLevel(field.unwrap() as z.ZodType).nullable();
    if (field instanceof z.ZodObject) return z.object({});
    if (field instanceof z.ZodArray && field.element instanceof z.ZodObject) return z.array(z.object({}));
    return field;
  };
  return z.object(Object.fromEntries(Object.entries(schema.shape).map(([name, field]) => [name, topLevel(field as z.ZodType)])));
}

/** A tool's schemas as registered: its own input schema and its answer's top level, each listed lean. */
export interface ListedSchemas {
  readonly inputSchema: z.ZodObject;
  readonly outputSchema: z.ZodObject;
}

const listedSchemas = new Map<string, ListedSchemas>();

/**
 * A tool's schemas, ready for `registerTool`, built once per process: the HTTP transport builds a
 * server per request, and the tools never change.
 */
export function listedSchemasOf(tool: RegisteredTool): ListedSchemas {
  let schemas = listedSchemas.get(tool.name);
  if (schemas === undefined) {
    schemas = {
      inputSchema: listedAs(z.object(tool.inputSchema), "input"),
      outputSchema: listedAs(answerTopLevel(tool.outputSchema), "output"),
    };
    listedSchemas.set(tool.name, schemas);
  }
  return schemas;
}
