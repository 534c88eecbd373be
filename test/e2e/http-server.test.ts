/**
 * The BUILT bin serving Streamable HTTP (--http) on a real loopback socket, driven by the SDK's
 * Client + StreamableHTTPClientTransport: in demo mode, and in shared-account mode against the
 * loopback OctoPerf stub (what the stub received is asserted). Every answer and the whole stderr
 * are scanned for the OctoPerf key and the access token.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { callUntilFirstProgress, expectCancelledWaitStopsPolling, waitUntilTerminal } from "../support/waits.js";
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

describe("cancellation of a stateless request, on the wire", () => {
  /** A tools/call whose SSE answer stays open: resolves once the first progress event arrived. */
  async function openWait(url: string, benchResultId: string, requestId: number) {
    const controller = new AbortController();
    const response = await fetch(url, {
      method: "POST",
      headers: { ...mcpHeaders, Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: requestId,
        method: "tools/call",
        params: { name: "octoperf_wait_for_test", arguments: { benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 1 }, _meta: { progressToken: "p" } },
      }),
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("notifications/progress")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${seen}`);
      seen += value;
    }
    const rest = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return seen;
          seen += value;
        }
      } catch {
        return seen;
      }
    })();
    return { abort: () => controller.abort(), rest };
  }

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

  async function expectNoMoreReads(reads: () => number) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reads()).toBe(before);
  }

  it("notifications/cancelled in its own POST (there is no session) reaches the wait, whose stream stays open", { timeout: 30_000 }, async () => {
    const { server, benchResultId, reads } = await launchedRun();
    const wait = await openWait(server.url, benchResultId, 4242);
    const cancel = await post(
      server.url,
      { Authorization: `Bearer ${TOKEN}` },
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 4242, reason: "changed my mind" } }),
    );
    expect(cancel.status).toBe(202);
    await expectNoMoreReads(reads);
    wait.abort();
    await wait.rest;
    expect(server.stderr()).toMatch(/"tool":"octoperf_wait_for_test","code":"CANCELLED"/);
  });

  it("an ambiguous cancellation (two requests in flight with the same id) cancels neither", { timeout: 30_000 }, async () => {
    const { server, benchResultId, reads } = await launchedRun();
    const first = await openWait(server.url, benchResultId, 7);
    const second = await openWait(server.url, benchResultId, 7);
    await post(
      server.url,
      { Authorization: `Bearer ${TOKEN}` },
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 7 } }),
    );
    const before = reads();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reads()).toBeGreaterThan(before);
    first.abort();
    second.abort();
    await Promise.all([first.rest, second.rest]);
    await expectNoMoreReads(reads);
  });

  it("a client that hangs up ends its wait: no more state reads", { timeout: 30_000 }, async () => {
    const { benchResultId, reads, server } = await launchedRun();
    const wait = await openWait(server.url, benchResultId, 9);
    wait.abort();
    await wait.rest;
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
