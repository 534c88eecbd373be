/**
 * Per-call overhead: one discover tool call (`octoperf_get_current_user_workspaces`) through the
 * MCP server over stdio, the server talking HTTP to the loopback OctoPerf stub, versus the same
 * GET /workspaces/member-of sent directly with axios (same Bearer header, same stub). The
 * difference of the medians is what the MCP layer adds to a call.
 */
import axios from "axios";
import { Bench } from "tinybench";
import { startStubOctoPerf } from "../test/support/stub-octoperf-server.js";
import { checkOk, procCpuMs, startSession, summarize, type Summary } from "./support.js";

const API_KEY = "bench-api-key-0123456789";
const TOOL = "octoperf_get_current_user_workspaces";
const PATH = "/workspaces/member-of";

export interface PerCallResult {
  readonly iterations: number;
  readonly warmupIterations: number;
  readonly mcp: Summary;
  readonly direct: Summary;
  /** median(mcp) − median(direct). */
  readonly addedMedianMs: number;
  readonly addedP95Ms: number;
  /** HTTP requests the stub saw per MCP tool call (1 means no hidden retry or extra call). */
  readonly requestsPerToolCall: number;
  /** CPU time the server process spent per tool call (user + system), ms. */
  readonly serverCpuMsPerCall: number;
  readonly responseBytes: number;
}

export async function measurePerCallOverhead(iterations = 400, warmupIterations = 200): Promise<PerCallResult> {
  const stub = await startStubOctoPerf({ apiKey: API_KEY });
  const session = await startSession([], { env: { OCTOPERF_API_KEY: API_KEY, OCTOPERF_BASE_URL: stub.baseUrl } });
  try {
    const http = axios.create({
      baseURL: stub.baseUrl,
      headers: { Authorization: `Bearer ${API_KEY}`, Accept: "application/json" },
      timeout: 10_000,
    });
    // Both paths must do the same work: check the answers once before timing them.
    const first = checkOk(await session.call(TOOL), TOOL);
    const viaMcp = (first.structuredContent as { workspaces?: unknown[] }).workspaces;
    const direct = await http.get<unknown[]>(PATH);
    if (direct.status !== 200 || !Array.isArray(direct.data) || viaMcp?.length !== direct.data.length) {
      throw new Error(`the direct request and the tool disagree (${direct.status}, ${direct.data.length} vs ${viaMcp?.length})`);
    }
    const responseBytes = Buffer.byteLength(JSON.stringify(direct.data));

    let toolCalls = 0;
    let cpuBefore = 0;
    let requestsBefore = 0;
    const bench = new Bench({ iterations, warmupIterations, time: 0, warmupTime: 0, retainSamples: true, throws: true });
    bench.add(
      "mcp",
      async () => {
        const result = await session.call(TOOL);
        if (result.isError) throw new Error(`${TOOL} failed during the bench`);
        toolCalls += 1;
      },
      {
        beforeAll: (mode) => {
          if (mode !== "run") return;
          toolCalls = 0;
          cpuBefore = procCpuMs(session.pid);
          requestsBefore = stub.requestsTo("GET", PATH).length;
        },
        afterAll: (mode) => {
          if (mode !== "run") return;
          cpuBefore = procCpuMs(session.pid) - cpuBefore;
          requestsBefore = stub.requestsTo("GET", PATH).length - requestsBefore;
        },
      },
    );
    bench.add("direct", async () => {
      const response = await http.get<unknown[]>(PATH);
      if (response.status !== 200) throw new Error(`direct GET answered ${response.status}`);
    });
    await bench.run();

    const samples = (name: string): number[] => {
      const task = bench.getTask(name);
      const result = task?.result;
      if (result === undefined || !("latency" in result) || result.latency.samples === undefined) {
        throw new Error(`tinybench task ${name} has no samples (${result?.state})`);
      }
      return [...result.latency.samples];
    };
    const mcp = summarize(samples("mcp"));
    const directSummary = summarize(samples("direct"));
    return {
      iterations,
      warmupIterations,
      mcp,
      direct: directSummary,
      addedMedianMs: mcp.median - directSummary.median,
      addedP95Ms: mcp.p95 - directSummary.p95,
      requestsPerToolCall: requestsBefore / Math.max(1, toolCalls),
      serverCpuMsPerCall: cpuBefore / Math.max(1, toolCalls),
      responseBytes,
    };
  } finally {
    await session.close();
    await stub.close();
  }
}
