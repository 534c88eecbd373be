import * as http from "node:http";
import * as https from "node:https";
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from "axios";
import * as z from "zod";
import { CancelledError, InvalidInputError, NotFoundError, ReportListingUnavailableError, type EntityKind } from "../../domain/errors.js";
import type { BenchReport } from "../../domain/model/bench-report.js";
import { assertValidId, previewValue } from "../../domain/model/ids.js";
import { liveMetric, type LiveMetric } from "../../domain/model/live-metrics.js";
import { isMetricId, metricValue, unavailableMetric, type MetricId, type MetricValue } from "../../domain/model/metrics.js";
import type { Project } from "../../domain/model/project.js";
import type { Scenario } from "../../domain/model/scenario.js";
import type { LaunchedRun, TestRun } from "../../domain/model/test-run.js";
import type { Workspace } from "../../domain/model/workspace.js";
import { silentLogger, type Logger } from "../../ports/logger-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { createAxiosClient } from "./axios-client.js";
import { checkHttpOptions, type HttpOctoPerfOptions } from "./http-options.js";
import { contractError, createRedactor, looksLikeHtml, toDomainError, type HttpFailureSummary, type RequestContext } from "./http-errors.js";
import { createRetryPolicy, DEFAULT_RETRY_POLICY } from "./retry-policy.js";
import { observeExchanges } from "./exchange-observer.js";
import { narrowSummary, REFUSED_METRICS, type Refusal } from "./summary-narrowing.js";
import { normalizeProgress, toBenchReport, toProject, toScenario, toTestRun, toWorkspace, type ProgressScale } from "./wire-mapping.js";
import { readList, type OddityReporter } from "./tolerant-read.js";
import {
  LenientReportItem,
  WireReportItem,
  LenientBenchReport,
  LenientLiveMetric,
  LenientProject,
  LenientScenario,
  LenientWorkspace,
  WireBenchReport,
  WireBenchResult,
  WireLaunchedReport,
  WireLiveMetric,
  WireLiveMetrics,
  WireProgress,
  WireProject,
  WireScenario,
  WireSummaryValues,
  WireWorkspace,
} from "./wire-schemas.js";

export type { HttpOctoPerfOptions } from "./http-options.js";
export type { HttpExchange } from "./exchange-observer.js";

/** A list is read item by item (tolerant-read.ts), so only "an array" is checked up front. */
const RAW_LIST = z.array(z.unknown());

/**
 * OctoPerf REST paths (octoperf-api.md §2), relative to the base URL. Every `{id}` argument is
 * already validated and encoded.
 */
const PATHS = {
  workspaces: () => "/workspaces/member-of",
  designProjects: (workspaceId: string) => `/design/projects/by-workspace/${workspaceId}/DESIGN`,
  project: (projectId: string) => `/design/projects/${projectId}`,
  scenariosByProject: (projectId: string) => `/runtime/scenarios/by-project/${projectId}`,
  scenario: (scenarioId: string) => `/runtime/scenarios/${scenarioId}`,
  launch: (scenarioId: string) => `/runtime/scenarios/run/${scenarioId}`,
  benchResult: (benchResultId: string) => `/runtime/bench-results/${benchResultId}`,
  progress: (benchResultId: string) => `/runtime/bench-results/progress/${benchResultId}`,
  stop: (benchResultId: string) => `/runtime/bench-results/stop/${benchResultId}`,
  /**
   * BEST GUESS, UNCONFIRMED (octoperf-api.md Op 9, open question 1): no client calls a REST
   * "reports of a project" endpoint; this follows the API's `/by-project/{id}` naming. Verify it
   * against {base}/swagger-ui/index.html; if it is wrong, only this line changes.
   */
  reportsByProject: (projectId: string) => `/analysis/bench-reports/by-project/${projectId}`,
  report: (benchReportId: string) => `/analysis/bench-reports/${benchReportId}`,
  summary: () => "/analysis/metrics/summary",
  liveMetrics: (benchResultId: string) => `/analysis/metrics/global/${benchResultId}`,
} as const;

/** How one call is made and read. */
interface Call<T> {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly target?: { readonly kind: EntityKind; readonly id: string };
  /** The launch: sent once, on a fresh connection, and its failures read as "outcome unknown". */
  readonly launchOf?: string;
  readonly body?: unknown;
  /** Null: the answer's body is ignored. */
  readonly schema: z.ZodType<T> | null;
  /** What an empty 2xx body means, where OctoPerf may plausibly send one. */
  readonly whenEmpty?: T;
}

/**
 * The real OctoPerf, over its REST API. Everything OctoPerf-shaped stays in this folder: ids are
 * checked before any request, answers are validated against the documented wire shapes, and
 * every failure leaves as exactly one domain error with the API key nowhere in it.
 */
export class HttpOctoPerfAdapter implements OctoPerfPort {
  // Private fields: util.inspect and JSON.stringify of the adapter cannot reach the client or the key.
  readonly #http: AxiosInstance;
  readonly #timeoutMs: number;
  readonly #host: string;
  readonly #redact: (text: string) => string;
  readonly #progressScale: ProgressScale;
  readonly #baseUrl: string;
  readonly #warned = new Set<string>();
  readonly #logger: Logger;
  /** OctoPerf links report → results only; the launch is the one moment we learn a run's report. */
  readonly #reportOfRun = new Map<string, string>();
  /** A launch never rides a pooled keep-alive socket: a stale one would turn "not sent" into "outcome unknown". */
  readonly #launchAgents = { httpAgent: new http.Agent({ keepAlive: false }), httpsAgent: new https.Agent({ keepAlive: false }) };

  constructor(options: HttpOctoPerfOptions) {
    const baseUrl = checkHttpOptions(options);
    this.#timeoutMs = options.timeoutMs;
    this.#host = new URL(baseUrl).host;
    this.#redact = createRedactor(options.apiKey);
    this.#progressScale = options.progressScale ?? "percent";
    this.#baseUrl = baseUrl;
    this.#logger = options.logger ?? silentLogger;
    this.#http = createAxiosClient({
      baseUrl,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs,
      logger: options.logger ?? silentLogger,
      policy: createRetryPolicy({
        retries: Math.max(0, Math.floor(options.maxRetries)),
        baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
        maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
      }),
    });
    if (options.onExchange !== undefined) observeExchanges(this.#http, options.onExchange);
  }

  async listWorkspaces(options?: CallOptions): Promise<Workspace[]> {
    const path = PATHS.workspaces();
    const raw = await this.#call({ method: "GET", path, schema: RAW_LIST }, options);
    return readList(raw, WireWorkspace, LenientWorkspace, this.#oddities(path)).map(toWorkspace);
  }

  async listProjects(workspaceId: string, options?: CallOptions): Promise<Project[]> {
    const target = { kind: "workspace", id: workspaceId } as const;
    const path = PATHS.designProjects(this.#segment(target));
    const raw = await this.#call({ method: "GET", path, target, schema: RAW_LIST }, options);
    return readList(raw, WireProject, LenientProject, this.#oddities(path)).map((wire) => toProject({ ...wire, workspaceId: wire.workspaceId || workspaceId }));
  }

  async getProject(projectId: string, options?: CallOptions): Promise<Project> {
    const target = { kind: "project", id: projectId } as const;
    const path = PATHS.project(this.#segment(target));
    return toProject(await this.#call({ method: "GET", path, target, schema: WireProject }, options));
  }

  async listScenarios(projectId: string, options?: CallOptions): Promise<Scenario[]> {
    const target = { kind: "project", id: projectId } as const;
    const path = PATHS.scenariosByProject(this.#segment(target));
    const raw = await this.#call({ method: "GET", path, target, schema: RAW_LIST }, options);
    const report = this.#oddities(path);
    return readList(raw, WireScenario, LenientScenario, report).map((wire, index) =>
      toScenario({ ...wire, projectId: wire.projectId || projectId }, (field, problem) => report(`[${index}]${field}`, problem)),
    );
  }

  async getScenario(scenarioId: string, options?: CallOptions): Promise<Scenario> {
    const target = { kind: "scenario", id: scenarioId } as const;
    const path = PATHS.scenario(this.#segment(target));
    return toScenario(await this.#call({ method: "GET", path, target, schema: WireScenario }, options), this.#oddities(path));
  }

  async launchScenario(scenarioId: string, options?: CallOptions): Promise<LaunchedRun> {
    const target = { kind: "scenario", id: scenarioId } as const;
    const path = PATHS.launch(this.#segment(target));
    // No body: the optional `{"map":{…}}` overrides JMeter properties, which we never do.
    const report = await this.#call({ method: "POST", path, target, launchOf: scenarioId, schema: WireLaunchedReport }, options);
    const benchResultId = report.benchResultIds[0] ?? "";
    this.#reportOfRun.set(benchResultId, report.id);
    return { benchResultId, benchReportId: report.id, scenarioId, projectId: report.projectId };
  }

  async getRun(benchResultId: string, options?: CallOptions): Promise<TestRun> {
    const target = { kind: "bench result", id: benchResultId } as const;
    const path = PATHS.benchResult(this.#segment(target));
    const wire = await this.#call({ method: "GET", path, target, schema: WireBenchResult }, options);
    return toTestRun(wire, this.#reportOfRun.get(wire.id) ?? this.#reportOfRun.get(benchResultId) ?? null);
  }

  async getRunProgress(benchResultId: string, options?: CallOptions): Promise<number | null> {
    const target = { kind: "bench result", id: benchResultId } as const;
    const path = PATHS.progress(this.#segment(target));
    const wire = await this.#call({ method: "GET", path, target, schema: WireProgress, whenEmpty: { value: null } }, options);
    return normalizeProgress(wire.value, this.#progressScale);
  }

  async stopRun(benchResultId: string, options?: CallOptions): Promise<void> {
    const target = { kind: "bench result", id: benchResultId } as const;
    const path = PATHS.stop(this.#segment(target));
    // The answer is a BenchResult for one client and nothing for another: only the status matters.
    await this.#call({ method: "POST", path, target, schema: null }, options);
  }

  async listReports(projectId: string, options?: CallOptions): Promise<BenchReport[]> {
    const target = { kind: "project", id: projectId } as const;
    const path = PATHS.reportsByProject(this.#segment(target));
    let raw: unknown[];
    try {
      raw = await this.#call({ method: "GET", path, target, schema: RAW_LIST }, options);
    } catch (error) {
      throw await this.#listingError(error, projectId, path, options);
    }
    const report = this.#oddities(path);
    return readList(raw, WireBenchReport, LenientBenchReport, report).map((wire, index) =>
      toBenchReport({ ...wire, projectId: wire.projectId || projectId, items: readItems(wire.items, `[${index}]`, report) }),
    );
  }

  /**
   * The listing's path is a guess (UNCONFIRMED): a 404 or 405 to it says "no such project" only if
   * the project is indeed missing. Otherwise this OctoPerf does not offer the listing, which is
   * not the project's fault: one extra GET of the project tells the two apart.
   */
  async #listingError(error: unknown, projectId: string, path: string, options: CallOptions | undefined): Promise<unknown> {
    const status = error instanceof Error ? (error.cause as HttpFailureSummary | undefined)?.status : undefined;
    if (status !== 404 && status !== 405) return error;
    try {
      await this.getProject(projectId, options);
    } catch (projectError) {
      return projectError instanceof NotFoundError ? projectError : error;
    }
    return new ReportListingUnavailableError(projectId, status, path.replace(encodeURIComponent(projectId), "{projectId}"), { cause: (error as Error).cause });
  }

  async getReport(benchReportId: string, options?: CallOptions): Promise<BenchReport> {
    const target = { kind: "bench report", id: benchReportId } as const;
    const path = PATHS.report(this.#segment(target));
    const wire = await this.#call({ method: "GET", path, target, schema: WireBenchReport }, options);
    return toBenchReport({ ...wire, items: readItems(wire.items, "", this.#oddities(path)) });
  }

  async getMetrics(benchResultId: string, metricIds: readonly MetricId[], options?: CallOptions): Promise<MetricValue[]> {
    const target = { kind: "bench result", id: benchResultId } as const;
    this.#segment(target);
    const unknown = metricIds.filter((id) => !isMetricId(id));
    if (unknown.length > 0) {
      throw new InvalidInputError(`Unknown metric id(s): ${unknown.slice(0, 5).map(previewValue).join(", ")}.`);
    }
    if (metricIds.length === 0) return [];
    const refused = REFUSED_METRICS.of(this.#baseUrl);
    const toAsk = [...new Set(metricIds)].filter((id) => !refused.has(id));
    const narrowed = await narrowSummary(toAsk, (ids) => this.#summary(benchResultId, ids, options), refusalOf);
    for (const id of REFUSED_METRICS.remember(this.#baseUrl, narrowed.unavailable)) {
      const why = narrowed.unavailable.get(id)!;
      this.#logger.log("warn", "OctoPerf refuses a metric in summary requests: reported as unavailable from now on", {
        metricId: id,
        status: why.httpStatus,
        serverMessage: why.serverMessage,
        requests: narrowed.requests,
      });
    }
    return metricIds.map((id) => {
      const why = narrowed.unavailable.get(id) ?? refused.get(id);
      return why !== undefined ? unavailableMetric(id, why) : metricValue(id, narrowed.values.get(id) ?? null);
    });
  }

  /**
   * Names and units pass through as OctoPerf sends them (UNCONFIRMED, live-metrics.ts): a metric
   * we do not know is listed with its own name and unit, an odd one is reported once and read
   * leniently, and none makes the call fail. An empty body reads as "no metrics yet".
   */
  async getLiveMetrics(benchResultId: string, options?: CallOptions): Promise<LiveMetric[]> {
    const target = { kind: "bench result", id: benchResultId } as const;
    const path = PATHS.liveMetrics(this.#segment(target));
    const wire = await this.#call({ method: "GET", path, target, schema: WireLiveMetrics, whenEmpty: { metrics: [] } }, options);
    return readList(wire.metrics ?? [], WireLiveMetric, LenientLiveMetric, this.#oddities(path)).map((m) => liveMetric(m.name, m.value, m.unit));
  }

  /** One summary request: values aligned with `metricIds`. */
  async #summary(benchResultId: string, metricIds: readonly MetricId[], options: CallOptions | undefined): Promise<(number | null)[]> {
    const target = { kind: "bench result", id: benchResultId } as const;
    // A SummaryReportItem of our own: the summary endpoint answers any item, not only a report's.
    const body = {
      "@type": "SummaryReportItem",
      id: "",
      name: "Summary",
      metrics: metricIds.map((id) => ({ id, type: "HIT", filters: [], benchResultId, config: null })),
    };
    const path = PATHS.summary();
    const values = await this.#call({ method: "POST", path, target, body, schema: WireSummaryValues }, options);
    if (values.length !== metricIds.length) {
      throw contractError(
        this.#context({ method: "POST", path, target }),
        `${values.length} values came back for ${metricIds.length} requested metrics, so they cannot be matched to their ids`,
      );
    }
    return values;
  }

  /**
   * Where a list's odd items are reported: at warn, once per field path (indices folded, ids
   * elided) for the adapter's life, so a listing polled every minute does not flood the log.
   */
  #oddities(path: string): OddityReporter {
    const endpoint = path.replace(/\/[^/]+$/, "/{id}").replace(/^(\/design\/projects\/by-workspace)\/[^/]+/, "$1/{id}");
    return (field, problem) => {
      const key = `${endpoint}${field.replace(/\[\d+\]/g, "[]")}`;
      if (this.#warned.has(key)) return;
      this.#warned.add(key);
      this.#logger.log("warn", "OctoPerf answered an item in an unexpected shape", { endpoint, field, problem: this.#redact(problem) });
    };
  }

  /** Validates an id before it goes into a URL path, and encodes it. */
  #segment(target: { readonly kind: EntityKind; readonly id: string }): string {
    const id = assertValidId(target.id, target.kind);
    // A model that pastes the key as an id would put it in a URL, and URLs end up in proxy logs.
    if (this.#redact(id) !== id) {
      throw new InvalidInputError(`The ${target.kind} id given is the API key, not an id: never pass the key as an argument.`);
    }
    return encodeURIComponent(id);
  }

  #context(call: Pick<Call<unknown>, "method" | "path" | "target" | "launchOf">): RequestContext {
    return {
      method: call.method,
      path: call.path,
      ...(call.target !== undefined ? { target: call.target } : {}),
      ...(call.launchOf !== undefined ? { launchOf: call.launchOf } : {}),
      timeoutMs: this.#timeoutMs,
      host: this.#host,
      redact: this.#redact,
    };
  }

  async #call<T>(call: Call<T>, options: CallOptions | undefined): Promise<T> {
    if (options?.signal?.aborted) throw new CancelledError();
    const context = this.#context(call);
    const config: AxiosRequestConfig = {
      method: call.method,
      url: call.path,
      ...(call.body !== undefined ? { data: call.body } : {}),
      ...(options?.signal !== undefined ? { signal: options.signal } : {}),
      // Belt and braces with the policy's neverRetriedPaths: the launch is sent at most once.
      ...(call.launchOf !== undefined ? { "axios-retry": { retries: 0 }, ...this.#launchAgents } : {}),
    };
    let response: AxiosResponse<unknown>;
    try {
      response = await this.#http.request(config);
    } catch (error) {
      throw toDomainError(error, context);
    }
    if (call.schema === null) return undefined as T;
    return this.#parse(call, context, response);
  }

  #parse<T>(call: Call<T>, context: RequestContext, response: AxiosResponse<unknown>): T {
    const schema = call.schema!;
    const raw = typeof response.data === "string" ? response.data : "";
    const cause = { method: call.method, path: call.path, status: response.status };
    if (raw.trim() === "" && call.whenEmpty !== undefined) return call.whenEmpty;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      const contentType = headerText(response.headers["content-type"]);
      throw contractError(context, unparseableBody(raw, contentType, error), { cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw contractError(context, describeIssues(parsed.error.issues), { cause });
    return parsed.data;
  }
}

function readItems(items: readonly unknown[], at: string, report: OddityReporter): WireReportItem[] {
  return readList(items, WireReportItem, LenientReportItem, (field, problem) => report(`${at}.items${field}`, problem));
}

/**
 * 4xx statuses that say "not this content" rather than "not you" (401/403), "no such run" (404),
 * "not this method" (405) or "not now" (408/429): only those are narrowed down to metrics.
 */
const NOT_A_REFUSAL = new Set([401, 403, 404, 405, 408, 429]);

function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof Error)) return null;
  const cause = error.cause as HttpFailureSummary | undefined;
  const status = cause?.status;
  if (status === undefined || status < 400 || status >= 500 || NOT_A_REFUSAL.has(status)) return null;
  return { httpStatus: status, serverMessage: cause?.serverMessage ?? "no details given" };
}

function unparseableBody(raw: string, contentType: string | undefined, error: unknown): string {
  if (raw.trim() === "") return "the body is empty where JSON was expected";
  if (looksLikeHtml(raw, contentType)) return `an HTML page came back instead of JSON (content-type ${contentType ?? "unknown"})`;
  // JSON.parse messages quote the body, so they are not passed on; only whether the parser ran
  // out of input (V8: "end of JSON input", or an error position at the very end) is worth saying.
  const message = error instanceof SyntaxError ? error.message : "";
  const position = /position (\d+)/.exec(message)?.[1];
  const truncated = /end of (json )?input/i.test(message) || (position !== undefined && Number(position) >= raw.trimEnd().length);
  return truncated ? `the JSON is truncated (${raw.length} characters)` : `the body is not valid JSON (${raw.length} characters)`;
}

const MAX_ISSUES_SHOWN = 3;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => `${fieldPath(issue.path)}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : "";
  return `${shown.join("; ")}${more}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(whole body)";
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`)).join("");
}

function headerText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** An id or value as it may appear in a message: quoted, control characters escaped, length capped. */
