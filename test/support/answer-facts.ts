/**
 * What the answer rule (src/adapters/mcp/output-schemas.ts) counts as prose and as a repeated
 * fact, in one place for the test of every tool's answer and for bench/answer-size.ts.
 */

/** Keys whose strings are data (OctoPerf's names and descriptions, the catalogue's metric labels), not our prose. */
export const DATA_KEYS: ReadonlySet<string> = new Set(["name", "description", "tags", "scenarioName", "reportName", "serverMessage", "label"]);
const URL = /^https?:\/\//;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT[\d:.]+Z$/;
const ID = /^[A-Za-z0-9_-]+$/;
/** benchResultId, scenarioId, reportId, id… */
const ID_KEY = /(^id|Id)$/;

export const isUrl = (value: string) => URL.test(value);

export interface Leaf {
  /** Object keys from the root, array positions left out: ["run", "scenarioId"]. */
  readonly path: readonly string[];
  /** The object holding it, to tell an enclosing object from a sibling. */
  readonly holder: readonly (string | number)[];
  readonly value: string;
}

/** Every string value of a JSON tree, with where it sits. */
export function stringLeaves(node: unknown, path: readonly string[] = [], holder: readonly (string | number)[] = []): Leaf[] {
  if (typeof node === "string") return [{ path, holder, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => stringLeaves(item, path, [...holder, i]));
  if (typeof node === "object" && node !== null) {
    return Object.entries(node).flatMap(([k, v]) => stringLeaves(v, [...path, k], typeof v === "object" && v !== null ? [...holder, k] : holder));
  }
  return [];
}

/** A sentence of ours: three words or more, outside the data fields, not a link. */
export function isSentence(leaf: Leaf): boolean {
  const key = leaf.path.at(-1) ?? "";
  return !DATA_KEYS.has(key) && !URL.test(leaf.value) && leaf.value.trim().split(/\s+/).length >= 3;
}

const encloses = (outer: Leaf["holder"], inner: Leaf["holder"]) => outer.length < inner.length && outer.every((step, i) => inner[i] === step);

/**
 * Values structuredContent says more than once, each with the bytes of its extra occurrences: a
 * string of 24 characters or more (a link, a label, a sentence; timestamps aside, since two
 * moments may coincide), or an id that a nested object repeats from an enclosing one (a top-level
 * scenarioId beside run.scenarioId, a list's projectId in each item). Ids of sibling entities
 * (two runs of one scenario) are separate facts.
 */
export function repeatedWithin(structured: unknown): { value: string; extraBytes: number }[] {
  const all = stringLeaves(structured);
  const byValue = new Map<string, Leaf[]>();
  for (const leaf of all) byValue.set(leaf.value, [...(byValue.get(leaf.value) ?? []), leaf]);
  const repeated: { value: string; extraBytes: number }[] = [];
  for (const [value, leaves] of byValue) {
    if (leaves.length < 2) continue;
    const long = URL.test(value) || (value.length >= 24 && !TIMESTAMP.test(value) && !ID.test(value));
    const ids = leaves.filter((leaf) => ID_KEY.test(leaf.path.at(-1) ?? ""));
    const extra = long ? leaves.length - 1 : ids.filter((inner) => ids.some((outer) => outer !== inner && encloses(outer.holder, inner.holder))).length;
    if (extra > 0) repeated.push({ value, extraBytes: extra * Buffer.byteLength(value) });
  }
  return repeated;
}
