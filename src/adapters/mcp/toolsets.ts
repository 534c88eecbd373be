/**
 * Groups of tools a host can choose to offer (as GitHub's MCP server does): a host that only reads
 * results offers `discover,analyze`, one that follows runs started elsewhere offers `run`… Each
 * tool names its groups (`toolsets` in its definition): the groups' contents are read from the
 * tools, never listed apart. A tool may sit in several groups: finding past runs is both discovery
 * and the way into an analysis.
 */
export const TOOLSETS = ["discover", "run", "analyze"] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** Whether a tool belongs to one of the chosen toolsets. */
export function inToolsets(tool: { readonly toolsets: readonly Toolset[] }, chosen: readonly Toolset[]): boolean {
  return tool.toolsets.some((toolset) => chosen.includes(toolset));
}

/** Each toolset's tools, in the registry's order: what `OCTOPERF_TOOLSETS` offers, derived from the tools. */
export function toolsetTable<T extends { readonly name: string; readonly toolsets: readonly Toolset[] }>(tools: readonly T[]): Record<Toolset, string[]> {
  const table: Record<Toolset, string[]> = { discover: [], run: [], analyze: [] };
  for (const tool of tools) for (const toolset of tool.toolsets) table[toolset].push(tool.name);
  return table;
}
