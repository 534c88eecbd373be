/**
 * The BUILT bin serving Streamable HTTP (--http) on a real loopback socket, driven by the SDK's
 * Client + StreamableHTTPClientTransport: in demo mode, and in shared-account mode against the
 * loopback OctoPerf stub (what the stub received is asserted). Every answer and the whole stderr
 * are scanned for the OctoPerf key and the access token.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { callUntilFirstProgress, expectCancelledWaitStopsPolling, openRawWait, streamEnds, waitUntilTerminal } from "../support/waits.js";
import { textOf } from "../support/mcp-client.js";
import { launchCount } from "../support/octoperf-routes.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { runBin } from "../support/spawn-server.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { allTools } from "../../src/adapters/mcp/tools/index.js";
import { SEED } from "../support/seed-ids.js";

const KEY = CANARY_API_KEY;
const TOKEN = "acc3ss-t0ken-0f-the-team-server-e2e-ca9a7f3b1d";
const scanner = new SecretScanner([KEY, TOKEN]);

let stub: StubOctoPerf | undefined;
afterEach(async () => {
  await stopAllHttpServers();
  await stub?.close();
  stub = undefined;
});

const sharedEnv = (baseUrl: string) => ({
  OCTOPERF_API_KEY: KEY,
  OCTOPERF_BASE_URL: baseUrl,
  OCTOPERF_HTTP_SHARED_ACCOUNT: "true",
  OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN,
  OCTOPERF_TIMEOUT_MS: "5000",
});

function ok<T>(result: CallToolResult): T {
  scanner.scan("result", result);
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});
const mcpHeaders = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

async function post(url: string, headers: Record<string, string>, body: string = initialize) {
  const response = await fetch(url, { method: "POST", headers: { ...mcpHeaders, ...headers }, body });
  const text = await response.text();
  scanner.scan("raw response", { headers: [...response.headers], text });
  return { status: response.status, headers: response.headers, text };
}

describe("--http --demo over real sockets", () => {
  it("health, readiness, the same tools, resources and prompt, and 405/404 for what a stateless server does not serve", { timeout: 30_000 }, async () => {
    const server = await spawnHttpServer(["--demo"]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: "alive" });
    expect(await (await fetch(`${server.origin}/readyz`)).json()).toEqual({ status: "ready" });

    const client = await server.connect();
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["octoperf_run_test", "octoperf_wait_for_test", "octoperf_run_and_analyze"]));
    // The same tools as over stdio: every tool of the registry.
    expect(tools.tools.map((t) => t.name).sort()).toEqual(allTools.map((t) => t.name).sort());
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain("octoperf://metrics");
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain("load-test");
    const workspaces = ok<{ workspaces: unknown[] }>(
      (await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })) as CallToolResult,
    );
    expect(workspaces.workspaces.length).toBeGreaterThan(0);

    const get = await fetch(server.url, { headers: { Accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await fetch(`${server.origin}/elsewhere`)).status).toBe(404);
    // No CORS unless configured.
    const plain = await post(server.url, {});
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("DNS-rebinding protection: a foreign Origin or Host gets 403; no Origin (a CLI) and the server's own origin are served", { timeout: 20_000 }, async () => {
    const server = await spawnHttpServer(["--demo"], { OCTOPERF_HTTP_ALLOWED_ORIGINS: "https://chat.example.com" });
    const foreign = await post(server.url, { Origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({
      jsonrpc: "2.0",
      error: { message: expect.stringMatching(/Origin "http:\/\/evil.example" is not allowed/) },
    });
    expect((await post(server.url, { Origin: "null" })).status).toBe(403);
    expect((await post(server.url, { Origin: "https://chat.example.com" })).status).toBe(200);
    expect((await post(server.url, { Origin: server.origin })).status).toBe(200);
    expect((await post(server.url, {})).status).toBe(200);
    // fetch will not forge Host: a raw request does, as a rebinding page's browser would send it.
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const r = request(server.url, { method: "POST", headers: { ...mcpHeaders, Host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      r.on("error", reject);
      r.end(initialize);
    });
    expect(status).toBe(403);
  });

  it("an oversized body gets 413 with a JSON-RPC error, and the server serves on", { timeout: 20_000 }, async () => {
    const server = await spawnHttpServer(["--demo"], { OCTOPERF_HTTP_MAX_BODY_BYTES: "4096" });
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { pad: "x".repeat(10_000) } });
    const refused = await post(server.url, {}, big);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.text)).toEqual({ jsonrpc: "2.0", error: { code: -32000, message: "request body larger than 4096 bytes" }, id: null });
    const broken = await post(server.url, {}, "{not json");
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text)).toMatchObject({ error: { code: -32700 } });
    expect((await post(server.url, {})).status).toBe(200);
  });

  it("200 concurrent calls on one server: every one answered, no error", { timeout: 60_000 }, async () => {
    const server = await spawnHttpServer(["--demo"]);
    const clients = await Promise.all(Array.from({ length: 8 }, () => server.connect()));
    const calls = Array.from({ length: 200 }, (_, i) =>
      clients[i % clients.length]!.callTool({ name: i % 2 === 0 ? "get_runtime_id" : "octoperf_get_current_user_workspaces", arguments: {} }),
    );
    const results = (await Promise.all(calls)) as CallToolResult[];
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(results.every((r) => r.structuredContent !== undefined)).toBe(true);
    expect(server.stderr()).not.toMatch(/"level":"(error|warn)"/);
  });

  it("SIGTERM during a wait: the wait answers terminal: false, then the process exits 0", { timeout: 40_000 }, async () => {
    const server = await spawnHttpServer(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "600", OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS: "10" });
    const client = await server.connect();
    const launched = ok<{ benchResultId: string }>(
      (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } })) as CallToolResult,
    );
    const { answer: wait } = await callUntilFirstProgress(client, "octoperf_wait_for_test", {
      benchResultId: launched.benchResultId,
      maxWaitSeconds: 300,
      pollIntervalSeconds: 2,
    });
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    const answer = (await wait) as CallToolResult;
    const result = ok<{ terminal: boolean; budgetExhausted: boolean; stopped: boolean }>(answer);
    // Cut short by the shutdown, not by the budget: it says so.
    expect(result).toMatchObject({ terminal: false, budgetExhausted: false, stopped: true });
    expect(textOf(answer)).toMatch(/because this server is shutting down; the run goes on/);
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // Generous: the point is that it did not sit out the 300 s budget nor the 10 s grace.
    expect(Date.now() - signalledAt).toBeLessThan(8_000);
    scanner.scan("stderr", server.stderr());
  });
});

describe("SIGTERM during octoperf_run_and_analyze", () => {
  it("the call answers with its run not yet terminal (to follow with octoperf_wait_for_test), then the process exits 0", { timeout: 40_000 }, async () => {
    const server = await spawnHttpServer(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "600", OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS: "10" });
    const client = await server.connect();
    const { answer: call } = await callUntilFirstProgress(client, "octoperf_run_and_analyze", {
      scenarioId: SEED.scenario.checkoutSmoke,
      maxWaitSeconds: 300,
      pollIntervalSeconds: 2,
    });
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    const result = (await call) as CallToolResult;
    scanner.scan("result", result);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toMatch(/octoperf_wait_for_test/);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(8_000);
  });
});

describe("--http with one shared OctoPerf account, against the loopback stub", () => {
  it("no token or a wrong one: 401 with WWW-Authenticate and a one-line reason; nothing reaches OctoPerf", { timeout: 20_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: KEY });
    const server = await spawnHttpServer([], sharedEnv(stub.baseUrl));
    const none = await post(server.url, {});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="octoperf-mcp"');
    expect((JSON.parse(none.text) as { error: { message: string } }).error.message).toBe(
      "this server requires an access token: send Authorization: Bearer <token>",
    );
    const wrong = await post(server.url, { Authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer realm="octoperf-mcp", error="invalid_token"/);
    // The OctoPerf key is not the access token.
    expect((await post(server.url, { Authorization: `Bearer ${KEY}` })).status).toBe(401);
    expect((await post(server.url, { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` })).status).toBe(401);
    await expect(server.connect()).rejects.toThrow();
    expect(stub.requests).toEqual([]);
    expect((await post(server.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    scanner.scan("stderr", server.stderr());
  });

  it("discover → launch → wait with progress over SSE → analyze; every OctoPerf call with the shared key", { timeout: 60_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 4_000 } });
    const server = await spawnHttpServer([], sharedEnv(stub.baseUrl));
    const client = await server.connect({ token: TOKEN });
    const call = async <T>(name: string, args: Record<string, unknown> = {}) => ok<T>((await client.callTool({ name, arguments: args })) as CallToolResult);

    const { workspaces } = await call<{ workspaces: { id: string; name: string }[] }>("octoperf_get_current_user_workspaces");
    const workspace = workspaces.find((w) => w.name === "Acme Retail")!;
    const { projects } = await call<{ projects: { id: string; name: string }[] }>("get_project_by_workspace_id", { workspaceId: workspace.id });
    const project = projects.find((p) => p.name === "Checkout API")!;
    const { scenarios } = await call<{ scenarios: { id: string; name: string }[] }>("get_runtime_id", { projectId: project.id });
    const scenario = scenarios.find((s) => s.name === "Checkout smoke 20 VUs")!;
    const launched = await call<{ benchResultId: string; outcome: string }>("octoperf_run_test", { runtimeId: scenario.id });
    expect(launched.outcome).toBe("launched");

    const { waited, progress } = await waitUntilTerminal(client, launched.benchResultId, ok);
    expect(waited).toMatchObject({ terminal: true, state: "FINISHED" });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);

    const sla = await call<{ verdict: string }>("octoperf_evaluate_sla", { benchResultId: launched.benchResultId });
    expect(sla.verdict).toMatch(/^(PASS|FAIL)$/);
    const read = await client.readResource({ uri: `octoperf://runs/${launched.benchResultId}` });
    scanner.scan("resource", read);

    expect(launchCount(stub.requests)).toBe(1);
    for (const request of stub.requests) expect(request.headers["authorization"]).toBe(`Bearer ${KEY}`);
    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    scanner.scan("stderr", server.stderr());
    expect(scanner.countOf("stderr")).toBeGreaterThan(0);
  });

  it("a cancelled wait stops polling: OctoPerf sees no more state reads", { timeout: 40_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 600_000 } });
    const server = await spawnHttpServer([], sharedEnv(stub.baseUrl));
    const client = await server.connect({ token: TOKEN });
    const launched = ok<{ benchResultId: string }>(
      (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } })) as CallToolResult,
    );
    await expectCancelledWaitStopsPolling(client, stub, launched.benchResultId);
    // The server is fine and answers the next call.
    ok((await client.callTool({ name: "octoperf_status", arguments: { benchResultId: launched.benchResultId } })) as CallToolResult);
    scanner.scan("stderr", server.stderr());
  });
});

describe("HTTP edges: one message per POST, and a request must arrive in time", () => {
  /** POSTs `body` as is and reads the JSON answer. */
  const answerTo = async (url: string, body: string) => {
    const answer = await post(url, {}, body);
    return { status: answer.status, body: JSON.parse(answer.text) as { id?: unknown; error: { code: number; message: string } } };
  };

  it(
    "a batch, [], a bare value or JSON that is not JSON-RPC: -32600 in the stdio transport's words; bad params: -32602 with the id; the server serves on",
    { timeout: 20_000 },
    async () => {
      const server = await spawnHttpServer(["--demo"]);
      const batch = await answerTo(server.url, JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ping" }]));
      expect(batch).toEqual({
        status: 400,
        body: {
          jsonrpc: "2.0",
          error: { code: -32600, message: "Invalid Request: batches (JSON arrays) are not supported by MCP; send one message per POST" },
        },
      });
      expect(await answerTo(server.url, "[]")).toMatchObject({ status: 400, body: { error: { code: -32600, message: expect.stringMatching(/batches/) } } });
      expect(await answerTo(server.url, "42")).toMatchObject({
        status: 400,
        body: { error: { code: -32600, message: "Invalid Request: a JSON-RPC message is a JSON object" } },
      });
      expect(await answerTo(server.url, JSON.stringify({ hello: "world" }))).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
      // A request with a usable id gets its error as its answer, as on stdio.
      expect(await answerTo(server.url, JSON.stringify({ jsonrpc: "1.0", id: 5, method: "ping" }))).toMatchObject({
        status: 200,
        body: { id: 5, error: { code: -32600, message: expect.stringMatching(/"jsonrpc" must be "2.0"/) } },
      });
      expect(await answerTo(server.url, JSON.stringify({ jsonrpc: "2.0", id: 6, method: "tools/call", params: { arguments: {} } }))).toMatchObject({
        status: 200,
        body: { id: 6, error: { code: -32602, message: expect.stringMatching(/^Invalid params: params.name: /) } },
      });
      // An invalid notification gets no JSON-RPC answer, but HTTP must still refuse it.
      expect(await answerTo(server.url, JSON.stringify({ jsonrpc: "2.0", method: 5 }))).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
      const client = await server.connect();
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    },
  );

  it(
    "a request trickling in (headers, or body a byte at a time) or never sent is cut within the request timeout; a wait streaming longer than it answers",
    { timeout: 40_000 },
    async () => {
      const server = await spawnHttpServer(["--demo"], { OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS: "1", OCTOPERF_DEMO_RUN_SECONDS: "600" });
      const { port } = new URL(server.url);
      const { connect } = await import("node:net");
      const startedAt = Date.now();
      /** A raw connection that sends `head` and then one byte of `drip` every 100 ms; resolves with what the server said when it closed the connection. */
      const slowClient = (head: string, drip: string) =>
        new Promise<{ said: string; afterMs: number }>((resolve) => {
          const socket = connect(Number(port), "127.0.0.1");
          let said = "";
          let sent = 0;
          const timer = setInterval(() => sent < drip.length && socket.write(drip[sent++]!), 100);
          socket.on("connect", () => head.length > 0 && socket.write(head));
          socket.on("data", (d) => (said += String(d)));
          socket.on("error", () => {});
          socket.on("close", () => {
            clearInterval(timer);
            resolve({ said, afterMs: Date.now() - startedAt });
          });
        });
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }).padEnd(400, " ");
      const slow = await Promise.all([
        ...Array.from({ length: 10 }, () => slowClient("", `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${"x".repeat(200)}\r\n\r\n`)),
        ...Array.from({ length: 10 }, () =>
          slowClient(
            `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\n\r\n`,
            body,
          ),
        ),
        ...Array.from({ length: 5 }, () => slowClient("", "")),
      ]);
      // Each was closed by the server, within the timeout and node's checking period (before: never, or after 30 s).
      for (const { afterMs } of slow) expect(afterMs).toBeLessThan(5_000);
      // A body that trickles is answered in JSON-RPC before its connection closes.
      for (const { said } of slow.slice(10, 20)) {
        expect(said).toMatch(/^HTTP\/1\.1 408/);
        expect(said).toMatch(/"the request body did not arrive within 1 s"/);
      }
      for (const { said } of slow.slice(0, 10)) expect(said).toMatch(/^(HTTP\/1\.1 408|$)/);

      // The timeout covers receiving the request, not the answer: a 3 s wait streams to its end.
      const client = await server.connect();
      const launched = ok<{ benchResultId: string }>(
        (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } })) as CallToolResult,
      );
      const waited = ok<{ terminal: boolean; polls: number }>(
        (await client.callTool({
          name: "octoperf_wait_for_test",
          arguments: { benchResultId: launched.benchResultId, maxWaitSeconds: 3, pollIntervalSeconds: 1 },
        })) as CallToolResult,
      );
      expect(waited.terminal).toBe(false);
      expect(waited.polls).toBeGreaterThanOrEqual(2);
      expect(server.stderr()).not.toMatch(/"level":"error"/);
    },
  );
});

describe("cancellation of a stateless request, on the wire", () => {
  const auth = { Authorization: `Bearer ${TOKEN}` };

  /** A raw client's session: the Mcp-Session-Id its initialize was answered with. */
  async function sessionOf(url: string): Promise<Record<string, string>> {
    const initialized = await post(url, auth);
    const id = initialized.headers.get("mcp-session-id");
    expect(id).not.toBeNull();
    return { "Mcp-Session-Id": id! };
  }

  const openWait = (url: string, benchResultId: string, requestId: number, headers: Record<string, string> = {}, maxWaitSeconds = 60) =>
    openRawWait(url, { ...auth, ...headers }, { benchResultId, requestId, maxWaitSeconds });

  const cancelOf = (requestId: number, reason?: string) =>
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, ...(reason === undefined ? {} : { reason }) } });

  async function launchedRun() {
    stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 600_000 } });
    const server = await spawnHttpServer([], sharedEnv(stub.baseUrl));
    const client = await server.connect({ token: TOKEN });
    const launched = ok<{ benchResultId: string }>(
      (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } })) as CallToolResult,
    );
    const reads = () => stub!.requests.filter((r) => r.method === "GET" && r.path === `/runtime/bench-results/${launched.benchResultId}`).length;
    return { server, benchResultId: launched.benchResultId, reads };
  }

  /** One poll interval (1 s) and a half with no state read: the wait has stopped. */
  async function expectNoMoreReads(reads: () => number) {
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(reads()).toBe(before);
  }

  it(
    "notifications/cancelled in its own POST, with the client's session, ends the wait and closes its stream (no answer, as the spec asks)",
    { timeout: 30_000 },
    async () => {
      const { server, benchResultId, reads } = await launchedRun();
      const session = await sessionOf(server.url);
      const wait = await openWait(server.url, benchResultId, 4242, session);
      const cancel = await post(server.url, { ...auth, ...session }, cancelOf(4242, "changed my mind"));
      expect(cancel.status).toBe(202);
      // Before, the SDK (rightly) sent no answer and nothing closed the stream: the POST stayed open.
      const text = await streamEnds(wait, 5_000);
      expect(text).not.toMatch(/"result"/);
      await expectNoMoreReads(reads);
      expect(server.stderr()).toMatch(/"tool":"octoperf_wait_for_test","code":"CANCELLED"/);
    },
  );

  it(
    "a cancellation without a session reaches nothing: a caller without a session cannot cancel another's call, which answers",
    { timeout: 30_000 },
    async () => {
      const { server, benchResultId, reads } = await launchedRun();
      // The victim and the other caller share the account and send no session id: before, the
      // other caller's cancel of id 42 cancelled the victim's wait and left its POST open.
      const victim = await openWait(server.url, benchResultId, 42, {}, 3);
      const cancel = await post(server.url, auth, cancelOf(42, "not yours"));
      expect(cancel.status).toBe(202);
      const before = reads();
      const answer = await streamEnds(victim, 10_000);
      expect(answer).toMatch(/"result"/);
      expect(answer).toMatch(/\\"terminal\\":false|"terminal":false/);
      expect(reads()).toBeGreaterThan(before);
      expect(server.stderr()).not.toMatch(/"code":"CANCELLED"/);
    },
  );

  it("another client's session cannot cancel a call; a session id the server did not issue gets 404", { timeout: 30_000 }, async () => {
    const { server, benchResultId, reads } = await launchedRun();
    const [victimSession, otherSession] = [await sessionOf(server.url), await sessionOf(server.url)];
    const victim = await openWait(server.url, benchResultId, 42, victimSession, 3);
    expect((await post(server.url, { ...auth, ...otherSession }, cancelOf(42))).status).toBe(202);
    const forged = await post(server.url, { ...auth, "Mcp-Session-Id": "42" }, cancelOf(42));
    expect(forged.status).toBe(404);
    expect(JSON.parse(forged.text)).toMatchObject({ error: { message: expect.stringMatching(/session not found: .* initialize again/) } });
    const before = reads();
    expect(await streamEnds(victim, 10_000)).toMatch(/"result"/);
    expect(reads()).toBeGreaterThan(before);
  });

  it("an ambiguous cancellation (two requests of one session with the same id) cancels neither", { timeout: 30_000 }, async () => {
    const { server, benchResultId, reads } = await launchedRun();
    const session = await sessionOf(server.url);
    const first = await openWait(server.url, benchResultId, 7, session);
    const second = await openWait(server.url, benchResultId, 7, session);
    await post(server.url, { ...auth, ...session }, cancelOf(7));
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reads()).toBeGreaterThan(before);
    expect(first.ended() || second.ended()).toBe(false);
    first.abort();
    second.abort();
    await Promise.all([first.rest, second.rest]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectNoMoreReads(reads);
  });

  it("a client that hangs up ends its wait: no more state reads", { timeout: 30_000 }, async () => {
    const { benchResultId, reads, server } = await launchedRun();
    const wait = await openWait(server.url, benchResultId, 9);
    wait.abort();
    await wait.rest;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectNoMoreReads(reads);
  });
});

describe("--http refuses at startup what it cannot serve safely (exit 2, one line naming the setting)", () => {
  it.each([
    [{ OCTOPERF_API_KEY: KEY }, /OCTOPERF_API_KEY in HTTP mode would let everyone .* OCTOPERF_HTTP_SHARED_ACCOUNT=true/],
    [{ OCTOPERF_HTTP_SHARED_ACCOUNT: "true" }, /OCTOPERF_HTTP_SHARED_ACCOUNT=true needs the shared account's OCTOPERF_API_KEY/],
    [{ OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN }, /OCTOPERF_HTTP_ACCESS_TOKEN only applies to a shared account/],
    [{ OCTOPERF_DEMO: "1", OCTOPERF_REDIS_URL: "redis://127.0.0.1:6379" }, /OCTOPERF_REDIS_URL does not apply to --demo/],
    [{ OCTOPERF_REDIS_URL: "http://:s3cr3t-pass@127.0.0.1:6379" }, /OCTOPERF_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ OCTOPERF_REDIS_PREFIX: "has space" }, /OCTOPERF_REDIS_PREFIX must be printable ASCII/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_SHARED_ACCOUNT: "true" }, /OCTOPERF_HTTP_ACCESS_TOKEN is required/],
    [
      { OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: "short" },
      /OCTOPERF_HTTP_ACCESS_TOKEN must be at least 32 characters/,
    ],
    [
      { OCTOPERF_API_KEY: `${TOKEN}`, OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN },
      /OCTOPERF_HTTP_ACCESS_TOKEN must differ from OCTOPERF_API_KEY/,
    ],
    [{ OCTOPERF_DEMO: "1", OCTOPERF_HTTP_PORT: "70000" }, /OCTOPERF_HTTP_PORT must be between 0 and 65535/],
    [{ OCTOPERF_DEMO: "1", OCTOPERF_HTTP_ALLOWED_ORIGINS: "https://ok.example,https://bad.example/path" }, /OCTOPERF_HTTP_ALLOWED_ORIGINS must list origins/],
    [{ OCTOPERF_DEMO: "1", OCTOPERF_HTTP_SHARED_ACCOUNT: "maybe" }, /OCTOPERF_HTTP_SHARED_ACCOUNT must be true or false/],
  ])("%o", (env, message) => {
    const result = runBin(["--http"], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    new SecretScanner([KEY, TOKEN]).scan("stderr", result.stderr);
  });

  it("names the flag when the flag is wrong, and refuses --port without --http", () => {
    expect(runBin(["--http", "--demo", "--port", "abc"]).stderr).toMatch(/--port must be a port number/);
    expect(runBin(["--http", "--demo", "--port"]).stderr).toMatch(/--port needs a value/);
    expect(runBin(["--demo", "--port", "9000"]).stderr).toMatch(/--port and --host only apply with --http/);
  });
});
