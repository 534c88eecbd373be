/**
 * Bad arguments for every MCP tool, hand-written and generated (fast-check), shared by the
 * in-process and the stdio adversarial suites.
 */
import fc from "fast-check";

/** Seeded runs and scenarios of the fake (and so of the stub): valid, terminal, safe to poke. */
export const IDS = {
  workspace: "acmeRetailWs00000001",
  project: "checkoutApiPrj000001",
  scenario: "checkoutSmoke0000002",
  otherScenario: "checkoutNightly00001",
  /** FINISHED long ago: waits on it return at once. */
  run: "checkoutRunBase00001",
  otherRun: "checkoutRunLast00003",
  report: "checkoutRepBase00001",
  missing: "doesNotExist00000000",
} as const;

export type FieldKind = "id" | "metricIds" | "criteria" | "waitSeconds" | "pollSeconds" | "limit" | "runs" | "tolerance" | "boolean";

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** What kind of OctoPerf entity an id names (for the not-found message). */
  readonly entity?: string;
}

export interface ToolSpec {
  readonly name: string;
  /** Arguments that succeed: a bad value swapped into one field makes the call fail on that field. */
  readonly valid: Readonly<Record<string, unknown>>;
  readonly fields: readonly FieldSpec[];
}

const VALID_CRITERIA = [{ metricId: "ERRORS_PERCENT", operator: "<", threshold: 5 }];

export const TOOL_SPECS: readonly ToolSpec[] = [
  { name: "octoperf_get_current_user_workspaces", valid: {}, fields: [] },
  { name: "get_project_by_workspace_id", valid: { workspaceId: IDS.workspace }, fields: [{ name: "workspaceId", kind: "id", entity: "workspace" }] },
  { name: "get_runtime_id", valid: { projectId: IDS.project }, fields: [{ name: "projectId", kind: "id", entity: "project" }] },
  {
    name: "octoperf_run_test",
    valid: { runtimeId: IDS.scenario, allowParallel: true },
    fields: [
      { name: "runtimeId", kind: "id", entity: "scenario" },
      { name: "allowParallel", kind: "boolean" },
    ],
  },
  { name: "octoperf_status", valid: { benchResultId: IDS.run }, fields: [{ name: "benchResultId", kind: "id", entity: "bench result" }] },
  { name: "octoperf_report", valid: { reportId: IDS.report }, fields: [{ name: "reportId", kind: "id", entity: "bench report" }] },
  {
    name: "octoperf_get_report_metrics",
    valid: { benchResultId: IDS.run, metricIds: ["RESPONSE_TIME_PERCENTILE_95", "ERRORS_PERCENT"] },
    fields: [
      { name: "benchResultId", kind: "id", entity: "bench result" },
      { name: "metricIds", kind: "metricIds" },
    ],
  },
  {
    name: "octoperf_wait_for_test",
    valid: { benchResultId: IDS.run, maxWaitSeconds: 1, pollIntervalSeconds: 1 },
    fields: [
      { name: "benchResultId", kind: "id", entity: "bench result" },
      { name: "maxWaitSeconds", kind: "waitSeconds" },
      { name: "pollIntervalSeconds", kind: "pollSeconds" },
    ],
  },
  { name: "octoperf_stop_test", valid: { benchResultId: IDS.run }, fields: [{ name: "benchResultId", kind: "id", entity: "bench result" }] },
  {
    name: "octoperf_list_test_runs",
    valid: { projectId: IDS.project, scenarioId: IDS.otherScenario, limit: 5 },
    fields: [
      { name: "projectId", kind: "id", entity: "project" },
      { name: "scenarioId", kind: "id", entity: "scenario" },
      { name: "limit", kind: "limit" },
    ],
  },
  {
    name: "octoperf_evaluate_sla",
    valid: { benchResultId: IDS.run, criteria: VALID_CRITERIA },
    fields: [
      { name: "benchResultId", kind: "id", entity: "bench result" },
      { name: "criteria", kind: "criteria" },
    ],
  },
  {
    name: "octoperf_compare_tests",
    valid: { baselineBenchResultId: IDS.run, candidateBenchResultId: IDS.otherRun, metricIds: ["RESPONSE_TIME_AVG"], tolerancePercent: 5 },
    fields: [
      { name: "baselineBenchResultId", kind: "id", entity: "bench result" },
      { name: "candidateBenchResultId", kind: "id", entity: "bench result" },
      { name: "metricIds", kind: "metricIds" },
      { name: "tolerancePercent", kind: "tolerance" },
    ],
  },
  {
    name: "octoperf_run_and_analyze",
    valid: {
      scenarioId: IDS.scenario,
      criteria: VALID_CRITERIA,
      baselineBenchResultId: IDS.run,
      tolerancePercent: 5,
      allowParallel: true,
      maxWaitSeconds: 0,
      pollIntervalSeconds: 1,
    },
    fields: [
      { name: "scenarioId", kind: "id", entity: "scenario" },
      { name: "criteria", kind: "criteria" },
      { name: "baselineBenchResultId", kind: "id", entity: "bench result" },
      { name: "tolerancePercent", kind: "tolerance" },
      { name: "allowParallel", kind: "boolean" },
      { name: "maxWaitSeconds", kind: "waitSeconds" },
      { name: "pollIntervalSeconds", kind: "pollSeconds" },
    ],
  },
  {
    name: "octoperf_trend",
    valid: { scenarioId: IDS.otherScenario, metricIds: ["RESPONSE_TIME_PERCENTILE_95"], runs: 5, tolerancePercent: 5, chart: false },
    fields: [
      { name: "scenarioId", kind: "id", entity: "scenario" },
      { name: "metricIds", kind: "metricIds" },
      { name: "runs", kind: "runs" },
      { name: "tolerancePercent", kind: "tolerance" },
      { name: "chart", kind: "boolean" },
    ],
  },
];

export const TOOL_NAMES = TOOL_SPECS.map((t) => t.name);

const NOT_A_STRING: readonly unknown[] = [42, 0, -1, 1.5, true, false, null, {}, { id: IDS.run }, [], [IDS.run]];

/** Ids that must never reach a URL: each is refused before any request. */
export const BAD_IDS: readonly unknown[] = [
  "",
  "   ",
  "\n\t",
  "\u00a0",
  "..",
  ".",
  "../../etc/passwd",
  "..%2F..%2Fworkspaces",
  `${IDS.run}/../../workspaces/member-of`,
  "a/b",
  "/",
  `/${IDS.run}`,
  "a%2Fb",
  "%2e%2e%2f",
  "a b",
  `${IDS.run} x`,
  "a\u0000b",
  `${IDS.run}\u0000`,
  "\u0007bell",
  "\u001b[2J\u001b[31mred",
  "a\r\nX-Injected: 1",
  "a\tb",
  "a?b=c",
  "a#b",
  "a\\b",
  "a;b",
  "a.b",
  "é",
  "😀",
  "x".repeat(129),
  "x".repeat(10_000),
  ...NOT_A_STRING,
];

/** Bad metric id lists; `kind` says what the message must talk about. */
export const BAD_METRIC_IDS: readonly unknown[] = [
  [],
  "ERRORS_PERCENT",
  ["NOPE"],
  ["ERRORS_PERCENT", "NOT_A_METRIC"],
  [""],
  ["   "],
  ["../ERRORS_PERCENT"],
  ["ERRORS_PERCENT\u0000"],
  ["x".repeat(10_000)],
  [42],
  [null],
  [{}],
  [["ERRORS_PERCENT"]],
  Array(105).fill("ERRORS_PERCENT"),
  null,
  {},
  42,
  true,
];

const CRITERION = { metricId: "ERRORS_PERCENT", operator: "<", threshold: 1 };
export const BAD_CRITERIA: readonly unknown[] = [
  [],
  "p95 < 1000",
  {},
  [{}],
  [null],
  [{ ...CRITERION, metricId: "NOPE" }],
  [{ ...CRITERION, metricId: "x".repeat(10_000) }],
  [{ ...CRITERION, metricId: 5 }],
  [{ ...CRITERION, operator: "==" }],
  [{ ...CRITERION, operator: "<\u0000" }],
  [{ ...CRITERION, threshold: "1" }],
  [{ ...CRITERION, threshold: null }],
  // eslint-disable-next-line no-loss-of-precision -- 1e309 as a client would send it; it is Infinity here, as after JSON.parse
  [{ ...CRITERION, threshold: 1e309 }],
  [{ metricId: "ERRORS_PERCENT" }],
  Array(51).fill(CRITERION),
  null,
  42,
];

export const BAD_WAIT_SECONDS: readonly unknown[] = [-1, -0.001, -1e308, 3600.5, 3601, 1e9, 1e308, "10", "", null, {}, [], true];
export const BAD_POLL_SECONDS: readonly unknown[] = [0, 0.5, -1, 300.5, 301, 1e9, "5", null, {}, [], false];
export const BAD_LIMITS: readonly unknown[] = [0, -1, 101, 1.5, 1e9, "10", null, {}, [], true];
export const BAD_RUNS: readonly unknown[] = [0, 2, -1, 31, 3.5, 1e9, "10", null, {}, [], true];
export const BAD_TOLERANCES: readonly unknown[] = [-1, -0.0001, 1000.5, 1e308, "5", null, {}, []];
export const BAD_BOOLEANS: readonly unknown[] = ["true", "yes", "1", 1, 0, null, {}, []];

export const BAD_VALUES: Record<FieldKind, readonly unknown[]> = {
  id: BAD_IDS,
  metricIds: BAD_METRIC_IDS,
  criteria: BAD_CRITERIA,
  waitSeconds: BAD_WAIT_SECONDS,
  pollSeconds: BAD_POLL_SECONDS,
  limit: BAD_LIMITS,
  runs: BAD_RUNS,
  tolerance: BAD_TOLERANCES,
  boolean: BAD_BOOLEANS,
};

/** A short printable name for a test title. */
export function describeValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}…(${json.length})` : json;
}

// ——— generators ———

const HOSTILE_CHARS = [
  ..."abcXYZ019_-",
  "/",
  "\\",
  ".",
  "%",
  "2",
  "F",
  " ",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u001b",
  "\u007f",
  "?",
  "#",
  "&",
  "=",
  ";",
  ":",
  "@",
  "'",
  '"',
  "<",
  ">",
  "{",
  "}",
  "é",
  "\u202e",
  "😀",
];

/** Strings built to break URLs, terminals and parsers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE_CHARS), maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(...BAD_IDS.filter((v): v is string => typeof v === "string")),
  fc
    .tuple(fc.constantFrom<string>(IDS.run, IDS.scenario, IDS.project), fc.constantFrom("/", "/..", "%2F", "%00", " ", "\u0000", "?x=1", "#", "\n"))
    .map(([id, suffix]) => `${id}${suffix}`),
  fc.integer({ min: 129, max: 12_000 }).map((n) => "a".repeat(n)),
);

/** Any JSON value a confused or malicious client could send in place of a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, fc.integer(), fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, fc.integer()), { maxKeys: 3 }) },
);

/** Valid values per field kind. `quick` keeps waits short for a real-time (stdio) server. */
export function validValue(kind: FieldKind, field: string, quick: boolean): fc.Arbitrary<unknown> {
  switch (kind) {
    case "id": {
      const pools: Record<string, string[]> = {
        workspaceId: [IDS.workspace, IDS.missing],
        projectId: [IDS.project, IDS.missing],
        runtimeId: [IDS.scenario, IDS.missing],
        scenarioId: [IDS.scenario, IDS.otherScenario, IDS.missing],
        reportId: [IDS.report, IDS.missing],
      };
      return fc.constantFrom(...(pools[field] ?? [IDS.run, IDS.otherRun, IDS.missing]));
    }
    case "metricIds":
      return fc.uniqueArray(fc.constantFrom("RESPONSE_TIME_AVG", "ERRORS_PERCENT", "hits_rate", " USERLOAD "), { minLength: 1, maxLength: 4 });
    case "criteria":
      return fc.array(
        fc.record({
          metricId: fc.constantFrom("RESPONSE_TIME_PERCENTILE_95", "errors_percent"),
          operator: fc.constantFrom("<", "<=", ">", ">="),
          threshold: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        }),
        { minLength: 1, maxLength: 3 },
      );
    case "waitSeconds":
      return quick ? fc.constantFrom(0, 1) : fc.double({ min: 0, max: 3600, noNaN: true });
    case "pollSeconds":
      return quick ? fc.constant(1) : fc.double({ min: 1, max: 300, noNaN: true });
    case "limit":
      return fc.integer({ min: 1, max: 100 });
    case "runs":
      return fc.integer({ min: 3, max: 30 });
    case "tolerance":
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
  }
}

/** Values that are invalid for the kind whatever their type; numbers stay outside the valid range. */
export function invalidValue(kind: FieldKind): fc.Arbitrary<unknown> {
  const notNumber = fc.oneof(hostileString, fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
  switch (kind) {
    case "id":
      return fc.oneof(
        hostileString.filter((s) => !/^[A-Za-z0-9_-]{1,128}$/.test(s.trim())),
        fc.integer(),
        fc.constant(null),
        fc.array(fc.constant(IDS.run), { maxLength: 2 }),
      );
    case "metricIds":
      return fc.oneof(
        fc.constant([]),
        fc.array(hostileString, { minLength: 1, maxLength: 3 }).filter((ids) => ids.some((id) => !/^[A-Za-z0-9_ ]*$/.test(id) || id.trim() === "")),
        hostileString,
      );
    case "criteria":
      return fc.oneof(
        fc.constant([]),
        hostileString,
        fc.array(fc.record({ metricId: hostileString, operator: hostileString, threshold: fc.integer() }), { minLength: 1, maxLength: 2 }),
      );
    case "waitSeconds":
      return fc.oneof(
        fc.double({ max: -0.001, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 3600.001, noNaN: true, noDefaultInfinity: true }),
        notNumber,
      );
    case "pollSeconds":
      return fc.oneof(
        fc.double({ max: 0.999, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 300.001, noNaN: true, noDefaultInfinity: true }),
        notNumber,
      );
    case "limit":
      return fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fc.double({ min: 1.01, max: 99.99, noInteger: true }), notNumber);
    case "runs":
      return fc.oneof(fc.integer({ max: 2 }), fc.integer({ min: 31 }), fc.double({ min: 3.01, max: 29.99, noInteger: true }), notNumber);
    case "tolerance":
      return fc.oneof(
        fc.double({ max: -0.001, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 1000.001, noNaN: true, noDefaultInfinity: true }),
        notNumber,
      );
    case "boolean":
      return fc.oneof(hostileString, fc.integer(), fc.constant(null));
  }
}

export type FieldChoice = "omit" | "valid" | "invalid";

/** One generated call: a tool, and for each of its fields a value (valid, invalid or omitted). */
export function generatedCall(spec: ToolSpec, quick: boolean): fc.Arbitrary<{ tool: string; args: Record<string, unknown> }> {
  const fields = spec.fields.map((field) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant<[string, unknown, FieldChoice]>([field.name, undefined, "omit"]) },
      { weight: 2, arbitrary: validValue(field.kind, field.name, quick).map((v): [string, unknown, FieldChoice] => [field.name, v, "valid"]) },
      { weight: 3, arbitrary: invalidValue(field.kind).map((v): [string, unknown, FieldChoice] => [field.name, v, "invalid"]) },
    ),
  );
  return fc.tuple(...fields).map((entries) => {
    const args: Record<string, unknown> = {};
    for (const [name, value, choice] of entries) if (choice !== "omit") args[name] = value;
    return { tool: spec.name, args };
  });
}

/** A generated call to any tool. */
export function anyGeneratedCall(quick: boolean) {
  return fc.oneof(...TOOL_SPECS.filter((t) => t.fields.length > 0).map((spec) => generatedCall(spec, quick)));
}

/** Fixed unless FC_SEED is set, so a failure replays; fast-check prints the seed and path of any failure. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20_261_124);
