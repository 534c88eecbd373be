import { cutAtWord } from "../../domain/model/cut-text.js";
import type * as z from "zod";
import type { LoadShape } from "../../domain/model/scenario.js";
import { isRampLoadType, rampLoadSchema, type WireUserProfile } from "./wire-schemas.js";

/**
 * One odd item must not sink a listing (issue 15 §3): an item that fails its documented shape is
 * read again leniently and listed with what could be read; only an item without an id (which no
 * tool could name) is left out. Each oddity is reported once per field path (`warn`), never the
 * whole answer, so a user can attach it to a bug report.
 */

/** Called for each oddity: `path` locates the field (e.g. `[3].userProfiles[0].load.plateauMs`). */
export type OddityReporter = (path: string, problem: string) => void;

export function readList<T>(raw: readonly unknown[], strict: z.ZodType<T>, lenient: z.ZodType<T>, report: OddityReporter): T[] {
  const items: T[] = [];
  raw.forEach((item, index) => {
    const parsed = strict.safeParse(item);
    if (parsed.success) {
      items.push(parsed.data);
      return;
    }
    const issue = parsed.error.issues[0]!;
    const relaxed = lenient.safeParse(item);
    if (relaxed.success) {
      report(`[${index}]${fieldPath(issue.path)}`, `${issue.message}; listed with what could be read`);
      items.push(relaxed.data);
    } else {
      report(`[${index}]${fieldPath(relaxed.error.issues[0]!.path)}`, `${relaxed.error.issues[0]!.message}; left out (no usable id)`);
    }
  });
  return items;
}

/** Field names a `loadStrategy` may carry its VU count under: none is documented. UNCONFIRMED. */
const STRATEGY_VU_FIELDS = ["plateauVus", "vus", "users", "virtualUsers", "concurrency", "userCount"] as const;

/**
 * A profile's load, from either documented shape. UNCONFIRMED which one a given OctoPerf sends:
 * `load` (`@type` + …Ms, CONFIRMED by [D]) and `loadStrategy` (rampUpSec/holdForSec/rampDownSec,
 * MCP-level only, [C] async-polling) are both accepted. What cannot be read is null.
 */
export function readLoad(profile: WireUserProfile, path: string, report: OddityReporter): LoadShape {
  if (isRecord(profile.load)) return readTypedLoad(profile.load, `${path}.load`, report);
  if (isRecord(profile.loadStrategy)) return readLoadStrategy(profile.loadStrategy, `${path}.loadStrategy`, report);
  report(`${path}.load`, "no load (neither load nor loadStrategy)");
  return unknownLoad("unknown");
}

function readTypedLoad(load: Record<string, unknown>, path: string, report: OddityReporter): LoadShape {
  const type = load["@type"];
  if (typeof type !== "string") {
    report(`${path}.@type`, "missing");
    return unknownLoad("unknown", load);
  }
  if (!isRampLoadType(type)) {
    // A custom point list is documented; anything else is a shape this client does not know yet.
    if (type !== "UserProfileLoadCustom") report(`${path}.@type`, `unknown load type ${JSON.stringify(cutAtWord(type, 80))}`);
    return unknownLoad(type, load);
  }
  const parsed = rampLoadSchema(type).safeParse(load);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    report(`${path}${fieldPath(issue.path)}`, issue.message);
    return unknownLoad(type, load);
  }
  const fields = parsed.data;
  const kind = type === "UserProfileLoadRampUp" ? "RAMP_UP" : type === "UserProfileLoadRampUpThenRampDown" ? "RAMP_UP_THEN_DOWN" : "ASCENDING_STAIRS";
  return {
    kind,
    delayMs: fields.delayMs,
    rampUpMs: fields.rampUpMs,
    plateauMs: fields.plateauMs,
    plateauVus: fields.plateauVus,
    rampDownMs: fields.rampDownMs ?? 0,
    stepCount: "stepCount" in fields && typeof fields.stepCount === "number" ? fields.stepCount : null,
  };
}

function readLoadStrategy(strategy: Record<string, unknown>, path: string, report: OddityReporter): LoadShape {
  const seconds = (field: string) => nonNegative(strategy[field]);
  const rampUp = seconds("rampUpSec");
  const hold = seconds("holdForSec");
  let durationMs: number | null = null;
  if (rampUp === null || hold === null) {
    report(`${path}.${rampUp === null ? "rampUpSec" : "holdForSec"}`, "missing or not a number of seconds");
  } else {
    durationMs = ((seconds("delaySec") ?? 0) + rampUp + hold + (seconds("rampDownSec") ?? 0)) * 1000;
  }
  const type = typeof strategy["@type"] === "string" ? `loadStrategy:${strategy["@type"]}` : "loadStrategy";
  return { kind: "OTHER", type, plateauVus: vusOf(strategy), durationMs };
}

function unknownLoad(type: string, fields: Record<string, unknown> = {}): LoadShape {
  return { kind: "OTHER", type, plateauVus: vusOf(fields), durationMs: null };
}

function vusOf(fields: Record<string, unknown>): number | null {
  for (const name of STRATEGY_VU_FIELDS) {
    const value = nonNegative(fields[name]);
    if (value !== null) return value;
  }
  return null;
}

function nonNegative(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
}
