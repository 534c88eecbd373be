/**
 * A loopback stand-in for the OctoPerf REST API, for tests that must cross a real socket (the
 * HTTP adapter, MCP end-to-end runs, adversarial suites, benchmarks).
 *
 * - Speaks the JSON shapes of /work/shared/octoperf-api.md: epoch-ms timestamps, `@type` load
 *   shapes, bare arrays, BenchReport items whose metrics carry `benchResultId`, progress as
 *   `{"value": 0..100}`, the summary as a bare number array aligned with the request.
 * - Normal answers come from a FakeOctoPerfAdapter (exposed as `fake`), serialised back to wire
 *   JSON, so the stub and the fake agree; drive its run timeline with the `clock` you pass.
 * - Records every request (method, path + query, headers including Authorization, raw body).
 * - Scripts faults per route: `script("GET", "/workspaces/member-of", [{ status: 503 }, { status: 503 }])`
 *   makes the next two matching requests fail, then the route answers normally again.
 *
 * ```ts
 * const stub = await startStubOctoPerf({ apiKey: "test-key", clock });
 * const adapter = new HttpOctoPerfAdapter({ baseUrl: stub.baseUrl, apiKey: "test-key", timeoutMs: 200, maxRetries: 2 });
 * stub.script("POST", /^\/runtime\/scenarios\/run\//, [{ reset: true, handled: true }]);
 * // … stub.requests, stub.requestsTo("POST", "/analysis/metrics/summary") …
 * await stub.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { FakeOctoPerfAdapter, type FakeOctoPerfOptions } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { SystemClock } from "../../src/adapters/system-clock.js";
import { InvalidInputError, NotFoundError } from "../../src/domain/errors.js";
import type { BenchReport } from "../../src/domain/model/bench-report.js";
import { isMetricId } from "../../src/domain/model/metrics.js";
import type { Project } from "../../src/domain/model/project.js";
import type { LoadShape, Scenario } from "../../src/domain/model/scenario.js";
import type { TestRun } from "../../src/domain/model/test-run.js";
import type { Workspace } from "../../src/domain/model/workspace.js";
import type { Clock } from "../../src/ports/clock-port.js";
import { listenOnLoopback, receive } from "./loopback-server.js";

export interface StubOctoPerfOptions {
  /** The key accepted (or the keys: several users of one organisation), as `Authorization: Bearer <apiKey>`; anything else gets a 401. */
  readonly apiKey: string | readonly string[];
  /** Drives the backing fake's run timeline. Default: the system clock. */
  readonly clock?: Clock;
  /** Options of the backing FakeOctoPerfAdapter (run duration, seed data). */
  readonly fake?: FakeOctoPerfOptions;
}

/**
 * One scripted answer. Fields combine: `{ delayMs: 300 }` is a slow normal answer,
 * `{ status: 503, headers: { "Retry-After": "1" } }` a refusal, `{ truncateAfterBytes: 10 }` a
 * normal answer cut short, `{ reset: true }` a connection reset with no answer at all.
 */
export interface StubResponse {
  /** Waits this long before answering (before the headers). */
  readonly delayMs?: number;
  /** Resets the connection (after `delayMs`) instead of answering. */
  readonly reset?: boolean;
  /** Replaces the status; a status ≥ 400 without `body` gets a Spring-style error body. */
  readonly status?: number;
  /** Added to (and overriding) the answer's headers, e.g. `{ "Retry-After": "2" }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Replaces the body: a string is sent verbatim (HTML, broken JSON), anything else as JSON. */
  readonly body?: unknown;
  /** Sends the headers (Content-Length announcing the whole body) and only this many body bytes, then drops the connection. */
  readonly truncateAfterBytes?: number;
  /** Sends the body `chunkBytes` at a time, every `intervalMs`. */
  readonly drip?: { readonly chunkBytes: number; readonly intervalMs: number };
  /**
   * Whether the request reaches the fake behind the stub, so its side effects happen (a launch
   * starts a run) even if the answer is then replaced or lost. Default: only when the fault keeps
   * the normal answer (no `status`, no `body`, no `reset`).
   */
  readonly handled?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly url: string;
  /** Path only. */
  readonly path: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body ("" when none). */
  readonly body: string;
  /** Date.now() when the request was fully received. */
  readonly receivedAt: number;
}

export interface StubOctoPerf {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly baseUrl: string;
  /** Every request received so far, in order (a live array). */
  readonly requests: RecordedRequest[];
  /** The in-memory OctoPerf behind the normal answers: seed, inspect or call it directly. */
  readonly fake: FakeOctoPerfAdapter;
  /**
   * Queues scripted answers for requests matching `method` ("*" for any) and `path` (exact path,
   * or a RegExp tested against the path without query). Each matching request takes the next one;
   * when the queue is empty the route answers normally again. Scripts match in the order added.
   */
  script(method: string, path: string | RegExp, responses: readonly StubResponse[]): void;
  /** The recorded requests matching `method` ("*" for any) and `path` (as in `script`). */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /** Scripted answers not used yet: a test can assert its faults were all consumed. */
  pendingScripts(): number;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface Script {
  readonly method: string;
  readonly path: string | RegExp;
  readonly queue: StubResponse[];
}

type RouteHandler = (params: Record<string, string>, body: string) => Promise<unknown>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: RouteHandler;
}

const JSON_TYPE = "application/json;charset=UTF-8";
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Starts the stub on 127.0.0.1 with an ephemeral port. */
export async function startStubOctoPerf(options: StubOctoPerfOptions): Promise<StubOctoPerf> {
  const fake = new FakeOctoPerfAdapter(options.clock ?? new SystemClock(), options.fake);
  const requests: RecordedRequest[] = [];
  const scripts: Script[] = [];
  const routes = octoperfRoutes(fake);

  const server = createServer((req, res) => {
    res.on("error", () => {});
    void receive(req)
      .then(async (body) => {
        const url = req.url ?? "/";
        const path = url.split("?")[0] ?? "/";
        const method = (req.method ?? "GET").toUpperCase();
        requests.push({ method, url, path, headers: flatHeaders(req), body, receivedAt: Date.now() });

        const fault = takeScripted(scripts, method, path);
        const handled = fault === undefined || (fault.handled ?? (fault.status === undefined && fault.body === undefined && fault.reset !== true));
        const normal = handled ? await normalAnswer(routes, options.apiKey, req, method, path, body) : undefined;
        await send(req, res, fault === undefined ? normal! : overlay(normal, fault, path), fault);
      })
      .catch(() => req.socket.destroy());
  });
  const { baseUrl, close } = await listenOnLoopback(server);

  return {
    baseUrl,
    requests,
    fake,
    script(method, path, responses) {
      scripts.push({ method: method.toUpperCase(), path, queue: [...responses] });
    },
    requestsTo(method, path) {
      return requests.filter((r) => matches(method.toUpperCase(), path, r.method, r.path));
    },
    pendingScripts() {
      return scripts.reduce((sum, s) => sum + s.queue.length, 0);
    },
    close,
  };
}

function matches(method: string, pattern: string | RegExp, actualMethod: string, actualPath: string): boolean {
  if (method !== "*" && method !== actualMethod) return false;
  return typeof pattern === "string" ? pattern === actualPath : pattern.test(actualPath);
}

function takeScripted(scripts: Script[], method: string, path: string): StubResponse | undefined {
  const script = scripts.find((s) => s.queue.length > 0 && matches(s.method, s.path, method, path));
  return script?.queue.shift();
}

async function normalAnswer(
  routes: readonly Route[],
  apiKey: string | readonly string[],
  req: IncomingMessage,
  method: string,
  path: string,
  body: string,
): Promise<Answer> {
  const keys: readonly string[] = typeof apiKey === "string" ? [apiKey] : apiKey;
  if (!keys.some((key) => req.headers.authorization === `Bearer ${key}`)) {
    return springError(401, path, "Full authentication is required to access this resource");
  }
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match === null) continue;
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    try {
      const result = await route.handle(params, body);
      return { status: 200, headers: { "content-type": JSON_TYPE }, body: result === undefined ? "" : JSON.stringify(result) };
    } catch (error) {
      if (error instanceof NotFoundError) return springError(404, path, `${error.entity} ${error.id} not found`);
      if (error instanceof InvalidInputError) return springError(400, path, error.message);
      return springError(500, path, "Unexpected error");
    }
  }
  return springError(404, path, "No static resource");
}

/** The routes of octoperf-api.md §2, more specific paths first. */
function octoperfRoutes(fake: FakeOctoPerfAdapter): Route[] {
  const ID = "[^/]+";
  const route = (method: string, pattern: string, handle: RouteHandler): Route => ({
    method,
    pattern: new RegExp(`^${pattern.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>${ID})`)}$`),
    handle,
  });
  return [
    route("GET", "/workspaces/member-of", async () => (await fake.listWorkspaces()).map(wireWorkspace)),
    route("GET", "/design/projects/by-workspace/{workspaceId}/{type}", async ({ workspaceId, type }) => {
      const projects = await fake.listProjects(workspaceId!);
      if (type === "RESULT") return [];
      if (type !== "DESIGN") throw new InvalidInputError(`Unknown project type ${type}`);
      return projects.map(wireProject);
    }),
    route("GET", "/design/projects/{projectId}", async ({ projectId }) => wireProject(await fake.getProject(projectId!))),
    route("GET", "/runtime/scenarios/by-project/{projectId}", async ({ projectId }) => (await fake.listScenarios(projectId!)).map(wireScenario)),
    route("POST", "/runtime/scenarios/run/{scenarioId}", async ({ scenarioId }, body) => {
      // Clients send no body, `{}` or `{"map":{…}}` (JMeter property overrides): all accepted.
      if (body.trim() !== "") parseJsonObject(body);
      const launched = await fake.launchScenario(scenarioId!);
      return wireReport(await fake.getReport(launched.benchReportId));
    }),
    route("GET", "/runtime/scenarios/{scenarioId}", async ({ scenarioId }) => wireScenario(await fake.getScenario(scenarioId!))),
    route("GET", "/runtime/bench-results/progress/{benchResultId}", async ({ benchResultId }) => {
      const progress = await fake.getRunProgress(benchResultId!);
      return { value: progress === null ? null : Number((progress * 100).toFixed(6)) };
    }),
    route("POST", "/runtime/bench-results/stop/{benchResultId}", async ({ benchResultId }) => {
      await fake.stopRun(benchResultId!);
      return wireBenchResult(await fake.getRun(benchResultId!));
    }),
    route("GET", "/runtime/bench-results/{benchResultId}", async ({ benchResultId }) => wireBenchResult(await fake.getRun(benchResultId!))),
    route("GET", "/analysis/bench-reports/by-project/{projectId}", async ({ projectId }) => (await fake.listReports(projectId!)).map(wireReport)),
    route("GET", "/analysis/bench-reports/{benchReportId}", async ({ benchReportId }) => wireReport(await fake.getReport(benchReportId!))),
    route("POST", "/analysis/metrics/summary", async (_, body) => summaryValues(fake, body)),
    route("GET", "/analysis/metrics/global/{benchResultId}", async ({ benchResultId }) => ({
      metrics: (await fake.getLiveMetrics(benchResultId!)).map(({ name, value, unit }) => ({ name, value, unit })),
    })),
  ];
}

/** `POST /analysis/metrics/summary`: a SummaryReportItem in, numbers aligned with its metrics out. */
async function summaryValues(fake: FakeOctoPerfAdapter, body: string): Promise<(number | null)[]> {
  const item = parseJsonObject(body);
  if (item["@type"] !== "SummaryReportItem") throw new InvalidInputError(`Expected a SummaryReportItem, got ${String(item["@type"])}`);
  const metrics = item["metrics"];
  if (!Array.isArray(metrics)) throw new InvalidInputError("metrics must be an array");
  const values: (number | null)[] = [];
  for (const metric of metrics as unknown[]) {
    const { id, benchResultId } = (metric ?? {}) as Record<string, unknown>;
    if (typeof id !== "string" || !isMetricId(id)) throw new InvalidInputError(`Unknown metric id ${String(id)}`);
    if (typeof benchResultId !== "string") throw new InvalidInputError("metric.benchResultId must be a string");
    const [value] = await fake.getMetrics(benchResultId, [id]);
    values.push(value?.value ?? null);
  }
  return values;
}

function parseJsonObject(body: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidInputError("Malformed JSON request body");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new InvalidInputError("Expected a JSON object");
  return json as Record<string, unknown>;
}

// ——— domain → OctoPerf wire JSON (the inverse of what the HTTP adapter reads) ———

const STUB_USER_ID = "stubUser000000000001";
const epochMs = (iso: string | null): number | undefined => (iso === null ? undefined : Date.parse(iso));

export function wireWorkspace(workspace: Workspace): Record<string, unknown> {
  const created = epochMs(workspace.created);
  return {
    id: workspace.id,
    name: workspace.name,
    description: workspace.description,
    userId: STUB_USER_ID,
    ...(created !== undefined ? { created, lastModified: created } : {}),
  };
}

export function wireProject(project: Project): Record<string, unknown> {
  return {
    id: project.id,
    workspaceId: project.workspaceId,
    userId: STUB_USER_ID,
    name: project.name,
    description: project.description,
    type: "DESIGN",
    tags: [...project.tags],
    created: 1_700_000_000_000,
    lastModified: 1_700_000_000_000,
  };
}

const LOAD_TYPE = {
  RAMP_UP: "UserProfileLoadRampUp",
  RAMP_UP_THEN_DOWN: "UserProfileLoadRampUpThenRampDown",
  ASCENDING_STAIRS: "UserProfileLoadAscendingStairs",
} as const;

export function wireLoad(load: LoadShape): Record<string, unknown> {
  if (load.kind === "OTHER") return { "@type": load.type, ...(load.type === "UserProfileLoadCustom" ? { points: [] } : {}) };
  return {
    "@type": LOAD_TYPE[load.kind],
    delayMs: load.delayMs,
    rampUpMs: load.rampUpMs,
    plateauMs: load.plateauMs,
    plateauVus: load.plateauVus,
    ...(load.kind === "RAMP_UP_THEN_DOWN" || load.rampDownMs !== 0 ? { rampDownMs: load.rampDownMs } : {}),
    ...(load.kind === "ASCENDING_STAIRS" ? { stepCount: load.stepCount ?? 1 } : {}),
  };
}

export function wireScenario(scenario: Scenario): Record<string, unknown> {
  return {
    id: scenario.id,
    projectId: scenario.projectId,
    userId: STUB_USER_ID,
    name: scenario.name,
    description: scenario.description,
    mode: "STANDARD",
    tags: [...scenario.tags],
    created: 1_700_000_000_000,
    lastModified: 1_700_000_500_000,
    userProfiles: scenario.userProfiles.map((profile) => ({
      name: profile.name,
      virtualUserId: profile.virtualUserId,
      providerId: "stubProvider00000001",
      location: profile.location,
      load: wireLoad(profile.load),
      memory: { vuMb: null },
      engine: { "@type": "JmeterUserProfileEngine", settings: { errorHandling: "CONTINUE" } },
    })),
  };
}

/** A BenchResult: no report id, `designProjectId` for the project, epoch-ms timestamps. */
export function wireBenchResult(run: TestRun): Record<string, unknown> {
  return {
    id: run.id,
    batchId: `batch${run.id}`.slice(0, 20),
    scenarioId: run.scenarioId,
    designProjectId: run.projectId,
    resultProjectId: run.projectId,
    state: run.state,
    created: Date.parse(run.createdAt),
    lastModified: Date.parse(run.updatedAt),
  };
}

export function wireReport(report: BenchReport): Record<string, unknown> {
  const benchResultId = report.benchResultIds[0] ?? "";
  return {
    id: report.id,
    projectId: report.projectId,
    benchResultIds: [...report.benchResultIds],
    name: report.name,
    description: report.description,
    configs: [],
    ...(report.created ? { created: Date.parse(report.created) } : {}),
    items: report.items.map((item) => ({
      "@type": item.type,
      id: item.id,
      name: item.name,
      ...(item.computeType ? { computeType: item.computeType, size: 0 } : {}),
      metrics: item.metricIds.map((id) => ({ id, type: "HIT", filters: [], benchResultId, config: null })),
    })),
  };
}

// ——— transport ———

function springError(status: number, path: string, message: string): Answer {
  const body = { timestamp: new Date().toISOString(), status, error: STATUS_TEXT[status] ?? "Error", message, path };
  return { status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(body) };
}

function overlay(normal: Answer | undefined, fault: StubResponse, path: string): Answer {
  const status = fault.status ?? normal?.status ?? 200;
  const headers = { "content-type": JSON_TYPE, ...normal?.headers, ...lowerCaseKeys(fault.headers ?? {}) };
  if (fault.body !== undefined) {
    return { status, headers, body: typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body) };
  }
  if (fault.status !== undefined && fault.status >= 400) {
    const error = springError(fault.status, path, STATUS_TEXT[fault.status] ?? "Scripted failure");
    return { status, headers: { ...error.headers, ...lowerCaseKeys(fault.headers ?? {}) }, body: error.body };
  }
  return { status, headers, body: normal?.body ?? "" };
}

async function send(req: IncomingMessage, res: ServerResponse, answer: Answer, fault: StubResponse | undefined): Promise<void> {
  if (fault?.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
  if (res.destroyed || req.socket.destroyed) return;
  if (fault?.reset === true) {
    resetSocket(req.socket);
    return;
  }
  const bytes = Buffer.from(answer.body, "utf8");
  res.writeHead(answer.status, { ...answer.headers, "content-length": String(bytes.length) });
  if (fault?.truncateAfterBytes !== undefined) {
    res.write(bytes.subarray(0, fault.truncateAfterBytes), () => resetSocket(req.socket));
    return;
  }
  if (fault?.drip !== undefined) {
    const { chunkBytes, intervalMs } = fault.drip;
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      if (res.destroyed) return;
      res.write(bytes.subarray(offset, offset + chunkBytes));
      await sleep(intervalMs);
    }
  }
  if (!res.destroyed) res.end(fault?.drip !== undefined ? undefined : bytes);
}

function resetSocket(socket: Socket): void {
  // An RST, as a crashed proxy sends, rather than a polite FIN.
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
