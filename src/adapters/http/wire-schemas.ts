import * as z from "zod";

/**
 * OctoPerf's JSON as octoperf-api.md documents it. Every object is loose (the official clients
 * all ignore unknown fields, and the entities carry far more than we read), enums are plain
 * strings (a new run state must not break polling), and optional text or lists that come back
 * null or missing read as empty. What the domain cannot do without is required.
 */

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? "");

const id = z.string();

function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((value): z.output<T>[] => value ?? []);
}

/** Epoch milliseconds in responses (CONFIRMED); ISO strings are what requests accept, so take both. */
const timestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

export const WireWorkspace = z.looseObject({
  id,
  name: z.string(),
  description: text,
  created: timestamp.nullish(),
});
export type WireWorkspace = z.output<typeof WireWorkspace>;

export const WireProject = z.looseObject({
  id,
  workspaceId: z.string(),
  name: z.string(),
  description: text,
  tags: listOf(z.string()),
});
export type WireProject = z.output<typeof WireProject>;

const duration = z.number().nonnegative();

/** Fields of each ramp-family load shape (all durations in ms), keyed by OctoPerf's `@type`. */
const RAMP_LOADS = {
  UserProfileLoadRampUp: z.looseObject({
    delayMs: duration,
    rampUpMs: duration,
    plateauMs: duration,
    plateauVus: z.number().nonnegative(),
    rampDownMs: duration.nullish(),
  }),
  UserProfileLoadRampUpThenRampDown: z.looseObject({
    delayMs: duration,
    rampUpMs: duration,
    plateauMs: duration,
    plateauVus: z.number().nonnegative(),
    rampDownMs: duration,
  }),
  UserProfileLoadAscendingStairs: z.looseObject({
    delayMs: duration,
    rampUpMs: duration,
    plateauMs: duration,
    plateauVus: z.number().nonnegative(),
    rampDownMs: duration.nullish(),
    stepCount: z.number().int().nonnegative(),
  }),
} as const;

export type RampLoadType = keyof typeof RAMP_LOADS;

export function rampLoadSchema(type: RampLoadType) {
  return RAMP_LOADS[type];
}

export type WireLoad =
  | {
      readonly type: RampLoadType;
      readonly delayMs: number;
      readonly rampUpMs: number;
      readonly plateauMs: number;
      readonly plateauVus: number;
      readonly rampDownMs: number;
      readonly stepCount: number | null;
    }
  | { readonly type: "OTHER"; readonly otherType: string };

export function isRampLoadType(type: string): type is RampLoadType {
  return Object.hasOwn(RAMP_LOADS, type);
}

/**
 * A known ramp `@type` must carry its documented fields (a silent OTHER would hide the VU
 * count); any other `@type` (UserProfileLoadCustom, or one added later) is kept by name.
 */
export const WireLoadSchema = z.looseObject({ "@type": z.string() }).transform((load, ctx): WireLoad => {
  const type = load["@type"];
  if (!isRampLoadType(type)) return { type: "OTHER", otherType: type };
  const parsed = RAMP_LOADS[type].safeParse(load);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: [...issue.path] });
    }
    return z.NEVER;
  }
  const fields = parsed.data;
  const stepCount = "stepCount" in fields && typeof fields.stepCount === "number" ? fields.stepCount : null;
  return {
    type,
    delayMs: fields.delayMs,
    rampUpMs: fields.rampUpMs,
    plateauMs: fields.plateauMs,
    plateauVus: fields.plateauVus,
    rampDownMs: fields.rampDownMs ?? 0,
    stepCount,
  };
});

/**
 * Two load shapes are documented (octoperf-api.md §6 risk 3): `load` with `@type` and …Ms fields
 * ([D], [C] scenario-composition) and `loadStrategy` with rampUpSec/holdForSec/rampDownSec ([C]
 * async-polling). Both are read in tolerant-read.ts, where an odd one degrades to "unknown".
 */
export const WireUserProfile = z.looseObject({
  name: text.catch(""),
  virtualUserId: text.catch(""),
  location: text.catch(""),
  load: z.unknown().optional(),
  loadStrategy: z.unknown().optional(),
});
export type WireUserProfile = z.output<typeof WireUserProfile>;

export const WireScenario = z.looseObject({
  id,
  projectId: z.string(),
  name: z.string(),
  description: text,
  tags: listOf(z.string()),
  userProfiles: listOf(WireUserProfile),
});
export type WireScenario = z.output<typeof WireScenario>;

/** A run. There is no bench report id on it: OctoPerf links report → results only. */
export const WireBenchResult = z.looseObject({
  id,
  scenarioId: z.string(),
  /** The design project the scenario lives in; `resultProjectId` may differ and is not what users browse. */
  designProjectId: z.string(),
  state: z.string(),
  created: timestamp,
  /** Missing would be odd, but the run is still readable: fall back to `created`. */
  lastModified: timestamp.nullish(),
});
export type WireBenchResult = z.output<typeof WireBenchResult>;

/** `ValueWrapper<Double>`; null or absent means OctoPerf has no progress to show. */
export const WireProgress = z.looseObject({ value: z.number().nullish() });

const WireReportMetric = z.looseObject({ id: z.string() });

export const WireReportItem = z.looseObject({
  "@type": z.string(),
  id: text,
  name: text,
  metrics: listOf(WireReportMetric),
  /** NORMAL in a run's tables, DELTA in a trend report's. */
  computeType: z.string().nullish().catch(null),
});

export type WireReportItem = z.output<typeof WireReportItem>;

/** An item read leniently: an odd widget is kept with what could be read, under its `@type` or "unknown". */
export const LenientReportItem = z.looseObject({
  "@type": z.string().catch("unknown"),
  id: text.catch(""),
  name: text.catch(""),
  metrics: z
    .array(WireReportMetric.nullable().catch(null))
    .nullish()
    .catch([])
    .transform((metrics) => (metrics ?? []).filter((metric) => metric !== null)),
  computeType: z.string().nullish().catch(null),
});

/** Items are read one by one (tolerant-read.ts), so one odd widget does not sink the report. */
const rawItems = z
  .array(z.unknown())
  .nullish()
  .transform((items) => items ?? []);

export const WireBenchReport = z.looseObject({
  id,
  projectId: z.string(),
  name: text,
  description: text,
  benchResultIds: z.array(z.string()),
  items: rawItems,
  /** CONFIRMED (MCP-level) only: TrendReportConfig marks a trend report. Read leniently. */
  configs: listOf(z.looseObject({ "@type": z.string() })).catch([]),
  /** UNCONFIRMED on reports: used to order reports that claim the same run, when present. */
  created: timestamp.nullish().catch(null),
});

/*
 * The lenient readings of list items (tolerant-read.ts): used only when an item fails its strict
 * schema, so that one odd item is listed with what could be read instead of failing the listing.
 * Only the id is indispensable: an item without one cannot be named in any tool.
 */
export const LenientWorkspace = z.looseObject({
  id,
  name: z.string().catch(""),
  description: text.catch(""),
  created: timestamp.nullish().catch(null),
});

export const LenientProject = z.looseObject({
  id,
  workspaceId: z.string().catch(""),
  name: z.string().catch(""),
  description: text.catch(""),
  tags: listOf(z.string()).catch([]),
});

export const LenientScenario = z.looseObject({
  id,
  projectId: z.string().catch(""),
  name: z.string().catch(""),
  description: text.catch(""),
  tags: listOf(z.string()).catch([]),
  userProfiles: listOf(WireUserProfile.catch({ name: "", virtualUserId: "", location: "" })).catch([]),
});

export const LenientBenchReport = z.looseObject({
  id,
  projectId: z.string().catch(""),
  name: text.catch(""),
  description: text.catch(""),
  benchResultIds: z
    .array(z.unknown())
    .catch([])
    .transform((ids) => ids.filter((value): value is string => typeof value === "string")),
  items: rawItems.catch([]),
  configs: listOf(z.looseObject({ "@type": z.string() })).catch([]),
  created: timestamp.nullish().catch(null),
});
export type WireBenchReport = z.output<typeof WireBenchReport>;

/**
 * The launch answers a whole bench report; its first bench result is the run we started. Only
 * what identifies the run is required: an odd widget in this answer must not turn a started
 * run into "outcome unknown".
 */
export const WireLaunchedReport = z.looseObject({
  id,
  projectId: z.string(),
  benchResultIds: z.array(z.string()).min(1, { error: "no bench result id: the run's id is missing" }),
});

/**
 * `double[]` aligned with the request's metrics. Jackson writes a non-finite double as the string
 * "NaN"/"Infinity" (WRITE_NAN_AS_STRINGS is on by default), which a run without hits can produce:
 * those read as "no value"; any other string is a contract error.
 */
export const WireSummaryValues = z.array(z.union([z.number(), z.null(), z.literal(["NaN", "Infinity", "-Infinity"]).transform(() => null)]));

/**
 * `GET /analysis/metrics/global/{benchResultId}` (octoperf-api.md §11c): `{"metrics": [{name,
 * value, unit}]}`, CONFIRMED as a shape by both CI plugins; the names and units inside are
 * UNCONFIRMED. The list is read item by item, so an odd metric never sinks the others.
 */
export const WireLiveMetrics = z.looseObject({ metrics: z.array(z.unknown()).nullish() });

export const WireLiveMetric = z.looseObject({ name: z.string().min(1), value: z.number().nullable(), unit: z.string() });

/** A metric with a name but an odd value or unit: its value is dropped (null) or its unit read as "". */
export const LenientLiveMetric = z.looseObject({
  name: z.string().min(1),
  value: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === "number" && Number.isFinite(value) ? value : null)),
  unit: z
    .unknown()
    .optional()
    .transform((unit) => (typeof unit === "string" ? unit : "")),
});
export type WireLiveMetric = z.output<typeof WireLiveMetric>;
