/**
 * Nothing the server says may name a tool it does not offer (OCTOPERF_TOOLSETS leaves groups out,
 * read-only mode drops the tools that launch or stop tests), so that a model is never sent
 * looking for one. Every text that names another tool (a description, an answer, an error) is
 * composed from the set offered: each hint that names a tool is said only when that tool is
 * offered, and the rest of the text reads whole without it. With every tool offered, the texts
 * are the ones written.
 */

/** The tools a server offers, as a text asks about them (a `ReadonlySet` of their names is one). */
export interface Offered {
  has(tool: string): boolean;
}

/** Every tool offered: the texts as written (tests, the README's tables, a tool's full description). */
export const EVERY_TOOL: Offered = { has: () => true };

/** `text` when every tool in `tools` is offered (it names them), else "": a hint the model can follow, or none. */
export function hint(offered: Offered, tools: string | readonly string[], text: string): string {
  return (typeof tools === "string" ? [tools] : tools).every((tool) => offered.has(tool)) ? text : "";
}

/** The offered ones of `tools`, in order. */
export function offeredOf(offered: Offered, tools: readonly string[]): string[] {
  return tools.filter((tool) => offered.has(tool));
}

/** The parts that are said (not ""), joined: a text with a hint left out reads as if it had never had it. */
export function joined(separator: string, ...parts: readonly string[]): string {
  return parts.filter((part) => part !== "").join(separator);
}

/** What a tool's definition gives as its description: the text, or the text for a set of tools offered. */
export type Description = string | ((offered: Offered) => string);

/** The description for the tools offered. */
export function describedAs(description: Description, offered: Offered): string {
  return typeof description === "string" ? description : description(offered);
}
