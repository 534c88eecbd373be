/**
 * Text cut to at most `max` characters, never through the middle of a word: the word the cut
 * falls in is dropped whole (a text with no space before the cut, whole). A secret that straddles
 * a cut (an access token pasted where an id goes, an API key in a server's message) would
 * otherwise show all but its last characters, which no masking recognises as the secret.
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = /\s/.test(text.charAt(max)) ? text.slice(0, max) : text.slice(0, max).replace(/\S+$/, "");
  return `${kept.trimEnd()}…`;
}
