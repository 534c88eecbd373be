import { HttpOctoPerfAdapter, type HttpExchange } from "../../adapters/http/http-octoperf-adapter.js";
import { cliMessage } from "../cli-errors.js";
import { OctoPerfError, ReportListingUnavailableError } from "../../domain/errors.js";
import { KEY_METRIC_IDS, type MetricValue } from "../../domain/model/metrics.js";
import type { Project } from "../../domain/model/project.js";
import type { Scenario } from "../../domain/model/scenario.js";
import type { Workspace } from "../../domain/model/workspace.js";
import { listProjectRuns, newestFirst, type ProjectRun } from "../../domain/use-cases/project-runs.js";
import type { Logger } from "../../ports/logger-port.js";
import type { Config } from "../config.js";
import { FixtureRecorder, toRecordedAnswer } from "./recording.js";

/**
 * `octoperf-mcp doctor`: a read-only live check of the user's own OctoPerf with the server's own
 * configuration and HTTP adapter. It reads only: GETs, and the summary POST, which is a query.
 * It never launches, stops or changes anything. Facts only; doctor-output.ts writes them.
 */

export type CheckId = "key" | "workspaces" | "projects" | "scenarios" | "newest-run" | "report" | "metrics" | "report-listing";

export interface CheckResult {
  readonly id: CheckId;
  /** pass: works; fail: does not; skip: could not be tried (an earlier check failed, or nothing to check yet). */
  readonly outcome: "pass" | "fail" | "skip";
  /** What was found, in a few words. */
  readonly detail: string;
  /** HTTP status of the check's last answer; null when none came or no request was needed. */
  readonly status: number | null;
  /** Wall time of the check, parsing included. */
  readonly latencyMs: number;
  /** On failure: what to do, one line. */
  readonly hint: string | null;
}

export interface DoctorReport {
  readonly version: string;
  readonly node: string;
  readonly baseUrl: string;
  /** True when everything the tools need works (no check failed). */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
  /** Files written by --record, relative to its folder. */
  readonly recorded: readonly string[];
}

export interface DoctorOptions {
  readonly version: string;
  /** Saves every raw answer there, in the contract-fixture layout, redacted. */
  readonly recordDir?: string;
  readonly logger?: Logger;
  /** For tests: the time source of latencies. */
  readonly now?: () => number;
}

/** Projects looked at for "the first project that has scenarios": enough for any real account, bounded. */
const MAX_PROJECTS_SCANNED = 20;

export async function runDoctor(config: Config, options: DoctorOptions): Promise<DoctorReport> {
  const now = options.now ?? Date.now;
  const apiKey = config.apiKey?.reveal() ?? "";
  const recorder = options.recordDir === undefined ? null : new FixtureRecorder(options.recordDir, [apiKey]);
  recorder?.start({
    description: `Recorded by octoperf-mcp doctor ${options.version} against ${new URL(config.baseUrl).host}`,
    source: "octoperf-mcp doctor --record (key, e-mail addresses and user names redacted)",
  });
  let exchanges: HttpExchange[] = [];
  const adapter = new HttpOctoPerfAdapter({
    baseUrl: config.baseUrl,
    apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    onExchange: (exchange) => {
      exchanges.push(exchange);
      recorder?.record(exchange.method, exchange.path, exchange.requestBody, toRecordedAnswer(exchange.status ?? 0, exchange.body));
    },
  });

  const checks: CheckResult[] = [];
  /** Runs one check: its exchanges and time are its own; a thrown error fails it with the error's facts. */
  const check = async <T>(
    id: CheckId,
    body: () => Promise<{ value: T; outcome?: CheckResult["outcome"]; detail: string; hint?: string | null }>,
    onError: (error: unknown) => { detail: string; hint: string },
  ): Promise<T | undefined> => {
    exchanges = [];
    const started = now();
    try {
      const result = await body();
      checks.push({
        id,
        outcome: result.outcome ?? "pass",
        detail: result.detail,
        status: lastStatus(exchanges),
        latencyMs: now() - started,
        hint: result.hint ?? null,
      });
      return result.value;
    } catch (error) {
      const { detail, hint } = onError(error);
      checks.push({ id, outcome: "fail", detail, status: statusOf(error) ?? lastStatus(exchanges), latencyMs: now() - started, hint });
      return undefined;
    }
  };
  const skip = (id: CheckId, detail: string) => checks.push({ id, outcome: "skip", detail, status: null, latencyMs: 0, hint: null });
  const generic = (error: unknown) => ({ detail: firstSentence(error), hint: hintFor(error, config.baseUrl) });

  // 1–2. The key, then the workspaces: one request, the Jenkins plugin's own login check.
  // Boxed: a thrown value may be anything, even undefined, and must be rethrown as it was.
  let workspacesFailure: { readonly error: unknown } | undefined;
  const workspaces = await check(
    "key",
    async () => {
      try {
        const list = await adapter.listWorkspaces();
        return { value: list, detail: "OctoPerf accepted it" };
      } catch (error) {
        workspacesFailure = { error };
        // Only an HTTP answer other than 401/403 tells that the key got through.
        if (statusOf(error) === null || (error instanceof OctoPerfError && error.code === "AUTHENTICATION")) throw error;
        return { value: undefined, detail: `not rejected (HTTP ${statusOf(error)} for another reason)` };
      }
    },
    generic,
  );
  if (checks[0]!.outcome === "fail") {
    for (const id of ["workspaces", "projects", "scenarios", "newest-run", "report", "metrics", "report-listing"] as const) {
      skip(id, "needs an accepted key");
    }
    return finish();
  }
  const workspaceList = await check(
    "workspaces",
    async () => {
      if (workspacesFailure !== undefined) throw workspacesFailure.error;
      const list = workspaces as Workspace[];
      if (list.length === 0)
        return { value: list, outcome: "fail", detail: "none", hint: "This key is a member of no workspace: log in to OctoPerf and check the account." };
      return { value: list, detail: `${list.length} (first: "${list[0]!.name}")` };
    },
    generic,
  );
  // Read from the key check's answer: the same request, so the same status and time.
  const keyCheck = checks[0]!;
  checks[1] = { ...checks[1]!, status: checks[1]!.status ?? keyCheck.status, latencyMs: keyCheck.latencyMs + checks[1]!.latencyMs };
  const firstWorkspace = workspaceList?.[0];

  // 3. Projects of the first workspace.
  const projects =
    firstWorkspace === undefined
      ? (skip("projects", "needs a workspace"), undefined)
      : await check(
          "projects",
          async () => {
            const list = await adapter.listProjects(firstWorkspace.id);
            return { value: list, detail: `${list.length} in "${firstWorkspace.name}"${list[0] ? ` (first: "${list[0].name}")` : ""}` };
          },
          generic,
        );

  // 4. Scenarios of the first project that has some.
  let project: Project | undefined = projects?.[0];
  const scenarios =
    projects === undefined
      ? (skip("scenarios", "needs the projects"), undefined)
      : await check(
          "scenarios",
          async () => {
            for (const candidate of projects.slice(0, MAX_PROJECTS_SCANNED)) {
              const list = await adapter.listScenarios(candidate.id);
              if (list.length > 0) {
                project = candidate;
                return { value: list, detail: `${list.length} in "${candidate.name}" (first: ${describeScenario(list[0]!)})` };
              }
            }
            return { value: [] as Scenario[], detail: "no project of the first workspace has scenarios yet" };
          },
          generic,
        );

  // 5. The newest run, found through the report listing; its state and progress.
  let listingError: unknown;
  let newest: ProjectRun | undefined;
  if (project === undefined || scenarios === undefined) {
    skip("newest-run", "needs a project");
  } else {
    const where = project;
    newest = await check(
      "newest-run",
      async () => {
        let runs: ProjectRun[];
        try {
          runs = await listProjectRuns(adapter, where.id);
        } catch (error) {
          listingError = error;
          throw error;
        }
        const found = [...runs].sort(newestFirst)[0];
        if (found === undefined) return { value: undefined, detail: `no run yet in "${where.name}"` };
        const progress = found.run.terminal ? found.run.progress : await adapter.getRunProgress(found.run.id);
        const percent = progress === null ? "progress unknown" : `${Math.round(progress * 100)}%`;
        return { value: found, detail: `${found.run.id}: ${found.run.state} (${found.run.phase}, ${percent}), created ${found.run.createdAt}` };
      },
      (error) =>
        error instanceof ReportListingUnavailableError
          ? { detail: "the report listing is not offered, so runs cannot be found", hint: "See the report listing check below." }
          : generic(error),
    );
  }

  // 6. Its report.
  if (newest === undefined) {
    skip("report", passed("newest-run") ? "no run yet" : "needs the newest run");
  } else if (newest.run.benchReportId === null) {
    skip("report", "only trend or comparison reports list this run");
  } else {
    const reportId = newest.run.benchReportId;
    await check(
      "report",
      async () => {
        const report = await adapter.getReport(reportId);
        return { value: report, detail: `${report.id} "${report.name}" (${report.kind}, ${report.items.length} widgets)` };
      },
      generic,
    );
  }

  // 7. Its key summary metrics, reporting those OctoPerf refuses.
  if (newest === undefined) {
    skip("metrics", passed("newest-run") ? "no run yet" : "needs the newest run");
  } else {
    const runId = newest.run.id;
    await check(
      "metrics",
      async () => {
        const metrics = await adapter.getMetrics(runId, KEY_METRIC_IDS);
        const refused = metrics.filter((m) => m.unavailable !== undefined);
        const read = metrics.length - refused.length;
        if (refused.length === 0) return { value: metrics, detail: `${read} of ${metrics.length} read` };
        return {
          value: metrics,
          outcome: "fail",
          detail: `${read} of ${metrics.length} read; refused: ${refused.map(describeRefusal).join("; ")}`,
          hint: "The tools report these metrics as unavailable and judge criteria on them INCONCLUSIVE; please report it with doctor --record DIR.",
        };
      },
      generic,
    );
  }

  // 8. Whether the report listing exists (learnt from check 5).
  if (project === undefined) {
    skip("report-listing", "needs a project");
  } else if (listingError instanceof ReportListingUnavailableError) {
    checks.push({
      id: "report-listing",
      outcome: "fail",
      detail: `GET ${listingError.path} answered HTTP ${listingError.httpStatus}`,
      status: listingError.httpStatus,
      latencyMs: 0,
      hint: LISTING_HINT,
    });
  } else if (listingError !== undefined) {
    checks.push({
      id: "report-listing",
      outcome: "fail",
      detail: firstSentence(listingError),
      status: statusOf(listingError),
      latencyMs: 0,
      hint: hintFor(listingError, config.baseUrl),
    });
  } else if (!passed("newest-run")) {
    skip("report-listing", "not reached");
  } else {
    checks.push({ id: "report-listing", outcome: "pass", detail: "offered", status: 200, latencyMs: 0, hint: null });
  }
  return finish();

  function passed(id: CheckId): boolean {
    return checks.some((c) => c.id === id && c.outcome === "pass");
  }

  function finish(): DoctorReport {
    return {
      version: options.version,
      node: process.version,
      baseUrl: config.baseUrl,
      ok: checks.every((c) => c.outcome !== "fail"),
      checks,
      recorded: recorder?.files ?? [],
    };
  }
}

const LISTING_HINT =
  "This OctoPerf has no report listing: run history and finding the run of a lost launch do not work; everything else does. Please report it with doctor --record DIR.";

function describeScenario(scenario: Scenario): string {
  const vus = scenario.summary.totalVus === null ? "VUs unknown" : `${scenario.summary.totalVus} VUs`;
  return `"${scenario.name}", ${vus}`;
}

function describeRefusal(metric: MetricValue): string {
  return `${metric.metricId} (HTTP ${metric.unavailable!.httpStatus}: ${metric.unavailable!.serverMessage})`;
}

function lastStatus(exchanges: readonly HttpExchange[]): number | null {
  for (let i = exchanges.length - 1; i >= 0; i--) if (exchanges[i]!.status !== null) return exchanges[i]!.status;
  return null;
}

function statusOf(error: unknown): number | null {
  const status = error instanceof Error ? (error.cause as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === "number" ? status : null;
}

function firstSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/: (?=[a-z])|(?<=\.) /)[0]!.replace(/\.$/, "");
}

/** One line a user can act on, per kind of failure. */
function hintFor(error: unknown, baseUrl: string): string {
  if (!(error instanceof OctoPerfError)) return "Unexpected failure: please report it with doctor --record DIR.";
  switch (error.code) {
    case "AUTHENTICATION":
      return "OctoPerf rejected the API key: copy it again from Account > Profile > API Key into OCTOPERF_API_KEY.";
    case "UNAVAILABLE":
      return `Could not get an answer from ${new URL(baseUrl).host}: check OCTOPERF_BASE_URL, the network and any proxy.`;
    case "TIMEOUT":
      return "OctoPerf did not answer in time: try again, or raise OCTOPERF_TIMEOUT_MS.";
    case "CONTRACT":
      return "This OctoPerf answered in an unexpected shape (or OCTOPERF_BASE_URL is not the API root): please report it with doctor --record DIR.";
    case "NOT_FOUND":
      return "OctoPerf says it is gone: check that OCTOPERF_BASE_URL is the API root (no path prefix).";
    case "RATE_LIMITED":
      return "OctoPerf is rate limiting this key: wait a minute and run doctor again.";
    default:
      return cliMessage(error);
  }
}
