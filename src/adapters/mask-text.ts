/** What stands where a secret was, in logs, errors and tool results alike. */
export const REDACTED = "[REDACTED]";

/** Replaces every occurrence of each secret; an empty secret is skipped (it would match between every character). */
export function maskText(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret.length > 0) masked = masked.split(secret).join(REDACTED);
  return masked;
}
