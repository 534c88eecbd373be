/**
 * What a frozen Redis costs a team server: the time `/readyz` and a refused launch take while the
 * replica's redis-server is stopped with SIGSTOP (the kernel still accepts its connections and
 * bytes; nothing answers). The built bin with `--http`, per-user keys, against the loopback
 * OctoPerf stub; a fresh redis-server of the bench's own, thawed (SIGCONT) and stopped afterwards
 * whatever happens. Also counts the launch requests OctoPerf received meanwhile: none expected.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { launchCount } from "../test/support/octoperf-routes.js";
import { startRedisServer } from "../test/support/redis-server.js";
import { CANARY_API_KEY } from "../test/support/secret-scan.js";
import { SEED } from "../test/support/seed-ids.js";
import { spawnHttpServer, stopAllHttpServers } from "../test/support/spawn-http-server.js";
import { startStubOctoPerf } from "../test/support/stub-octoperf-server.js";
import { now, summarize, trackChild, untrackChild, type Summary } from "./support.js";

export interface FrozenRedisResult {
  /** /readyz while Redis is frozen: every answer was 503. */
  readonly readyz: Summary;
  readonly readyzAll503: boolean;
  /** octoperf_run_test while Redis is frozen: every answer was the coordination refusal. */
  readonly refusedLaunch: Summary;
  readonly allRefused: boolean;
  /** Launch requests OctoPerf received while frozen and in the 2 s after the thaw. */
  readonly launchesSent: number;
}

export async function measureFrozenRedis(samples = 8): Promise<FrozenRedisResult> {
  const stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY });
  const redis = await startRedisServer();
  let client: Client | undefined;
  try {
    const server = await spawnHttpServer([], {
      OCTOPERF_BASE_URL: stub.baseUrl,
      OCTOPERF_REDIS_URL: redis.url,
      OCTOPERF_REDIS_PREFIX: "bench-frozen:",
    });
    if (server.child.pid !== undefined) trackChild(server.child.pid);
    client = new Client({ name: "bench-frozen-redis", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${CANARY_API_KEY}` } } }));
    const readyz: number[] = [];
    const refused: number[] = [];
    let readyzAll503 = true;
    let allRefused = true;
    redis.freeze();
    for (let i = 0; i < samples; i++) {
      let startedAt = now();
      const response = await fetch(`${server.origin}/readyz`);
      await response.text();
      readyz.push(now() - startedAt);
      readyzAll503 &&= response.status === 503;

      startedAt = now();
      const answer = (await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } }, undefined, {
        timeout: 30_000,
      })) as CallToolResult;
      refused.push(now() - startedAt);
      const text = answer.content.map((c) => (c.type === "text" ? c.text : "")).join("");
      allRefused &&= answer.isError === true && /coordination store did not answer/.test(text);
    }
    redis.thaw();
    // A launch held during the freeze would go out now: give it the time to.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const launchesSent = launchCount(stub.requests);
    if (server.child.pid !== undefined) untrackChild(server.child.pid);
    return { readyz: summarize(readyz), readyzAll503, refusedLaunch: summarize(refused), allRefused, launchesSent };
  } finally {
    await client?.close().catch(() => {});
    await stopAllHttpServers();
    await redis.stop();
    await stub.close();
  }
}
