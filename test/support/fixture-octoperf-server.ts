/**
 * A loopback OctoPerf that answers from contract fixtures (test/fixtures/octoperf/<set>/), not
 * from our own fake: what the HTTP adapter parses here was written after octoperf-api.md's
 * evidence, or recorded from a real OctoPerf by `octoperf-mcp doctor --record`. The layout is
 * the one of src/app/doctor/recording.ts.
 *
 * - GET and POST answers come from `<METHOD>/<path>.json` (following `extends`); a missing file
 *   is a Spring-style 404, as an endpoint OctoPerf does not have would be.
 * - POST /analysis/metrics/summary is computed per request from the recorded exchanges (a 2xx
 *   gives each metric's value; a 4xx to a one-metric request marks it refused) and the
 *   hand-written `values` / `refused`: a request holding a refused metric gets its refusal.
 * - Any other key than `apiKey` gets a 401.
 */
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { answerFile, readFixtureFile, SUMMARY_PATH, type RecordedAnswer, type SummaryFile } from "../../src/app/doctor/recording.js";
import { listenOnLoopback, receive } from "./loopback-server.js";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/octoperf/", import.meta.url));

export interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly authorization: string | undefined;
}

export interface FixtureOctoPerf {
  readonly baseUrl: string;
  readonly requests: FixtureRequest[];
  requestsTo(method: string, path: string | RegExp): FixtureRequest[];
  close(): Promise<void>;
}

export async function startFixtureOctoPerf(options: { readonly dir: string; readonly apiKey: string }): Promise<FixtureOctoPerf> {
  const requests: FixtureRequest[] = [];
  const server = createServer((req, res) => {
    void receive(req).then((body) => {
      const method = (req.method ?? "GET").toUpperCase();
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method, path, body, authorization: req.headers.authorization });
      let answer: RecordedAnswer;
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
        answer = springError(401, path, "Full authentication is required to access this resource");
      } else if (method === "POST" && path === SUMMARY_PATH) {
        answer = summaryAnswer(options.dir, body, path);
      } else {
        answer = fileAnswer(options.dir, method, path);
      }
      const text = answer.text ?? JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": answer.text !== undefined ? "text/plain" : "application/json;charset=UTF-8" });
      res.end(text);
    });
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    baseUrl,
    requests,
    requestsTo: (method, path) => requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))),
    close,
  };
}

function fileAnswer(dir: string, method: string, path: string): RecordedAnswer {
  let file: string;
  try {
    file = answerFile(method, path);
  } catch {
    return springError(400, path, "Bad path");
  }
  return readFixtureFile<RecordedAnswer>(dir, file) ?? springError(404, path, "No static resource");
}

function summaryAnswer(dir: string, body: string, path: string): RecordedAnswer {
  const fixture = readFixtureFile<SummaryFile>(dir, answerFile("POST", SUMMARY_PATH)) ?? {};
  const request = metricsOf(safeJson(body));
  if (request === null) return springError(400, path, "Malformed SummaryReportItem");
  const values = new Map<string, number | null>();
  const refused = new Map<string, RecordedAnswer>(Object.entries(fixture.refused ?? {}));
  for (const [runId, byMetric] of Object.entries(fixture.values ?? {})) {
    for (const [metricId, value] of Object.entries(byMetric)) values.set(`${runId}/${metricId}`, value);
  }
  for (const exchange of fixture.exchanges ?? []) {
    const asked = metricsOf(exchange.request);
    if (asked === null) continue;
    if (exchange.status < 300 && Array.isArray(exchange.body)) {
      asked.forEach((m, index) => values.set(`${m.benchResultId}/${m.id}`, (exchange.body as (number | null)[])[index] ?? null));
    } else if (exchange.status >= 400 && asked.length === 1) {
      refused.set(asked[0]!.id, { status: exchange.status, ...(exchange.body !== undefined ? { body: exchange.body } : { text: exchange.text ?? "" }) });
    }
  }
  for (const metric of request) {
    const refusal = refused.get(metric.id);
    if (refusal !== undefined) return refusal;
  }
  const answer: (number | null)[] = [];
  for (const metric of request) {
    const key = `${metric.benchResultId}/${metric.id}`;
    if (!values.has(key)) return springError(400, path, `No recorded value for ${metric.id} of ${metric.benchResultId}`);
    answer.push(values.get(key)!);
  }
  return { status: 200, body: answer };
}

function metricsOf(item: unknown): { id: string; benchResultId: string }[] | null {
  if (typeof item !== "object" || item === null) return null;
  const metrics = (item as Record<string, unknown>)["metrics"];
  if (!Array.isArray(metrics)) return null;
  return metrics.map((m) => {
    const { id, benchResultId } = (m ?? {}) as Record<string, unknown>;
    return { id: String(id), benchResultId: String(benchResultId) };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function springError(status: number, path: string, message: string): RecordedAnswer {
  const error = { 400: "Bad Request", 401: "Unauthorized", 404: "Not Found" }[status] ?? "Error";
  return { status, body: { timestamp: "2026-11-30T10:00:00.000+00:00", status, error, message, path } };
}
