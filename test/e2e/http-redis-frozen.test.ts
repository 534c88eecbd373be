/**
 * A frozen Redis (a real redis-server stopped with SIGSTOP: the kernel still accepts its
 * connections and bytes, nothing ever answers), through the BUILT bin with per-user keys, against
 * the loopback OctoPerf stub. node-redis's own command timeout stops counting once a command is
 * written, so without a deadline of ours every command waited forever: /readyz, launches, waits.
 * Bounds are generous against the promises (1 s, 2 s, budget + 2 s) only by scheduling noise.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { launchCount } from "../support/octoperf-routes.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { SEED } from "../support/seed-ids.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const REDIS_PASSWORD = "r3dis-pa55word-0f-the-frozen-e2e-9a";
const scanner = new SecretScanner([CANARY_API_KEY, REDIS_PASSWORD]);
let redis: RedisServerProcess | undefined;
let stub: StubOctoPerf | undefined;

afterEach(async () => {
  await stopAllHttpServers();
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
