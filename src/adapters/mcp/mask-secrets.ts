import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { containsSecret, maskText } from "../mask-text.js";

/**
 * Masks the secrets in every string of a JSON value (object keys too), in every form the masker
 * knows. Checked on the serialized value first: almost every message is clean and then goes out
 * untouched. The serialized form holds the JSON-escaped key, which the masker also knows, so a
 * key with a quote or a backslash in it is not missed by the check.
 */
export function maskSecrets<T>(value: T, secrets: readonly string[]): T {
  const present = secrets.filter((secret) => secret.length > 0);
  if (present.length === 0) return value;
  const serialized = JSON.stringify(value);
  if (serialized === undefined || !containsSecret(serialized, present)) return value;
  return maskValue(value, present) as T;
}

function maskValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [maskText(key, secrets), maskValue(item, secrets)]));
  }
  return value;
}

/**
 * The last line of defence for the API key: every message the server sends on this transport
 * (tool and resource results, errors, including those the SDK writes itself, such as an input
 * validation error that echoes a pasted key upper-cased, and notifications) is masked first.
 */
export function maskOutgoing<T extends Transport>(transport: T, secrets: readonly string[]): T {
  if (!secrets.some((secret) => secret.length > 0)) return transport;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(maskSecrets(message, secrets), options);
  return transport;
}
