/**
 * Nothing the server says may name a tool it does not offer (read-only mode drops the tools that
 * launch or stop tests). Texts are written for the full set; this drops, from a description or an
 * answer, each sentence that names a tool left out (and a line left empty by that), so a model is
 * never sent looking for one. Texts whose whole point names such a tool (the instructions, the
 * prompt, error messages) are written for each mode instead; this is the net under them.
 */
export function withoutToolsNotOffered(text: string, notOffered: readonly string[]): string {
  if (!notOffered.some((name) => text.includes(name))) return text;
  const names = new RegExp(`\\b(?:${notOffered.map(escapeRegExp).join("|")})\\b`);
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    if (!names.test(line)) {
      kept.push(line);
      continue;
    }
    // A sentence ends at . ! ? or ; followed by a space.
    const rest = line
      .split(/(?<=[.!?;])\s+/)
      .filter((sentence) => !names.test(sentence))
      .join(" ");
    if (rest.trim() !== "") kept.push(rest);
  }
  return kept.join("\n");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The same net for a field's description in a tool's schema, at a finer grain: a field stays,
 * so only the words naming a tool left out go (a parenthesis, or a clause between commas,
 * semicolons or colons): "Workspace id, from octoperf_get_current_user_workspaces" → "Workspace id".
 */
export function fieldDescriptionWithoutToolsNotOffered(text: string, notOffered: readonly string[]): string {
  if (!notOffered.some((name) => text.includes(name))) return text;
  const names = new RegExp(`\\b(?:${notOffered.map(escapeRegExp).join("|")})\\b`);
  const withoutAsides = text.replace(/\s*\([^()]*\)/g, (aside) => (names.test(aside) ? "" : aside));
  return withoutAsides
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => {
      if (!names.test(sentence)) return sentence;
      const kept = sentence.split(/(?<=[,;:])\s+/).filter((clause) => !names.test(clause));
      return kept.join(" ").replace(/[,;:]\s*$/, "");
    })
    .filter((sentence) => sentence.trim() !== "")
    .join(" ");
}

/** Every `description` in a JSON Schema tree, through {@link fieldDescriptionWithoutToolsNotOffered}. */
export function schemaWithoutToolsNotOffered(schema: unknown, notOffered: readonly string[]): unknown {
  if (notOffered.length === 0 || typeof schema !== "object" || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((item) => schemaWithoutToolsNotOffered(item, notOffered));
  const node: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description" && typeof value === "string") {
      const kept = fieldDescriptionWithoutToolsNotOffered(value, notOffered);
      if (kept !== "") node[key] = kept;
    } else {
      node[key] = schemaWithoutToolsNotOffered(value, notOffered);
    }
  }
  return node;
}
