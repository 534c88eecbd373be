/**
 * A frozen Redis (a real redis-server stopped with SIGSTOP: the kernel still accepts its
 * connections and bytes, nothing ever answers), through the BUILT bin with per-user keys, against
 * the loopback OctoPerf stub. node-redis's own command timeout stops counting once a command is
 * written, so without a deadline of ours every command waited forever: /readyz, launches, waits.
 * Bounds are generous against the promises (1 s, 2 s, budget + 2 s) only by scheduling noise.
 */
import { connect, createServer, type Socket } from "node:net";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { listenOnLoopback } from "../support/loopback-server.js";
import { LAUNCH_ROUTE, launchCount } from "../support/octoperf-routes.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { SEED } from "../support/seed-ids.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const REDIS_PASSWORD = "r3dis-pa55word-0f-the-frozen-e2e-9a";
const scanner = new SecretScanner([CANARY_API_KEY, REDIS_PASSWORD]);
let redis: RedisServerProcess | undefined;
let stub: StubOctoPerf | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await stopAllHttpServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Always thawed and stopped, whatever the test did (stop() sends SIGCONT first).
  await redis?.stop();
  redis = undefined;
  await stub?.close();
  stub = undefined;
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

const callTool = (client: Client, name: string, args: Record<string, unknown>) =>
  client.callTool({ name, arguments: args }, undefined, { timeout: 30_000 }) as Promise<CallToolResult>;

/** The audit lines the server wrote (JSON on stderr). */
function auditLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split("\n")
    .filter((line) => line.includes('"launch audit"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("a frozen Redis (SIGSTOP) hangs nothing", () => {
  it(
    "/readyz says 503 within 1 s; a launch is refused within 2 s and never sent, not even after Redis thaws; a wait answers within its budget + 2 s; every launch leaves an audit line without the key",
    { timeout: 90_000 },
    async () => {
      stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 600_000 } });
      redis = await startRedisServer({ requirePass: REDIS_PASSWORD });
      const server = await spawnHttpServer([], {
        OCTOPERF_BASE_URL: stub.baseUrl,
        OCTOPERF_REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redis.port}`,
        OCTOPERF_REDIS_PREFIX: `frozen-${process.pid}:`,
        OCTOPERF_TIMEOUT_MS: "5000",
      });
      const client = await server.connect({ token: CANARY_API_KEY });
      const first = await callTool(client, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke });
      expect(first.isError, textOf(first)).toBeFalsy();
      const { benchResultId } = first.structuredContent as { benchResultId: string };
      expect(launchCount(stub.requests)).toBe(1);

      redis.freeze();

      const ready = await timed(() => fetch(`${server.origin}/readyz`));
      expect(ready.value.status).toBe(503);
      expect(await ready.value.json()).toMatchObject({ status: "not ready", reason: expect.stringMatching(/Redis/) });
      expect(ready.ms).toBeLessThan(1_000);

      const refused = await timed(() => callTool(client, "octoperf_run_test", { runtimeId: SEED.scenario.authLoginSpike }));
      expect(refused.value.isError).toBe(true);
      expect(textOf(refused.value)).toMatch(/coordination store did not answer/);
      expect(refused.ms).toBeLessThan(2_000);

      const analyzed = await timed(() => callTool(client, "octoperf_run_and_analyze", { scenarioId: SEED.scenario.authLoginSpike, maxWaitSeconds: 5 }));
      expect(analyzed.value.isError, textOf(analyzed.value)).toBe(true);
      expect(textOf(analyzed.value)).toMatch(/coordination store did not answer/);
      expect(analyzed.ms).toBeLessThan(2_000);

      const waited = await timed(() => callTool(client, "octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 5 }));
      expect(waited.value.isError, textOf(waited.value)).toBeFalsy();
      expect(waited.value.structuredContent).toMatchObject({ terminal: false });
      expect(waited.ms).toBeLessThan(7_000);
      expect(launchCount(stub.requests)).toBe(1);

      // The partition heals: nothing held during it goes out late.
      redis.thaw();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(launchCount(stub.requests)).toBe(1);
      expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);
      const later = await callTool(client, "octoperf_run_test", { runtimeId: SEED.scenario.authLoginSpike });
      expect(later.isError, textOf(later)).toBeFalsy();
      expect(launchCount(stub.requests)).toBe(2);

      const audit = auditLines(server.stderr());
      expect(audit.map((line) => [line["event"], line["scenarioId"]])).toEqual([
        ["sent", SEED.scenario.checkoutSmoke],
        ["refused", SEED.scenario.authLoginSpike],
        ["refused", SEED.scenario.authLoginSpike],
        ["sent", SEED.scenario.authLoginSpike],
      ]);
      expect(audit[0]).toMatchObject({ level: "info", benchResultId, account: expect.stringMatching(/^key:[0-9a-f]{64}$/) });
      expect(audit[1]).toMatchObject({ code: "COORDINATION_UNAVAILABLE" });
      scanner.scan("stderr", server.stderr());
      scanner.scan("answers", [first, refused.value, analyzed.value, waited.value, later]);
    },
  );
});

/**
 * A TCP relay to Redis that can stop forwarding (a partition: the bytes go nowhere, nothing
 * answers, no connection closes) and later drop what it held, so the commands sent meanwhile
 * are lost rather than run late.
 */
async function relayTo(target: RedisServerProcess) {
  let forwarding = true;
  const held = new Set<Socket>();
  const relay = createServer((client: Socket) => {
    const upstream = connect(target.port, "127.0.0.1");
    held.add(client);
    client.on("close", () => held.delete(client));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.on("data", (chunk) => forwarding && upstream.write(chunk));
    upstream.on("data", (chunk) => forwarding && client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  const { baseUrl, close } = await listenOnLoopback(relay);
  return {
    port: Number(new URL(baseUrl).port),
    partition: () => (forwarding = false),
    heal: () => {
      for (const socket of held) socket.destroy();
      forwarding = true;
    },
    close,
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("Redis lost between a launch's claim and its record", () => {
  it(
    "the holder answers within seconds; a twin on the other replica gets the same run, reconciled from OctoPerf, quickly: one launch request",
    { timeout: 90_000 },
    async () => {
      stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 600_000 } });
      // The launch takes 2 s at OctoPerf: Redis goes away while it is under way.
      stub.script("POST", LAUNCH_ROUTE, [{ delayMs: 2_000, handled: true }]);
      redis = await startRedisServer();
      const relay = await relayTo(redis);
      cleanups.push(relay.close);
      const env = (port: number) => ({
        OCTOPERF_BASE_URL: stub!.baseUrl,
        OCTOPERF_REDIS_URL: `redis://127.0.0.1:${port}`,
        OCTOPERF_REDIS_PREFIX: `lost-${process.pid}:`,
        OCTOPERF_TIMEOUT_MS: "5000",
      });
      // A reaches Redis through the relay; B directly.
      const [a, b] = await Promise.all([spawnHttpServer([], env(relay.port)), spawnHttpServer([], env(redis.port))]);
      const [onA, onB] = [await a.connect({ token: CANARY_API_KEY }), await b.connect({ token: CANARY_API_KEY })];

      const holder = timed(() => callTool(onA, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke }));
      await until(() => launchCount(stub!.requests) === 1, "the launch request");
      relay.partition();
      const launched = await holder;
      expect(launched.value.isError, textOf(launched.value)).toBeFalsy();
      expect(launched.value.structuredContent).toMatchObject({ outcome: "launched" });
      // 2 s at OctoPerf + at most one Redis deadline for the record that does not land.
      expect(launched.ms).toBeLessThan(5_000);
      const { benchResultId } = launched.value.structuredContent as { benchResultId: string };

      const twin = await timed(() => callTool(onB, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke }));
      expect(twin.value.isError, textOf(twin.value)).toBeFalsy();
      expect(twin.value.structuredContent).toMatchObject({ benchResultId, outcome: "reconciled" });
      // The holder's claim stops beating: settled within its alive window (6 s) and a search, not 3 minutes.
      expect(twin.ms).toBeLessThan(15_000);
      expect(launchCount(stub.requests)).toBe(1);

      relay.heal();
      const readyAgain = async () => (await fetch(`${a.origin}/readyz`)).status === 200;
      for (let i = 0; i < 100 && !(await readyAgain()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      // Asked again anywhere: the run recorded by the twin, nothing sent.
      const again = await callTool(onA, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke });
      expect(again.structuredContent, textOf(again)).toMatchObject({ benchResultId, outcome: "existing" });
      expect(launchCount(stub.requests)).toBe(1);
      expect(auditLines(b.stderr()).map((line) => line["event"])).toEqual(["reconciled"]);
      scanner.scan("stderr", a.stderr() + b.stderr());
    },
  );

  it("a launch answered 429 that did start a run: the run is reported, not a refusal inviting a retry", { timeout: 60_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, fake: { runDurationMs: 600_000 } });
    stub.script("POST", LAUNCH_ROUTE, [{ status: 429, headers: { "Retry-After": "1" }, handled: true }]);
    redis = await startRedisServer();
    const server = await spawnHttpServer([], {
      OCTOPERF_BASE_URL: stub.baseUrl,
      OCTOPERF_REDIS_URL: redis.url,
      OCTOPERF_REDIS_PREFIX: `429-${process.pid}:`,
    });
    const client = await server.connect({ token: CANARY_API_KEY });
    const answer = await callTool(client, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke });
    expect(answer.isError, textOf(answer)).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({ outcome: "reconciled" });
    expect(textOf(answer)).not.toMatch(/try again/i);
    const again = await callTool(client, "octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke });
    expect(again.structuredContent).toMatchObject({ outcome: "existing" });
    expect(launchCount(stub.requests)).toBe(1);
    expect(auditLines(server.stderr()).map((line) => line["event"])).toEqual(["reconciled", "joined"]);
  });
});
