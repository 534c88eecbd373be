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
