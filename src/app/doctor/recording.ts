import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { maskText, REDACTED } from "../../adapters/mask-text.js";

/**
 * The layout of a folder of raw OctoPerf answers, shared by `octoperf-mcp doctor --record DIR`
 * and the contract-fixture server of the tests (test/fixtures/octoperf/<set>/), so a recording
 * attached to a bug report drops into the fixtures as it is:
 *
 *   fixture.json                          { description, source, extends? }
 *   GET/<path>.json                       { status, body } (or { status, text } when not JSON)
 *   POST/analysis/metrics/summary.json    { exchanges: [{ request, status, body }], values?, refused? }
 *
 * `<path>` is the request path without its leading slash; ids are kept as they are.
 */

export interface RecordedAnswer {
  readonly status: number;
  /** The answer as JSON, when it parsed. */
  readonly body?: unknown;
  /** The answer as text, when it did not. */
  readonly text?: string;
}

export interface SummaryExchange extends RecordedAnswer {
  /** The SummaryReportItem sent. */
  readonly request: unknown;
}

export interface SummaryFile {
  readonly exchanges?: readonly SummaryExchange[];
  /** Hand-written fixtures: value of each metric per bench result id. */
  readonly values?: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  /** Hand-written fixtures: metrics OctoPerf refuses in a summary request, and how. */
  readonly refused?: Readonly<Record<string, RecordedAnswer>>;
}

export interface FixtureManifest {
  readonly description: string;
  readonly source: string;
  /** A fixture set relative to this one whose files apply where this one has none. */
  readonly extends?: string;
}

export const SUMMARY_PATH = "/analysis/metrics/summary";
export const MANIFEST_FILE = "fixture.json";

/** Where the answer to `method path` lives in a fixture folder. */
export function answerFile(method: string, path: string): string {
  const clean = path.split("?")[0]!.replace(/^\/+/, "");
  const segments = clean.split("/").map((segment) => decodeSegment(segment));
  if (segments.some((s) => s === "" || s === "." || s === ".." || /[\\/\0]/.test(s))) {
    throw new Error(`not a path a fixture can hold: ${path}`);
  }
  return join(method.toUpperCase(), ...segments) + ".json";
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Reads JSON when it is JSON, keeps the text otherwise. */
export function toRecordedAnswer(status: number, raw: string): RecordedAnswer {
  if (raw.trim() === "") return { status, text: "" };
  try {
    return { status, body: JSON.parse(raw) as unknown };
  } catch {
    return { status, text: raw };
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Fields that name a person: their values go, whatever they hold. Ids stay (fixtures need them). */
const PERSONAL_FIELD = /^(e-?mail|mail|username|user_?name|login|first_?name|last_?name|full_?name|display_?name|owner_?name|author)$/i;

/** A raw answer fit to attach to a bug report: the key, e-mail addresses and user names masked. */
export function redactForRecording(value: unknown, secrets: readonly string[]): unknown {
  // Any bearer token too: a server that echoes headers may echo another credential than ours.
  if (typeof value === "string")
    return maskText(value, secrets)
      .replace(EMAIL, REDACTED)
      .replace(/(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
  if (Array.isArray(value)) return value.map((item) => redactForRecording(item, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        maskText(key, secrets),
        PERSONAL_FIELD.test(key) && typeof field === "string" ? REDACTED : redactForRecording(field, secrets),
      ]),
    );
  }
  return value;
}

/** Writes recorded answers in the fixture layout; summary exchanges accumulate in one file. */
export class FixtureRecorder {
  readonly #dir: string;
  readonly #secrets: readonly string[];
  readonly #summary: SummaryExchange[] = [];
  readonly #written = new Set<string>();

  constructor(dir: string, secrets: readonly string[]) {
    this.#dir = dir;
    this.#secrets = secrets;
  }

  get files(): readonly string[] {
    return [...this.#written];
  }

  start(manifest: FixtureManifest): void {
    this.#write(MANIFEST_FILE, manifest);
  }

  record(method: string, path: string, requestBody: unknown, answer: RecordedAnswer): void {
    const safe = redactForRecording(answer, this.#secrets) as RecordedAnswer;
    if (method.toUpperCase() === "POST" && path.split("?")[0] === SUMMARY_PATH) {
      this.#summary.push({ request: redactForRecording(requestBody, this.#secrets), ...safe });
      this.#write(answerFile("POST", SUMMARY_PATH), { exchanges: this.#summary } satisfies SummaryFile);
      return;
    }
    this.#write(answerFile(method, path), safe);
  }

  #write(file: string, content: unknown): void {
    const target = join(this.#dir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(content, null, 2)}\n`);
    this.#written.add(file);
  }
}

/** Reads one file of a fixture folder, following `extends`; undefined when no set has it. */
export function readFixtureFile<T>(dir: string, file: string): T | undefined {
  const own = join(dir, file);
  if (existsSync(own)) return JSON.parse(readFileSync(own, "utf8")) as T;
  const manifest = join(dir, MANIFEST_FILE);
  if (!existsSync(manifest)) return undefined;
  const parent = (JSON.parse(readFileSync(manifest, "utf8")) as FixtureManifest).extends;
  return parent === undefined ? undefined : readFixtureFile<T>(join(dir, parent), file);
}
