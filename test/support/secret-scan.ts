/**
 * Finds an API key wherever it could hide in what a test observed: tool results (text and
 * structuredContent), stderr, log fields, thrown errors with their `cause` chains, and their
 * JSON and util.inspect renderings. Used by every adversarial suite: each observation goes
 * through a SecretScanner, which fails the test on the first leak.
 */
import { inspect } from "node:util";

/**
 * The key the adversarial suites configure: UUID-shaped like real OctoPerf keys, and distinctive,
 * so that any occurrence (or a long fragment of it) can only be a leak.
 */
export const CANARY_API_KEY = "c4nary00-5ecr-4e7a-b1d2-adv3rsar1al0";

/** A second key, for servers configured with a key OctoPerf rejects (the 401 path). */
export const WRONG_API_KEY = "wr0ngkey-5ecr-4bad-9d1e-adv3rsar1al1";

/** Substrings this long taken from the key count as a leak: a truncated key is still a key. */
const FRAGMENT_LENGTH = 16;

/**
 * The forms a key can take in text, matched in any case (a validation error may echo it
 * upper-cased): as is, JSON-escaped (once and twice), URL-encoded, and long fragments. Base64 is
 * found separately (base64Leak), by decoding.
 */
export function secretNeedles(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const needles = new Set<string>([
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret, "utf8").toString("base64"),
  ]);
  for (let i = 0; i + FRAGMENT_LENGTH <= secret.length; i++) needles.add(secret.slice(i, i + FRAGMENT_LENGTH));
  return [...needles];
}

/**
 * Whether some base64 (standard or URL-safe) in the text decodes, at any alignment, to bytes
 * that hold a long fragment of the secret: a key inside a Basic auth header or a dump.
 */
export function base64Leak(text: string, secret: string): string | null {
  const fragments = [];
  const bytes = Buffer.from(secret, "utf8");
  for (let i = 0; i + FRAGMENT_LENGTH <= bytes.length; i += 4) fragments.push(bytes.subarray(i, i + FRAGMENT_LENGTH));
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{20,}/g)) {
    for (let offset = 0; offset < 4; offset++) {
      const decoded = Buffer.from(run.slice(offset).replace(/-/g, "+").replace(/_/g, "/"), "base64");
      if (fragments.some((fragment) => decoded.includes(fragment))) return run;
    }
  }
  return null;
}

export interface Leak {
  /** Where in the value: `$.structuredContent.text`, `$.cause.message`, `(json)`, `(inspect)`. */
  readonly path: string;
  /** The text around the occurrence, with the key masked, so a failure message does not leak it either. */
  readonly excerpt: string;
}

/** Every place in `value` (deeply, errors and causes included) where the secret occurs. */
export function findSecretLeaks(value: unknown, secret: string): Leak[] {
  const needles = secretNeedles(secret).map((needle) => needle.toLowerCase());
  const leaks: Leak[] = [];
  const check = (text: string, path: string) => {
    const lower = text.toLowerCase();
    for (const needle of needles) {
      const at = lower.indexOf(needle);
      if (at >= 0) {
        leaks.push({ path, excerpt: mask(text.slice(Math.max(0, at - 60), at + needle.length + 60), needles) });
        return;
      }
    }
    const encoded = base64Leak(text, secret);
    if (encoded !== null) leaks.push({ path, excerpt: `base64 run of ${encoded.length} characters that decodes to the key` });
  };
  walk(value, "$", check, new WeakSet(), 0);
  // The renderings a logger or an error reporter would produce.
  try {
    const json = JSON.stringify(value);
    if (typeof json === "string") check(json, "(JSON.stringify)");
  } catch {
    // Cycles or BigInts: the walk above still saw every string.
  }
  check(inspect(value, { depth: 12, showHidden: true, breakLength: Infinity }), "(util.inspect)");
  return leaks;
}

function walk(value: unknown, path: string, check: (text: string, path: string) => void, seen: WeakSet<object>, depth: number): void {
  if (depth > 40) return;
  if (typeof value === "string") return check(value, path);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value == null) return;
  if (typeof value === "symbol") return check(value.toString(), path);
  if (typeof value === "function") return;
  const object = value;
  if (seen.has(object)) return;
  seen.add(object);
  if (Buffer.isBuffer(object) || object instanceof Uint8Array) return check(Buffer.from(object).toString("utf8"), path);
  if (object instanceof Error) {
    check(object.name, `${path}.name`);
    check(object.message, `${path}.message`);
    if (typeof object.stack === "string") check(object.stack, `${path}.stack`);
    if ("cause" in object) walk(object.cause, `${path}.cause`, check, seen, depth + 1);
    if (object instanceof AggregateError) object.errors.forEach((e, i) => walk(e, `${path}.errors[${i}]`, check, seen, depth + 1));
  }
  if (object instanceof Map) {
    for (const [k, v] of object) {
      walk(k, `${path}<key>`, check, seen, depth + 1);
      walk(v, `${path}.get(${String(k)})`, check, seen, depth + 1);
    }
    return;
  }
  if (object instanceof Set) {
    let i = 0;
    for (const v of object) walk(v, `${path}<set ${i++}>`, check, seen, depth + 1);
    return;
  }
  for (const key of Object.getOwnPropertyNames(object)) {
    check(key, `${path}<key ${key}>`);
    let child: unknown;
    try {
      child = (object as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    walk(child, `${path}.${key}`, check, seen, depth + 1);
  }
}

function mask(text: string, needles: readonly string[]): string {
  let masked = text;
  for (const needle of needles) masked = masked.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "<API KEY>");
  return JSON.stringify(masked);
}

/**
 * Collects every observation of a test file and fails on the first leak. `count` lets a suite
 * prove that it did scan (a scanner that saw nothing proves nothing).
 */
export class SecretScanner {
  private scannedCount = 0;
  private readonly labels = new Map<string, number>();

  constructor(readonly secrets: readonly string[] = [CANARY_API_KEY]) {}

  /** Throws (failing the test) when any secret occurs anywhere in `value`. */
  scan(label: string, value: unknown): void {
    this.scannedCount += 1;
    const kind = label.split(":")[0] ?? label;
    this.labels.set(kind, (this.labels.get(kind) ?? 0) + 1);
    for (const secret of this.secrets) {
      const leaks = findSecretLeaks(value, secret);
      if (leaks.length > 0) {
        throw new Error(
          `API key leaked in ${label}: ${leaks
            .slice(0, 5)
            .map((l) => `${l.path} ${l.excerpt}`)
            .join("; ")}`,
        );
      }
    }
  }

  get count(): number {
    return this.scannedCount;
  }

  /** How many observations of each kind (the label before the first ":") were scanned. */
  countOf(kind: string): number {
    return this.labels.get(kind) ?? 0;
  }
}

/** For one-off checks in a test: fails when `secret` occurs in `value`. */
export function expectNoSecret(value: unknown, label: string, secret: string = CANARY_API_KEY): void {
  new SecretScanner([secret]).scan(label, value);
}

/** The rejection of a promise that must fail (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
