import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { maskText } from "../mask-text.js";

/**
 * The last line of defence for the API key: whatever a tool answers (an id the model pasted, a
 * name OctoPerf echoed), no string leaves the server with a secret in it. Adapters already mask
 * what they know to be risky; this catches what nobody foresaw.
 */
export function maskSecrets(result: CallToolResult, secrets: readonly string[]): CallToolResult {
  const present = secrets.filter((secret) => secret.length > 0);
  if (present.length === 0) return result;
  // Cheap check first: almost every result is clean, and then it goes out untouched.
  if (!present.some((secret) => JSON.stringify(result).includes(secret))) return result;
  return maskValue(result, present) as CallToolResult;
}

function maskValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskValue(item, secrets)]));
  }
  return value;
}
