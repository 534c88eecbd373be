/**
 * On stdio, stdout belongs to JSON-RPC: every byte the built server writes there must parse as
 * JSON-RPC messages, one per line, including while OctoPerf fails in every way (HTTP mode
 * against a faulty loopback stub, debug logging, progress notifications, cancellation) and
 * while the client sends bad arguments and garbage lines. The same check runs implicitly in
 * every stdio session of the adversarial suites (RecordingStdioTransport); this file pushes it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { BAD_VALUES, IDS, TOOL_SPECS } from "../support/hostile-inputs.js";
import { launchCount, LAUNCH_ROUTE, undocumentedRequests } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded, type RecordedServer } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { runBin } from "../support/spawn-server.js";
import { startStubOctoPerf } from "../support/stub-octoperf-server.js";

const scanner = new SecretScanner();

afterAll(async () => {
  await closeAllRecorded();
});

/** Re-reads the raw bytes: every line one JSON-RPC message, the last one newline-terminated. */
function stdoutProblems(server: RecordedServer): string[] {
  const bytes = server.transport.stdout();
  const problems = [...server.transport.impurities()];
  if (bytes.length === 0) return ["nothing on stdout"];
  if (bytes[bytes.length - 1] !== 0x0a) problems.push("stdout does not end with a newline");
  const text = bytes.toString("utf8");
  if (Buffer.from(text, "utf8").compare(bytes) !== 0) problems.push("stdout is not valid UTF-8");
  const lines = text.split("\n").slice(0, -1);
  lines.forEach((line, i) => {
    try {
      if (!JSONRPCMessageSchema.safeParse(JSON.parse(line)).success) problems.push(`line ${i + 1} is JSON but not JSON-RPC`);
    } catch {
      problems.push(`line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 120))}`);
    }
  });
  return problems;
}

const HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>";

describe("stdout purity of the built server", () => {
  it(
    "HTTP mode against a failing OctoPerf, debug logs, bad input, garbage lines, progress and cancellation: stdout is only JSON-RPC",
    { timeout: 60_000 },
    async () => {
      const stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 2_000 } });
      try {
        const server = await spawnRecorded(
          [],
          {
            OCTOPERF_API_KEY: CANARY_API_KEY,
            OCTOPERF_BASE_URL: stub.baseUrl,
            OCTOPERF_LOG_LEVEL: "debug",
            OCTOPERF_TIMEOUT_MS: "300",
            OCTOPERF_MAX_RETRIES: "2",
          },
          { scanner, label: "purity http" },
        );
        const { client, transport } = server;

        // Discovery surfaces.
        await client.listTools();
        await client.listResources();
        await client.listPrompts();
        await client.readResource({ uri: "octoperf://metrics" });
        await client.getPrompt({ name: "load-test", arguments: { scenario: IDS.scenario } });

        // Faults on every kind of read, and on the launch.
        const run = `/runtime/bench-results/${IDS.run}`;
        stub.script("GET", "/workspaces/member-of", [{ status: 503 }, { status: 503 }, { status: 503 }]);
        stub.script("GET", run, [
          { reset: true },
          { truncateAfterBytes: 20 },
          { body: HTML, headers: { "Content-Type": "text/html" } },
          { drip: { chunkBytes: 4, intervalMs: 60 } },
          { drip: { chunkBytes: 4, intervalMs: 60 } },
          { drip: { chunkBytes: 4, intervalMs: 60 } },
          { body: '{"id":"checkoutRunBase00001","sta' },
          { status: 429, headers: { "Retry-After": "1" } },
          { status: 200, body: { id: IDS.run, scenarioId: IDS.otherScenario, designProjectId: IDS.project, state: "TELEPORTING", created: 0, novel: [1] } },
        ]);
        stub.script("POST", "/analysis/metrics/summary", [{ status: 502, body: HTML }, { body: ["NaN", "what"] }]);
        stub.script("GET", /^\/analysis\/bench-reports\//, [{ status: 500 }]);
        await server.call("octoperf_get_current_user_workspaces");
        for (let i = 0; i < 7; i++) await server.call("octoperf_status", { benchResultId: IDS.run });
        await server.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT", "HITS_RATE"] });
        await server.call("octoperf_report", { reportId: IDS.report });

        stub.script("POST", LAUNCH_ROUTE, [{ reset: true, handled: true }]);
        const launched = await server.call("octoperf_run_test", { runtimeId: IDS.scenario });
        expect(launched.structuredContent).toMatchObject({ outcome: "reconciled" });
        const { benchResultId } = launched.structuredContent as { benchResultId: string };

        // Progress notifications travel on stdout too.
        const progress: number[] = [];
        const waited = await server.call(
          "octoperf_wait_for_test",
          { benchResultId, maxWaitSeconds: 20, pollIntervalSeconds: 1 },
          { onprogress: (p) => progress.push(p.progress) },
        );
        expect(waited.structuredContent).toMatchObject({ terminal: true });
        expect(progress.length).toBeGreaterThan(0);

        // A cancelled wait.
        const second = await server.call("octoperf_run_test", { runtimeId: IDS.otherScenario });
        const controller = new AbortController();
        const cancelled = server.call(
          "octoperf_wait_for_test",
          { benchResultId: (second.structuredContent as { benchResultId: string }).benchResultId, maxWaitSeconds: 30, pollIntervalSeconds: 1 },
          { signal: controller.signal },
        );
        setTimeout(() => controller.abort("test cancels"), 300);
        await expect(cancelled).rejects.toThrow();

        // Bad input, a sample of every tool's bad fields.
        for (const spec of TOOL_SPECS) {
          for (const field of spec.fields) {
            for (const value of BAD_VALUES[field.kind].slice(0, 6)) await server.call(spec.name, { ...spec.valid, [field.name]: value });
          }
        }
        await server.call("no_such_tool", {}).catch(() => {});

        // Garbage lines and raw requests the SDK client would never send.
        const raw = (id: string, method: string, params?: unknown) =>
          JSON.stringify({ jsonrpc: "2.0", id, method, ...(params !== undefined ? { params } : {}) });
        await transport.writeLine("this is not json");
        await transport.writeLine("{");
        await transport.writeLine("[]");
        await transport.writeLine("{}");
        await transport.writeLine('{"jsonrpc":"2.0"}');
        await transport.writeLine("\u0000\u0001\u001b[2J");
        await transport.writeRaw(Buffer.from([0xff, 0xfe, 0x80, 0x0a]));
        await transport.writeLine(raw("raw-1", "tools/call", { name: "octoperf_status", arguments: "../x" }));
        await transport.writeLine(raw("raw-2", "no/such/method"));
        await transport.writeLine(raw("raw-3", "tools/call", { name: "octoperf_status", arguments: { benchResultId: "x".repeat(1_000_000) } }));
        await transport.writeLine(`\ufeff${raw("raw-4", "ping")}`);
        await transport.writeRaw(Buffer.from(`${raw("raw-5", "tools/call", { name: "octoperf_status", arguments: { benchResultId: IDS.run } })}\r\n`));
        await transport.writeLine(raw("raw-6", "tools/call", { name: "octoperf_run_test", arguments: { runtimeId: { $ne: null } } }));
        await transport.writeLine(raw("raw-7", "resources/read", { uri: "octoperf://runs/..%2F..%2Fetc" }));
        for (const id of ["raw-1", "raw-2", "raw-3", "raw-5", "raw-6", "raw-7"]) {
          const answer = await transport.responseTo(id);
          expect(answer, id).toMatchObject({ jsonrpc: "2.0", id });
        }
        // Still serving the real client after all that.
        await client.ping();
        const alive = await server.call("octoperf_status", { benchResultId: IDS.run });
        expect(alive.isError).toBeFalsy();

        const status = await server.close();
        expect(status).toEqual({ code: 0, signal: null });
        expect(stdoutProblems(server)).toEqual([]);
        expect(transport.received.length).toBeGreaterThan(100);
        // Logs went to stderr, as JSON lines, and some at warn (the retries).
        expect(server.stderr()).toMatch(/"level":"warn","message":"Retrying OctoPerf request"/);
        expect(undocumentedRequests(stub.requests)).toEqual([]);
        expect(launchCount(stub.requests)).toBe(2);
      } finally {
        await stub.close();
      }
    },
  );

  it("demo mode, everything at once: fifty concurrent calls mixing good and bad input interleave cleanly on stdout", { timeout: 30_000 }, async () => {
    const server = await spawnRecorded(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "1", OCTOPERF_LOG_LEVEL: "debug" }, { scanner, label: "purity demo" });
    const calls = Array.from({ length: 50 }, (_, i) => {
      const spec = TOOL_SPECS[i % TOOL_SPECS.length]!;
      const field = spec.fields[i % Math.max(1, spec.fields.length)];
      const args =
        field === undefined || i % 2 === 0 ? { ...spec.valid } : { ...spec.valid, [field.name]: BAD_VALUES[field.kind][i % BAD_VALUES[field.kind].length] };
      return server.call(spec.name, args);
    });
    const results = await Promise.all(calls);
    expect(results).toHaveLength(50);
    const status = await server.close();
    expect(status.code).toBe(0);
    expect(stdoutProblems(server)).toEqual([]);
  });

  it("a server that cannot start writes nothing at all on stdout", () => {
    const result = runBin([], { OCTOPERF_API_KEY: CANARY_API_KEY, OCTOPERF_BASE_URL: "http://127.0.0.1:1", OCTOPERF_TIMEOUT_MS: "never" });
    scanner.scan("stderr:bad config", result);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
  });

  it("the scans of this file saw results and stderr", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(50);
    expect(scanner.countOf("stderr")).toBeGreaterThanOrEqual(2);
  });
});
