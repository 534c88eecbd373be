/**
 * Answer size: the bytes a model reads from each analyze tool (the JSON-RPC `result` as sent: text
 * content + structuredContent), versus the raw OctoPerf JSON the tool summarizes. The server talks
 * to the loopback stub through a small recording proxy, so "raw" is exactly what crossed the wire
 * between the server and OctoPerf during that one tool call: every request body plus every
 * response body (headers excluded).
 */
import { createServer, request, Agent, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { isSentence, repeatedWithin, stringLeaves } from "../test/support/answer-facts.js";
import { startStubOctoPerf } from "../test/support/stub-octoperf-server.js";
import { checkOk, now, routeOf, sleep, startSession, structured, type McpSession } from "./support.js";

const API_KEY = "bench-api-key-0123456789";
const METRIC_IDS = [
  "RESPONSE_TIME_AVG",
  "RESPONSE_TIME_PERCENTILE_95",
  "RESPONSE_TIME_PERCENTILE_99",
  "ERRORS_PERCENT",
  "HITS_RATE",
  "HITS_TOTAL",
  "THROUGHPUT_RATE",
  "USERLOAD",
];
const BASELINE_RUN = "checkoutRunBase00001";
const SCENARIO = "checkoutNightly00001";

export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

interface RecordingProxy {
  readonly baseUrl: string;
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  const readAll = (stream: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", reject);
    });
  const server = createServer((req, res) => {
    void readAll(req)
      .then(
        (body) =>
          new Promise<void>((resolve, reject) => {
            const forward = request(
              { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
              (answer) => {
                void readAll(answer).then((answerBody) => {
                  exchanges.push({
                    method: req.method ?? "GET",
                    path: (req.url ?? "/").split("?")[0] ?? "/",
                    requestBytes: body.length,
                    responseBytes: answerBody.length,
                  });
                  res.writeHead(answer.statusCode ?? 502, answer.headers);
                  res.end(answerBody);
                  resolve();
                }, reject);
              },
            );
            forward.on("error", reject);
            forward.end(body);
          }),
      )
      .catch(() => req.socket.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exchanges,
    close: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface AnswerSize {
  readonly tool: string;
  readonly what: string;
  /** An analyze tool: its answer is held to the ratio target against the raw OctoPerf JSON. */
  readonly analyze: boolean;
  /** Base64 of pictures (MCP image content), counted apart: not text a model reads. */
  readonly imageBytes: number;
  /**
   * Bytes of structuredContent's sentences also found word for word in the text: string values of
   * three words or more, links, ids and OctoPerf's own names and descriptions aside (the rule of
   * test/support/answer-facts.ts). Ids, figures and links may sit in both parts; prose should not.
   */
  readonly repeatedProseBytes: number;
  /** Bytes of the extra occurrences of values structuredContent says more than once (answer-facts.ts: repeatedWithin). */
  readonly repeatedWithinStructuredBytes: number;
  /** JSON-RPC `result` member, UTF-8 bytes. */
  readonly resultBytes: number;
  /** The whole JSON-RPC message (adds `{"jsonrpc":"2.0","id":n,…}`). */
  readonly messageBytes: number;
  readonly textBytes: number;
  readonly structuredBytes: number;
  readonly rawRequestBytes: number;
  readonly rawResponseBytes: number;
  readonly exchanges: readonly string[];
  /** resultBytes / (raw requests + raw responses). */
  readonly ratio: number;
  /** resultBytes / raw responses only. */
  readonly ratioResponsesOnly: number;
}

const ANALYZE_TOOLS = new Set([
  "octoperf_report",
  "octoperf_get_report_metrics",
  "octoperf_evaluate_sla",
  "octoperf_compare_tests",
  "octoperf_run_and_analyze",
]);

async function measureCall(
  session: McpSession,
  proxy: RecordingProxy,
  tool: string,
  what: string,
  args: Record<string, unknown>,
): Promise<{ size: AnswerSize; structured: unknown }> {
  const firstExchange = proxy.exchanges.length;
  const firstResponse = session.responses.length;
  const result = checkOk(await session.call(tool, args, 120_000), tool);
  const record = session.responses[firstResponse];
  if (record === undefined || session.responses.length !== firstResponse + 1) throw new Error(`${tool}: expected exactly one response`);
  const exchanges = proxy.exchanges.slice(firstExchange);
  const rawRequestBytes = exchanges.reduce((s, e) => s + e.requestBytes, 0);
  const rawResponseBytes = exchanges.reduce((s, e) => s + e.responseBytes, 0);
  const counts = new Map<string, number>();
  for (const e of exchanges) {
    const key = routeOf(e.method, e.path);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const texts = result.content.filter((c) => c.type === "text");
  const images = result.content.filter((c) => c.type === "image");
  const text = texts.map((c) => c.text).join("\n");
  const imageBytes = Buffer.byteLength(JSON.stringify(images));
  const repeatedProseBytes = stringLeaves(result.structuredContent)
    .filter((leaf) => isSentence(leaf) && text.includes(leaf.value))
    .reduce((sum, leaf) => sum + Buffer.byteLength(leaf.value), 0);
  const repeatedWithinStructuredBytes = repeatedWithin(result.structuredContent).reduce((sum, r) => sum + r.extraBytes, 0);
  return {
    structured: result.structuredContent,
    size: {
      tool,
      what,
      analyze: ANALYZE_TOOLS.has(tool),
      imageBytes,
      repeatedProseBytes,
      repeatedWithinStructuredBytes,
      // The picture's base64 is left out of every figure: the answer is the text and structuredContent.
      resultBytes: record.resultBytes - (images.length > 0 ? imageBytes - 1 : 0),
      messageBytes: record.messageBytes - (images.length > 0 ? imageBytes - 1 : 0),
      textBytes: Buffer.byteLength(JSON.stringify(texts)),
      structuredBytes: Buffer.byteLength(JSON.stringify(result.structuredContent ?? null)),
      rawRequestBytes,
      rawResponseBytes,
      exchanges: [...counts].map(([k, n]) => (n > 1 ? `${n}× ${k}` : k)),
      ratio: record.resultBytes / Math.max(1, rawRequestBytes + rawResponseBytes),
      ratioResponsesOnly: record.resultBytes / Math.max(1, rawResponseBytes),
    },
  };
}

export async function measureAnswerSizes(): Promise<AnswerSize[]> {
  const stub = await startStubOctoPerf({ apiKey: API_KEY, fake: { runDurationMs: 3_000 } });
  const proxy = await startRecordingProxy(stub.baseUrl);
  const session = await startSession([], {
    env: { OCTOPERF_API_KEY: API_KEY, OCTOPERF_BASE_URL: proxy.baseUrl },
    recordResponses: true,
  });
  try {
    const sizes: AnswerSize[] = [];
    const measure = async (tool: string, what: string, args: Record<string, unknown>) => {
      const measured = await measureCall(session, proxy, tool, what, args);
      sizes.push(measured.size);
      return measured.structured;
    };
    const workspaces = (await measure("octoperf_get_current_user_workspaces", "the user's workspaces (2)", {})) as { workspaces: { id: string }[] };
    await measure("get_project_by_workspace_id", "projects of the first workspace", { workspaceId: workspaces.workspaces[0]!.id });
    await measure("get_runtime_id", "scenarios of every project", {});
    await measure("octoperf_list_test_runs", "runs of the nightly scenario", { scenarioId: SCENARIO });
    // A finished run of the nightly scenario to analyze.
    const launched = (await measure("octoperf_run_test", "launch the nightly scenario", { runtimeId: SCENARIO, allowParallel: true })) as {
      benchResultId: string;
      reportId: string;
    };
    const { benchResultId, reportId } = launched;
    await measure("octoperf_status", "the run just launched", { benchResultId });
    const giveUpAt = now() + 30_000;
    for (let first = true; ; first = false) {
      const args = { benchResultId, pollIntervalSeconds: 1, maxWaitSeconds: 10 };
      const wait = (
        first
          ? await measure("octoperf_wait_for_test", "wait until the run ends (1 s polls, 3 s run)", args)
          : structured(checkOk(await session.call("octoperf_wait_for_test", args), "wait"))
      ) as { terminal: boolean };
      if (wait.terminal) break;
      if (now() > giveUpAt) throw new Error("the analyzed run never ended");
      await sleep(100);
    }

    await measure("octoperf_report", "the run's bench report (3 widgets)", { reportId });
    await measure("octoperf_get_report_metrics", `${METRIC_IDS.length} summary metrics`, { benchResultId, metricIds: METRIC_IDS });
    await measure("octoperf_evaluate_sla", "default SLA (p95, errors)", { benchResultId });
    await measure("octoperf_compare_tests", "run vs seeded baseline, default metrics", {
      baselineBenchResultId: BASELINE_RUN,
      candidateBenchResultId: benchResultId,
    });
    await measure("octoperf_trend", "nightly scenario, default metrics and runs (the PNG chart counted apart)", { scenarioId: SCENARIO });
    const analyzed = (await measure("octoperf_run_and_analyze", "launch → wait (1 s polls, 3 s run) → metrics, SLA, comparison", {
      scenarioId: SCENARIO,
      baselineBenchResultId: BASELINE_RUN,
      allowParallel: true,
      pollIntervalSeconds: 1,
      maxWaitSeconds: 30,
    })) as { run?: { terminal?: boolean } };
    if (analyzed.run?.terminal !== true) throw new Error("octoperf_run_and_analyze returned before the run ended");
    const toStop = structured<{ benchResultId: string }>(
      checkOk(await session.call("octoperf_run_test", { runtimeId: SCENARIO, allowParallel: true }), "octoperf_run_test"),
    );
    await measure("octoperf_stop_test", "stop a run just launched", { benchResultId: toStop.benchResultId });
    return sizes;
  } finally {
    await session.close();
    await proxy.close();
    await stub.close();
  }
}
