/**
 * Cancellation behind a round-robin proxy: two replicas of the BUILT bin sharing a real
 * redis-server, a real per-request round-robin proxy on loopback in front of them, the loopback
 * OctoPerf stub behind, and the SDK's own Client (StreamableHTTPClientTransport) cancelling with
 * an AbortController. The client's `notifications/cancelled` comes in a POST of its own, which
 * the proxy sends to the other replica than the one running the call: it must reach the call
 * there, and only the call of the client that sent it.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { launchCount } from "../support/octoperf-routes.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { startRoundRobinProxy, type ProxiedRequest, type RoundRobinProxy } from "../support/round-robin-proxy.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { SEED } from "../support/seed-ids.js";
import { connectMcpClient, spawnHttpServer, stopAllHttpServers, type HttpServerProcess } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { openRawWait, streamEnds, until } from "../support/waits.js";

const KEY = CANARY_API_KEY;
const TOKEN = "acc3ss-t0ken-0f-the-cancel-e2e-00000000000001";
const SCENARIO = SEED.scenario.checkoutSmoke;
const scanner = new SecretScanner([KEY, TOKEN]);

let redis: RedisServerProcess;
let stub: StubOctoPerf | undefined;
let proxy: RoundRobinProxy | undefined;
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await stopAllHttpServers();
  await stub?.close();
  stub = undefined;
});

/** Two replicas sharing Redis (per-user keys, or the shared account), behind the round-robin proxy. */
async function replicasBehindProxy(sharedAccount: boolean): Promise<{ replicas: HttpServerProcess[]; proxy: RoundRobinProxy }> {
  stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 600_000 } });
  const env = {
    OCTOPERF_BASE_URL: stub.baseUrl,
    OCTOPERF_REDIS_URL: redis.url,
    OCTOPERF_REDIS_PREFIX: `e2e-cancel-${process.pid}-${++prefixes}:`,
    OCTOPERF_TIMEOUT_MS: "5000",
    ...(sharedAccount ? { OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN } : {}),
  };
  const replicas = await Promise.all([spawnHttpServer([], env), spawnHttpServer([], env)]);
  proxy = await startRoundRobinProxy(replicas.map((r) => r.origin));
  return { replicas, proxy };
}

/** The SDK client through the proxy, once its connection requests (initialize, initialized, the refused GET stream) are answered. */
async function clientThrough(through: RoundRobinProxy, token: string): Promise<Client> {
  const client = await connectMcpClient(through.url, token);
  await through.waitFor((r) => r.method === "GET", { answered: true });
  return client;
}

/**
 * Makes the next request go to another replica than `running`: one ping more when the turn
 * would bring it back there. A balancer without affinity does this by chance; the test by design.
 */
async function nextGoesElsewhere(through: RoundRobinProxy, client: Client, running: ProxiedRequest): Promise<void> {
  if (through.nextUpstream() === running.upstream) await client.ping();
  expect(through.nextUpstream()).not.toBe(running.upstream);
}

const lastToolCall = (through: RoundRobinProxy) => through.requests.filter((r) => r.rpcMethod === "tools/call").at(-1)!;
const cancelled = (tool: string) => new RegExp(`"tool":"${tool}","code":"CANCELLED"`);

function ok<T>(result: CallToolResult): T {
  scanner.scan("result", result);
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

describe("a cancel reaches its call on whichever replica runs it", () => {
  it("the SDK client cancels a wait; the cancel lands on the other replica; no OctoPerf read after one poll interval", { timeout: 60_000 }, async () => {
    const { replicas, proxy } = await replicasBehindProxy(false);
    const client = await clientThrough(proxy, KEY);
    const launched = ok<{ benchResultId: string }>(
      (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SCENARIO } })) as CallToolResult,
    );
    const reads = () => stub!.requests.filter((r) => r.method === "GET" && r.path === `/runtime/bench-results/${launched.benchResultId}`).length;

    const controller = new AbortController();
    let progressed!: () => void;
    const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
    const wait = client.callTool(
      { name: "octoperf_wait_for_test", arguments: { benchResultId: launched.benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 1 } },
      undefined,
      { signal: controller.signal, onprogress: () => progressed(), timeout: 60_000 },
    );
    await firstProgress;
    const running = lastToolCall(proxy);
    await nextGoesElsewhere(proxy, client, running);
    controller.abort("the user changed their mind");
    await expect(wait).rejects.toThrow(/changed their mind/);

    const cancel = await proxy.waitFor((r) => r.rpcMethod === "notifications/cancelled", { answered: true });
    expect(cancel.upstream).not.toBe(running.upstream);
    expect(cancel.status).toBe(202);
    // The replica running the wait hears it (through Redis) and ends the wait.
    await until("the wait's replica logging the cancellation", () => cancelled("octoperf_wait_for_test").test(replicas[running.upstream]!.stderr()));
    const afterCancel = reads();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(reads()).toBe(afterCancel);
    for (const replica of replicas) scanner.scan("stderr", replica.stderr());
  });

  it("a cancelled launch still waiting on its scenario's claim sends no launch request, even once the claim is free", { timeout: 60_000 }, async () => {
    const { replicas, proxy } = await replicasBehindProxy(false);
    // The holder of the claim: its scenario read hangs 4 s and then fails, so it releases the
    // claim having sent nothing. A twin still waiting would then take the claim and launch.
    stub!.script("GET", `/runtime/scenarios/${SCENARIO}`, [{ delayMs: 4_000, status: 404 }]);
    const holder = (await replicas[0]!.connect({ token: KEY })).callTool({ name: "octoperf_run_test", arguments: { runtimeId: SCENARIO } });
    await until("the holder's scenario read (it holds the claim)", () => stub!.requests.some((r) => r.path === `/runtime/scenarios/${SCENARIO}`));

    const client = await clientThrough(proxy, KEY);
    const controller = new AbortController();
    const twin = client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SCENARIO } }, undefined, { signal: controller.signal, timeout: 60_000 });
    // Answered (the SSE stream opened): the twin's call is under way on its replica, behind the claim.
    const running = await proxy.waitFor((r) => r.rpcMethod === "tools/call", { answered: true });
    await nextGoesElsewhere(proxy, client, running);
    controller.abort("not now");
    await expect(twin).rejects.toThrow(/not now/);
    const cancel = await proxy.waitFor((r) => r.rpcMethod === "notifications/cancelled", { answered: true });
    expect(cancel.upstream).not.toBe(running.upstream);

    await until(
      "the twin's replica logging the cancellation, or a launch request",
      () => cancelled("octoperf_run_test").test(replicas[running.upstream]!.stderr()) || launchCount(stub!.requests) > 0,
    );
    const held = (await holder) as CallToolResult;
    expect(held.isError).toBe(true);
    // The claim is free now: a twin still waiting would take it within one join poll (at most 2 s).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(launchCount(stub!.requests)).toBe(0);
  });
});

describe("a cancel reaches only the call of the caller that sent it", () => {
  it(
    "shared account, across replicas: another caller's cancels (its own session, or none) of the victims' request ids change nothing; both victims answer",
    { timeout: 60_000 },
    async () => {
      const { replicas, proxy } = await replicasBehindProxy(true);
      const auth = { Authorization: `Bearer ${TOKEN}` };
      const launcher = await replicas[0]!.connect({ token: TOKEN });
      const { benchResultId } = ok<{ benchResultId: string }>(
        (await launcher.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SCENARIO } })) as CallToolResult,
      );

      // Victim 1: the SDK client (with its session). Victim 2: a raw client with no session, request id 42.
      const victim = await clientThrough(proxy, TOKEN);
      let progressed!: () => void;
      const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
      const sdkWait = victim.callTool({ name: "octoperf_wait_for_test", arguments: { benchResultId, maxWaitSeconds: 4, pollIntervalSeconds: 1 } }, undefined, {
        onprogress: () => progressed(),
        timeout: 30_000,
      });
      await firstProgress;
      const sdkRequestId = lastToolCall(proxy).rpcId!;
      const rawWait = await openRawWait(proxy.url, auth, { benchResultId, requestId: 42, maxWaitSeconds: 4 });

      // The other caller: a session of its own, and no session; each cancel sent twice, so that
      // the round-robin brings it to both replicas.
      const initialized = await fetch(proxy.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...auth },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "other", version: "0" } },
        }),
      });
      const otherSession = initialized.headers.get("mcp-session-id")!;
      await initialized.text();
      for (const headers of [{ ...auth, "Mcp-Session-Id": otherSession }, auth]) {
        for (const requestId of [sdkRequestId, sdkRequestId, 42, 42]) {
          const response = await fetch(proxy.url, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
            body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId, reason: "not yours" } }),
          });
          expect(response.status).toBe(202);
        }
      }

      const waited = ok<{ terminal: boolean }>((await sdkWait) as CallToolResult);
      expect(waited.terminal).toBe(false);
      const raw = await streamEnds(rawWait, 15_000);
      expect(raw).toMatch(/"result"/);
      for (const replica of replicas) {
        expect(replica.stderr()).not.toMatch(/"code":"CANCELLED"/);
        scanner.scan("stderr", replica.stderr());
      }
    },
  );
});
