/**
 * Two replicas of the BUILT bin (--http, per-user keys) sharing one real redis-server, against
 * the loopback OctoPerf stub, driven by the SDK Client + StreamableHTTPClientTransport over real
 * sockets on 127.0.0.1. Every answer and the whole stderr are scanned for both users' keys and
 * the Redis password.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectCancelledWaitStopsPolling, waitUntilTerminal } from "../support/waits.js";
import { textOf } from "../support/mcp-client.js";
import { LAUNCH_ROUTE, launchCount } from "../support/octoperf-routes.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { spawnHttpServer, stopAllHttpServers, type HttpServerProcess } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

/** The message of a JSON-RPC error body. */
const errorMessage = (body: string) => (JSON.parse(body) as { error: { message: string } }).error.message;

const KEY_1 = CANARY_API_KEY;
const KEY_2 = "c4nary02-5ecr-4e7a-b1d2-sec0nd0user02";
const REDIS_PASSWORD = "r3dis-pa55word-0f-the-e2e-7c1f";
const SCENARIO = SEED.scenario.checkoutSmoke;
const scanner = new SecretScanner([KEY_1, KEY_2, REDIS_PASSWORD]);

let redis: RedisServerProcess;
let stub: StubOctoPerf | undefined;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedisServer({ requirePass: REDIS_PASSWORD });
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await stopAllHttpServers();
  await stub?.close();
  stub = undefined;
});

const redisUrl = (server: RedisServerProcess) => `redis://:${REDIS_PASSWORD}@127.0.0.1:${server.port}`;

/** Two replicas behind no balancer: the test plays the balancer, alternating between them. */
async function twoReplicas(
  baseUrl: string,
  store: RedisServerProcess = redis,
  env: Record<string, string> = {},
): Promise<[HttpServerProcess, HttpServerProcess]> {
  const shared = {
    OCTOPERF_BASE_URL: baseUrl,
    OCTOPERF_REDIS_URL: redisUrl(store),
    // A prefix per test: the tests share one redis-server and must not share claims.
    OCTOPERF_REDIS_PREFIX: `e2e-${process.pid}-${++prefixes}:`,
    OCTOPERF_TIMEOUT_MS: "5000",
    ...env,
  };
  return Promise.all([spawnHttpServer([], shared), spawnHttpServer([], shared)]);
}

function ok<T>(result: CallToolResult): T {
  scanner.scan("result", result);
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

const call = async <T>(client: Client, name: string, args: Record<string, unknown> = {}) =>
  ok<T>((await client.callTool({ name, arguments: args })) as CallToolResult);

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});

async function post(url: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: initialize,
  });
  const text = await response.text();
  scanner.scan("raw response", { headers: [...response.headers], text });
  return { status: response.status, headers: response.headers, text };
}

describe("per-user keys over HTTP", () => {
  it(
    "no key, a malformed header or a key that cannot be one: 401 with WWW-Authenticate and a one-line reason; a foreign Origin: 403; nothing reaches OctoPerf",
    { timeout: 30_000 },
    async () => {
      stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2] });
      const [a] = await twoReplicas(stub.baseUrl);
      const none = await post(a.url, {});
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toBe('Bearer realm="octoperf-mcp"');
      expect(errorMessage(none.text)).toMatch(/^this server needs your own OctoPerf API key: send Authorization: Bearer <your OctoPerf API key>/);
      expect(errorMessage(none.text)).not.toContain("\n");

      const short = await post(a.url, { Authorization: "Bearer abc" });
      expect(short.status).toBe(401);
      expect(short.headers.get("www-authenticate")).toMatch(/error="invalid_token", error_description="the Bearer OctoPerf API key is too short/);
      expect(errorMessage(short.text)).toMatch(/is too short to be an OctoPerf API key/);

      expect((await post(a.url, { Authorization: `Basic ${Buffer.from(`u:${KEY_1}`).toString("base64")}` })).status).toBe(401);
      expect((await post(a.url, { Authorization: `Bearer ${KEY_1}`, Origin: "https://evil.example" })).status).toBe(403);
      expect(stub.requests).toHaveLength(0);
      // A key that OctoPerf refuses reaches OctoPerf once, and the tool says which key to check.
      const stranger = await a.connect({ token: "0ther000-5ecr-4e7a-b1d2-n0tkn0wnkey0" });
      const refused = (await stranger.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/check the OctoPerf API key your MCP client sends as "Authorization: Bearer <key>"/);
      expect(textOf(refused)).not.toMatch(/OCTOPERF_API_KEY/);
      scanner.scan("stderr", a.stderr());
    },
  );

  it(
    "the whole workflow alternating replicas: discover on A, launch on B, wait on A with progress, analyze on B; every OctoPerf call with the user's own key",
    { timeout: 90_000 },
    async () => {
      stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 4_000 } });
      const [a, b] = await twoReplicas(stub.baseUrl);
      expect(await (await fetch(`${a.origin}/readyz`)).json()).toEqual({ status: "ready" });
      const [onA, onB] = [await a.connect({ token: KEY_1 }), await b.connect({ token: KEY_1 })];

      const { workspaces } = await call<{ workspaces: { id: string; name: string }[] }>(onA, "octoperf_get_current_user_workspaces");
      const workspace = workspaces.find((w) => w.name === "Acme Retail")!;
      const { projects } = await call<{ projects: { id: string; name: string }[] }>(onA, "get_project_by_workspace_id", { workspaceId: workspace.id });
      const project = projects.find((p) => p.name === "Checkout API")!;
      const { scenarios } = await call<{ scenarios: { id: string; name: string }[] }>(onA, "get_runtime_id", { projectId: project.id });
      const scenario = scenarios.find((s) => s.name === "Checkout smoke 20 VUs")!;

      const launched = await call<{ benchResultId: string; reportId: string; outcome: string }>(onB, "octoperf_run_test", { runtimeId: scenario.id });
      expect(launched.outcome).toBe("launched");
      // Asked again on the other replica: the launch recorded in Redis answers, nothing is sent.
      const again = await call<{ benchResultId: string; outcome: string }>(onA, "octoperf_run_test", { runtimeId: scenario.id });
      expect(again).toMatchObject({ benchResultId: launched.benchResultId, outcome: "existing" });

      const { waited, progress } = await waitUntilTerminal(onA, launched.benchResultId, ok);
      expect(waited).toMatchObject({ terminal: true, state: "FINISHED" });
      expect(progress.length).toBeGreaterThanOrEqual(2);

      const sla = await call<{ verdict: string }>(onB, "octoperf_evaluate_sla", { benchResultId: launched.benchResultId });
      expect(sla.verdict).toMatch(/^(PASS|FAIL)$/);
      await call(onB, "octoperf_report", { reportId: launched.reportId });

      expect(launchCount(stub.requests)).toBe(1);
      for (const request of stub.requests) expect(request.headers["authorization"]).toBe(`Bearer ${KEY_1}`);
      for (const server of [a, b]) {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
        scanner.scan("stderr", server.stderr());
      }
    },
  );

  it(
    "twin launches of one scenario sent at the same moment to A and B: ONE launch request at OctoPerf; another user's launch of it is their own",
    { timeout: 60_000 },
    async () => {
      stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
      // The first launch takes a while at OctoPerf: the twin arrives while it is under way.
      stub.script("POST", LAUNCH_ROUTE, [{ delayMs: 400, handled: true }]);
      const [a, b] = await twoReplicas(stub.baseUrl);
      const [onA, onB] = [await a.connect({ token: KEY_1 }), await b.connect({ token: KEY_1 })];
      const twins = await Promise.all([
        call<{ benchResultId: string; outcome: string }>(onA, "octoperf_run_test", { runtimeId: SCENARIO }),
        call<{ benchResultId: string; outcome: string }>(onB, "octoperf_run_test", { runtimeId: SCENARIO }),
      ]);
      expect(launchCount(stub.requests)).toBe(1);
      expect(twins[0].benchResultId).toBe(twins[1].benchResultId);
      expect(twins.map((t) => t.outcome).sort()).toEqual(["existing", "launched"]);

      // Dedupe is per account: user 2 does not see user 1's claim or run, and launches their own.
      const user2 = await b.connect({ token: KEY_2 });
      const theirs = await call<{ benchResultId: string; outcome: string }>(user2, "octoperf_run_test", { runtimeId: SCENARIO });
      expect(theirs.outcome).toBe("launched");
      expect(theirs.benchResultId).not.toBe(twins[0].benchResultId);
      const launches = stub.requests.filter((r) => r.method === "POST" && LAUNCH_ROUTE.test(r.path));
      expect(launches.map((r) => r.headers["authorization"])).toEqual([`Bearer ${KEY_1}`, `Bearer ${KEY_2}`]);
      for (const server of [a, b]) scanner.scan("stderr", server.stderr());
    },
  );

  it("two keys, two namespaces: each user's remembered last check stays theirs", { timeout: 60_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
    const [a, b] = await twoReplicas(stub.baseUrl);
    const user1 = await a.connect({ token: KEY_1 });
    const user2 = await b.connect({ token: KEY_2 });
    const launched = await call<{ benchResultId: string }>(user1, "octoperf_run_test", { runtimeId: SCENARIO });
    const reads = () => stub!.requests.filter((r) => r.method === "GET" && r.path === `/runtime/bench-results/${launched.benchResultId}`);
    // User 1 checks; a second wait of user 1 (other replica), too soon to ask again, answers from the shared last check.
    await call(user1, "octoperf_wait_for_test", { benchResultId: launched.benchResultId, maxWaitSeconds: 1, pollIntervalSeconds: 30 });
    const afterFirst = reads().length;
    const onB = await b.connect({ token: KEY_1 });
    await call(onB, "octoperf_wait_for_test", { benchResultId: launched.benchResultId, maxWaitSeconds: 1, pollIntervalSeconds: 30 });
    expect(reads().length).toBe(afterFirst);
    // User 2 never sees user 1's check: their wait asks OctoPerf, with their own key.
    await call(user2, "octoperf_wait_for_test", { benchResultId: launched.benchResultId, maxWaitSeconds: 1, pollIntervalSeconds: 30 });
    expect(reads().length).toBe(afterFirst + 1);
    expect(reads().at(-1)!.headers["authorization"]).toBe(`Bearer ${KEY_2}`);
  });

  it("a cancelled wait on one replica stops polling OctoPerf", { timeout: 40_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
    const [a, b] = await twoReplicas(stub.baseUrl);
    const launched = await call<{ benchResultId: string }>(await a.connect({ token: KEY_1 }), "octoperf_run_test", { runtimeId: SCENARIO });
    const onB = await b.connect({ token: KEY_1 });
    await expectCancelledWaitStopsPolling(onB, stub, launched.benchResultId);
  });

  it(
    "Redis stopped mid-test: launches refused with a clear error and nothing sent, reads and waits served, /readyz 503 with a reason",
    { timeout: 60_000 },
    async () => {
      const own = await startRedisServer({ requirePass: REDIS_PASSWORD });
      stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
      const [a, b] = await twoReplicas(stub.baseUrl, own);
      const [onA, onB] = [await a.connect({ token: KEY_1 }), await b.connect({ token: KEY_1 })];
      const launched = await call<{ benchResultId: string }>(onA, "octoperf_run_test", { runtimeId: SCENARIO });
      await own.stop();

      const started = Date.now();
      const refused = (await onB.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutNightly } })) as CallToolResult;
      scanner.scan("result", refused);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/nothing was launched/);
      expect(textOf(refused)).toMatch(/shared launch store \(Redis\) is unreachable/);
      expect(textOf(refused)).toMatch(/call octoperf_run_test again in a minute/);
      // Generous bound: a dead Redis answers in about a command timeout, not a TCP timeout.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(launchCount(stub.requests)).toBe(1);

      const status = await call<{ state: string }>(onA, "octoperf_status", { benchResultId: launched.benchResultId });
      expect(status.state).toBeDefined();
      const progress: unknown[] = [];
      const waited = ok<{ terminal: boolean; polls: number }>(
        (await onB.callTool(
          { name: "octoperf_wait_for_test", arguments: { benchResultId: launched.benchResultId, maxWaitSeconds: 3, pollIntervalSeconds: 1 } },
          undefined,
          {
            onprogress: (p) => progress.push(p),
          },
        )) as CallToolResult,
      );
      expect(waited.terminal).toBe(false);
      expect(waited.polls).toBeGreaterThanOrEqual(2);
      expect(progress.length).toBeGreaterThanOrEqual(2);

      for (const server of [a, b]) {
        const ready = await fetch(`${server.origin}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({ status: "not ready", reason: expect.stringMatching(/Redis coordination store does not answer/) });
        expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);
      }
      // The outage is logged at warn, once per replica, not once per call.
      const warnings = b
        .stderr()
        .split("\n")
        .filter((line) => line.includes('"level":"warn"') && line.includes("Redis coordination store unreachable"));
      expect(warnings).toHaveLength(1);
      for (const server of [a, b]) scanner.scan("stderr", server.stderr());
    },
  );

  it("SIGTERM during a wait on a replica: the wait answers terminal: false, the process exits 0", { timeout: 40_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
    const [a, b] = await twoReplicas(stub.baseUrl, redis, { OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS: "10" });
    const launched = await call<{ benchResultId: string }>(await a.connect({ token: KEY_1 }), "octoperf_run_test", { runtimeId: SCENARIO });
    const onB = await b.connect({ token: KEY_1 });
    let polls = 0;
    const wait = onB.callTool(
      { name: "octoperf_wait_for_test", arguments: { benchResultId: launched.benchResultId, maxWaitSeconds: 120, pollIntervalSeconds: 1 } },
      undefined,
      {
        onprogress: () => {
          polls += 1;
          if (polls === 1) b.child.kill("SIGTERM");
        },
        timeout: 30_000,
      },
    );
    const result = ok<{ terminal: boolean }>((await wait) as CallToolResult);
    expect(result.terminal).toBe(false);
    expect(await b.exited).toEqual({ code: 0, signal: null });
    // The other replica serves on.
    await call(await a.connect({ token: KEY_1 }), "octoperf_status", { benchResultId: launched.benchResultId });
  });

  it("200 concurrent calls across both replicas, two users: every one answered, no error", { timeout: 90_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: [KEY_1, KEY_2], fake: { runDurationMs: 600_000 } });
    const [a, b] = await twoReplicas(stub.baseUrl);
    const clients = await Promise.all(
      [a, b].flatMap((server) => [KEY_1, KEY_2].flatMap((key) => [server.connect({ token: key }), server.connect({ token: key })])),
    );
    const names = ["octoperf_get_current_user_workspaces", "octoperf_status", "octoperf_list_test_runs"] as const;
    const args: Record<(typeof names)[number], Record<string, unknown>> = {
      octoperf_get_current_user_workspaces: {},
      octoperf_status: { benchResultId: SEED.run.checkoutLastNight },
      octoperf_list_test_runs: { scenarioId: SEED.scenario.checkoutNightly },
    };
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const name = names[i % names.length]!;
        return clients[i % clients.length]!.callTool({ name, arguments: args[name] }, undefined, { timeout: 60_000 }) as Promise<CallToolResult>;
      }),
    );
    for (const result of results) expect(result.isError, textOf(result)).toBeFalsy();
    expect(results).toHaveLength(200);
    for (const server of [a, b]) scanner.scan("stderr", server.stderr());
  });
});
