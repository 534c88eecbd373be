import type { RegisteredTool, ToolAnnotations } from "./define-tool.js";
import { toolCard, type ToolCard } from "./tool-list.js";
import { allTools } from "./tools/index.js";

/**
 * A tool as the server knows it before its first call: its name and hints (what it offers
 * depends on them), its listing, and how to get the tool itself (zod schemas and handler).
 */
export interface CatalogEntry {
  readonly name: string;
  readonly annotations: ToolAnnotations;
  /** Its listing for tools/list, computed once. */
  card(): ToolCard;
  /** The tool, for a call: always the same object. */
  load(): Promise<RegisteredTool>;
}

/** A catalog entry for a tool at hand: its card is converted from its zod schemas on first use. */
export function catalogEntry(tool: RegisteredTool): CatalogEntry {
  let card: ToolCard | undefined;
  return {
    name: tool.name,
    annotations: tool.annotations,
    card: () => (card ??= toolCard(tool)),
    load: () => Promise.resolve(tool),
  };
}

/**
 * Every tool of the registry, in its order. The bin gets another version of this module
 * (scripts/bundle-bin.mjs): cards computed by the build from these very tools, and each tool
 * import()ed from a chunk of its own on its first call, so that starting the bin builds no tool's
 * zod schema and converts none to JSON Schema. The library and the tests use this one.
 */
export const toolCatalog: readonly CatalogEntry[] = allTools.map(catalogEntry);
