import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisConnection } from "../../../src/adapters/redis/redis-connection.js";
import { RedisRunCoordination } from "../../../src/adapters/redis/redis-run-coordination.js";
import { CoordinationUnavailableError } from "../../../src/domain/errors.js";
import { SystemClock } from "../../../src/adapters/system-clock.js";

const systemClock = new SystemClock();
import type { LogLevel } from "../../../src/ports/logger-port.js";
import { describeRunCoordinationContract, RECORDED } from "../../ports/run-coordination-port.contract.js";
import { startRedisServer, type RedisServerProcess } from "../../support/redis-server.js";

let redis: RedisServerProcess;
const connections: RedisConnection[] = [];
const servers: RedisServerProcess[] = [];
const silent = { log: () => {} };

function connect(url = redis.url, commandTimeoutMs = 1_000): RedisConnection {
  const connection = connectRedis({ url, logger: silent, connectTimeoutMs: 1_000, commandTimeoutMs });
  connections.push(connection);
  return connection;
}

async function untilReady(connection: RedisConnection): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await connection.ping())) {
    if (Date.now() > deadline) throw new Error("Redis did not answer within 10 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis.stop();
  await Promise.all(servers.map((s) => s.stop()));
});

let namespaces = 0;
describeRunCoordinationContract("Redis (a real redis-server; two connections, as two replicas have)", async () => {
  const [a, b] = [connect(), connect()];
  await Promise.all([untilReady(a), untilReady(b)]);
  // A fresh account namespace per test: the store starts empty without flushing the server.
  const accountId = `contract-${process.pid}-${++namespaces}`;
  const store = (c: RedisConnection) =>
    new RedisRunCoordination({ redis: c.commands, prefix: "test:", accountId, clock: systemClock, logger: silent, commandTimeoutMs: 1_000 });
  return {
    store: store(a),
    sameStoreElsewhere: store(b),
    now: () => Date.now(),
    // Redis expires keys on its own clock: really wait.
    advance: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});

describe("RedisRunCoordination", () => {
  it("namespaces keys per account under the prefix, and every key it writes expires", async () => {
    const c = connect();
    await untilReady(c);
    const store = new RedisRunCoordination({
      redis: c.commands,
      prefix: "pfx:",
      accountId: "key:abc",
      clock: systemClock,
      logger: silent,
      commandTimeoutMs: 1_000,
    });
    const other = new RedisRunCoordination({
      redis: c.commands,
      prefix: "pfx:",
      accountId: "key:def",
      clock: systemClock,
      logger: silent,
      commandTimeoutMs: 1_000,
    });
    const claim = await store.claimLaunch(RECORDED.scenarioId, { at: Date.now(), ttlMs: 60_000 });
    expect(claim.kind).toBe("claimed");
    // Another account claims the same scenario freely: dedupe is per account.
    expect((await other.claimLaunch(RECORDED.scenarioId, { at: Date.now(), ttlMs: 60_000 })).kind).toBe("claimed");
    if (claim.kind !== "claimed") return;
    await store.recordLaunch(RECORDED.scenarioId, claim.token, RECORDED, 60_000);
    await store.rememberCheck(RECORDED.benchResultId, { at: 1, run: { id: RECORDED.benchResultId }, intervalMs: 5_000 } as never, 60_000);
    const keys = (await c.commands.sendCommand<string[]>(["KEYS", "pfx:*"])).sort();
    expect(keys).toEqual([
      `pfx:key:abc:check:${RECORDED.benchResultId}`,
      `pfx:key:abc:launch:${RECORDED.scenarioId}`,
      `pfx:key:def:launch:${RECORDED.scenarioId}`,
    ]);
    for (const key of keys) {
      const ttl = await c.commands.sendCommand<number>(["PTTL", key]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it("Redis down: launch steps throw CoordinationUnavailableError fast, reads degrade to not remembering, and warn once", async () => {
    const dead = await startRedisServer();
    const logs: { level: LogLevel; message: string }[] = [];
    const logger = { log: (level: LogLevel, message: string) => void logs.push({ level, message }) };
    const c = connectRedis({ url: dead.url, logger: silent, connectTimeoutMs: 500, commandTimeoutMs: 500 });
    connections.push(c);
    await untilReady(c);
    await dead.stop();
    const store = new RedisRunCoordination({ redis: c.commands, prefix: "t:", accountId: "a", clock: systemClock, logger, commandTimeoutMs: 500 });
    const started = Date.now();
    const refused = await store.claimLaunch(RECORDED.scenarioId, { at: Date.now(), ttlMs: 1_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CoordinationUnavailableError);
    expect(refused).toMatchObject({ code: "COORDINATION_UNAVAILABLE", scenarioId: RECORDED.scenarioId, step: "claim", retryable: true });
    await expect(store.takeOverLaunch(RECORDED.scenarioId, "t", { at: 0, ttlMs: 1_000 })).rejects.toMatchObject({ step: "take-over" });
    await expect(store.readLaunch(RECORDED.scenarioId)).rejects.toMatchObject({ step: "read" });
    expect(await store.lastCheck(RECORDED.benchResultId)).toBeNull();
    await expect(store.rememberCheck(RECORDED.benchResultId, {} as never, 1_000)).resolves.toBeUndefined();
    // Ending or renewing a claim says the store did not answer (not "claim lost"): its holder decides what to retry.
    await expect(store.recordLaunch(RECORDED.scenarioId, "t", RECORDED, 1_000)).rejects.toMatchObject({ step: "record" });
    await expect(store.releaseLaunch(RECORDED.scenarioId, "t", "nothing-sent", 1_000)).rejects.toMatchObject({ step: "release" });
    await expect(store.renewClaim(RECORDED.scenarioId, "t", { at: 0, ttlMs: 1_000 })).rejects.toMatchObject({ step: "renew" });
    expect(await c.ping()).toBe(false);
    // Generous bound: a dead Redis must answer in about a command timeout, not a TCP timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logs.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("a Redis that never answered (wrong port) refuses launches at once and reports not ready", async () => {
    const c = connect("redis://127.0.0.1:1", 500);
    const store = new RedisRunCoordination({ redis: c.commands, prefix: "t:", accountId: "a", clock: systemClock, logger: silent, commandTimeoutMs: 500 });
    await expect(store.claimLaunch(RECORDED.scenarioId, { at: 0, ttlMs: 1_000 })).rejects.toBeInstanceOf(CoordinationUnavailableError);
    expect(await c.ping()).toBe(false);
  });

  it(
    "a frozen Redis (SIGSTOP: connected, never answers): every command fails within our deadline, then works again once it thaws",
    { timeout: 30_000 },
    async () => {
      const frozen = await startRedisServer();
      // Also stopped (thawed first) after all: a test that times out never reaches its finally.
      servers.push(frozen);
      try {
        const c = connectRedis({ url: frozen.url, logger: silent, connectTimeoutMs: 500, commandTimeoutMs: 400, pingTimeoutMs: 200 });
        connections.push(c);
        await untilReady(c);
        const store = new RedisRunCoordination({ redis: c.commands, prefix: "t:", accountId: "a", clock: systemClock, logger: silent, commandTimeoutMs: 400 });
        const closing = connectRedis({ url: frozen.url, logger: silent, connectTimeoutMs: 500, commandTimeoutMs: 400 });
        await untilReady(closing);
        frozen.freeze();
        const bounded = async (work: () => Promise<unknown>) => {
          const started = performance.now();
          const outcome = await work().then(
            (value: unknown) => ({ value }),
            (error: unknown) => ({ error }),
          );
          return { ...outcome, ms: performance.now() - started };
        };
        const ping = await bounded(() => c.ping());
        expect(ping).toMatchObject({ value: false });
        expect(ping.ms).toBeLessThan(1_000);
        const claim = await bounded(() => store.claimLaunch(RECORDED.scenarioId, { at: Date.now(), ttlMs: 60_000 }));
        expect(claim).toMatchObject({ error: expect.any(CoordinationUnavailableError) });
        expect((claim as { error: CoordinationUnavailableError }).error).toMatchObject({ step: "claim", cause: { name: "RedisDeadlineError" } });
        expect(claim.ms).toBeLessThan(1_000);
        const reads = await bounded(() =>
          Promise.all([store.lastCheck(RECORDED.benchResultId), store.rememberCheck(RECORDED.benchResultId, {} as never, 1_000)]),
        );
        expect(reads).toMatchObject({ value: [null, undefined] });
        expect(reads.ms).toBeLessThan(1_000);

        // A replica shutting down with a command in flight: its close does not wait for a reply that never comes.
        void closing.ping();
        const closed = await bounded(() => closing.close());
        expect(closed.ms).toBeLessThan(1_000);

        frozen.thaw();
        await untilReady(c);
        // The claim sent while frozen ran late, with a token nobody holds; a fresh namespace shows the store works again.
        const fresh = new RedisRunCoordination({ redis: c.commands, prefix: "t:", accountId: "b", clock: systemClock, logger: silent, commandTimeoutMs: 400 });
        expect((await fresh.claimLaunch(RECORDED.scenarioId, { at: Date.now(), ttlMs: 60_000 })).kind).toBe("claimed");
      } finally {
        await frozen.stop();
      }
    },
  );
});
