/**
 * A replica's first moments with Redis, through the BUILT bin and a real redis-server: a replica
 * whose Redis is up is ready as soon as it says it listens, and one whose Redis is down still
 * starts, says why it is not ready, and becomes ready on its own when Redis comes up.
 */
import { createServer, connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../support/loopback-server.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { CANARY_API_KEY } from "../support/secret-scan.js";

const HANDSHAKE_DELAY_MS = 500;
const cleanups: (() => Promise<void>)[] = [];
let stub: StubOctoPerf;

afterEach(async () => {
  await stopAllHttpServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP relay to Redis that accepts at once but holds every connection's bytes for a while: a Redis that is up but slow to answer the handshake. */
async function slowRelayTo(redis: RedisServerProcess) {
  const relay = createServer((client: Socket) => {
    client.pause();
    const timer = setTimeout(() => {
      const upstream = connect(redis.port, "127.0.0.1");
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, HANDSHAKE_DELAY_MS);
    client.on("close", () => clearTimeout(timer));
  });
  const { baseUrl, close } = await listenOnLoopback(relay);
  return { port: Number(new URL(baseUrl).port), close };
}

async function readiness(origin: string) {
  const response = await fetch(`${origin}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

// Per-user keys (no key on the server): the team server's usual shape.
const serverEnv = (redisPort: number) => ({
  OCTOPERF_BASE_URL: stub.baseUrl,
  OCTOPERF_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  OCTOPERF_REDIS_PREFIX: `startup-${process.pid}:`,
});

describe("a replica's first connection to Redis", () => {
  it("Redis up but slow to shake hands: the replica is ready as soon as it logs its address", { timeout: 30_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY });
    cleanups.push(() => stub.close());
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const relay = await slowRelayTo(redis);
    cleanups.push(relay.close);

    const server = await spawnHttpServer([], serverEnv(relay.port));
    expect(await readiness(server.origin)).toEqual({ status: 200, body: { status: "ready" } });
  });

  it("Redis down at start: the replica still starts, says why it is not ready, and is ready once Redis is up", { timeout: 40_000 }, async () => {
    stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY });
    cleanups.push(() => stub.close());
    // A free port with nothing on it yet; redis-server is started there later.
    const probe = await listenOnLoopback(createServer());
    const port = Number(new URL(probe.baseUrl).port);
    await probe.close();

    const server = await spawnHttpServer([], serverEnv(port));
    expect(server.stderr()).toMatch(/Redis does not answer yet: serving, but launches are refused/);
    expect(await readiness(server.origin)).toEqual({
      status: 503,
      body: { status: "not ready", reason: expect.stringMatching(/Redis coordination store does not answer/) },
    });

    const redis = await startRedisServer({ port });
    cleanups.push(() => redis.stop());
    // Reconnection backs off to at most 2 s between attempts: generous bound.
    const deadline = Date.now() + 20_000;
    let last = await readiness(server.origin);
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await readiness(server.origin);
    }
    expect(last).toEqual({ status: 200, body: { status: "ready" } });
  });
});
