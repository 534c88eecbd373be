import { setBounded } from "./bounded-map.js";

/** What stands where a secret was, in logs, errors and tool results alike. */
export const REDACTED = "[REDACTED]";

/** Every form of one secret, as two patterns: text forms match in any case, base64 forms exactly. */
interface SecretPatterns {
  readonly text: RegExp;
  readonly base64: RegExp;
}

// Shifted base64 cores shorter than this could match unrelated base64 by chance.
const MIN_BASE64_CORE = 16;

/**
 * Compiled patterns of the secrets used last, most recent last. Bounded: a team server with
 * per-user keys masks with every caller's key, and a cache that kept each key forever grew with
 * every distinct key sent, an unauthenticated caller's too (and held the raw keys). A process has
 * a few secrets of its own and a few callers at a time: those stay; others are compiled again.
 */
export const MAX_COMPILED_SECRETS = 64;
const compiled = new Map<string, SecretPatterns>();

/**
 * Replaces every occurrence of each secret, in every form it takes in output: as is, in any case
 * (the SDK upper-cases an unknown enum value when it echoes it back), JSON-escaped (once, twice,
 * or with \u escapes), URL-encoded, hex (lower or upper case), and base64 (standard and URL-safe, at any byte alignment, as
 * inside a Basic auth header). An empty secret is skipped (it would match between every character).
 */
export function maskText(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const patterns = patternsOf(secret);
    masked = masked.replace(patterns.text, REDACTED).replace(patterns.base64, REDACTED);
  }
  return masked;
}

/** Whether any form of any secret occurs in the text (the cheap check before a deep masking). */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => {
    if (secret.length === 0) return false;
    const patterns = patternsOf(secret);
    patterns.text.lastIndex = 0;
    patterns.base64.lastIndex = 0;
    return patterns.text.test(text) || patterns.base64.test(text);
  });
}

function patternsOf(secret: string): SecretPatterns {
  const patterns = compiled.get(secret) ?? { text: alternation(textForms(secret), "gi"), base64: alternation(base64Forms(secret), "g") };
  setBounded(compiled, secret, patterns, MAX_COMPILED_SECRETS);
  return patterns;
}

/** How many secrets have their compiled patterns kept: never more than MAX_COMPILED_SECRETS. */
export function compiledSecretCount(): number {
  return compiled.size;
}

/** The forms in which the secret is still text: case does not matter for any of them. */
export function textForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    encodeURIComponent(secret),
    encodeURI(secret),
    ...urlForms(secret),
    ...hexForms(secret),
  ];
}

/**
 * Its UTF-8 bytes in hex (a debug dump, a digest-like field), matched in either case as the other
 * text forms; not for a secret so short that its hex would match unrelated digits.
 */
function hexForms(secret: string): string[] {
  const hex = Buffer.from(secret, "utf8").toString("hex");
  return hex.length >= MIN_BASE64_CORE ? [hex] : [];
}

/** How URL parsers (the SDK's `new URL(uri)`, a query string) write the secret back out. */
function urlForms(secret: string): string[] {
  try {
    return [
      new URL(`http://h/${secret}`).pathname.slice(1),
      new URL(`x-mask://h/${secret}`).pathname.slice(1),
      new URL(`http://h/?${secret}`).search.slice(1),
      new URLSearchParams({ k: secret }).toString().slice(2),
    ];
  } catch {
    return [];
  }
}

/** The secret's UTF-8 bytes in base64, wherever they start in the encoded stream. */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms: string[] = [bytes.toString("base64"), bytes.toString("base64").replace(/=+$/, "")];
  // Inside a longer encoded text (a Basic auth header), the secret's bytes may start 0, 1 or 2
  // bytes into a 3-byte group: keep the part of each encoding that depends on its bytes only
  // (whole groups; with a shift, the first group holds other bytes too).
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const wholeGroups = Math.floor((shift + bytes.length) / 3);
    const core = encoded.slice(shift === 0 ? 0 : 4, wholeGroups * 4);
    if (core.length >= MIN_BASE64_CORE) forms.push(core);
  }
  return [...forms, ...forms.map((form) => form.replace(/\+/g, "-").replace(/\//g, "_"))];
}

function alternation(forms: readonly string[], flags: string): RegExp {
  // Longest first, so a longer form (an escaped one) is replaced whole rather than in part.
  const unique = [...new Set(forms.filter((form) => form.length > 0))].sort((a, b) => b.length - a.length);
  return new RegExp(unique.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), flags);
}
