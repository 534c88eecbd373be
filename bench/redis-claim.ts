/**
 * What a shared launch guard adds to a launch: the coordination steps of a launch on its happy
 * path (claim the scenario, then record the run the claim produced), timed against the in-memory
 * store and against Redis (a real redis-server on loopback, a fresh one started for the measure,
 * through the same node-redis client the server uses). The OctoPerf launch itself is the same in
 * both and left out. Each launch claims a scenario id of its own, as distinct launches do.
 */
import { connectRedis } from "../src/adapters/redis/redis-connection.js";
import { RedisRunCoordination } from "../src/adapters/redis/redis-run-coordination.js";
import { InMemoryRunCoordination } from "../src/adapters/memory/in-memory-run-coordination.js";
import { SystemClock } from "../src/adapters/system-clock.js";
import type { RecordedLaunch, RunCoordinationPort } from "../src/ports/run-coordination-port.js";
import { startRedisServer } from "../test/support/redis-server.js";
import { now, summarize, type Summary } from "./support.js";

export interface ClaimCostResult {
  readonly launches: number;
  readonly warmupLaunches: number;
  readonly inMemory: Summary;
  readonly redis: Summary;
  readonly addedMedianMs: number;
  readonly addedP95Ms: number;
}

const LAUNCH: Omit<RecordedLaunch, "scenarioId"> = {
  benchResultId: "benchRun000000000001",
  benchReportId: "benchRep000000000001",
  scenarioName: "Bench scenario",
  projectId: "benchProject00000001",
  totalVus: 20,
  expectedDurationMs: 60_000,
};

async function timeLaunches(store: RunCoordinationPort, tag: string, count: number, samples: number[] | null): Promise<void> {
  for (let i = 0; i < count; i++) {
    const scenarioId = `${tag}${String(i).padStart(8, "0")}`;
    const startedAt = now();
    const claim = await store.claimLaunch(scenarioId, { at: Date.now(), ttlMs: 180_000 });
    if (claim.kind !== "claimed") throw new Error(`bench: ${scenarioId} was not free`);
    if (!(await store.recordLaunch(scenarioId, claim.token, { ...LAUNCH, scenarioId }, 300_000))) throw new Error("bench: record refused");
    samples?.push(now() - startedAt);
  }
}

export async function measureClaimCost(launches = 2000, warmupLaunches = 300): Promise<ClaimCostResult> {
  const clock = new SystemClock();
  const silent = { log: () => {} };
  const redisServer = await startRedisServer();
  const connection = connectRedis({ url: redisServer.url, logger: silent, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 });
  try {
    const deadline = Date.now() + 10_000;
    while (!(await connection.ping())) {
      if (Date.now() > deadline) throw new Error("bench: redis-server did not answer");
      await new Promise((r) => setTimeout(r, 20));
    }
    const memory = new InMemoryRunCoordination(clock);
    const redis = new RedisRunCoordination({
      redis: connection.commands,
      prefix: "bench:",
      accountId: "account",
      clock,
      logger: silent,
      commandTimeoutMs: 1_000,
    });
    const inMemorySamples: number[] = [];
    const redisSamples: number[] = [];
    await timeLaunches(memory, "warm-m", warmupLaunches, null);
    await timeLaunches(redis, "warm-r", warmupLaunches, null);
    // Interleaved halves, so drift in the machine's load weighs on both alike.
    for (const half of ["a", "b"]) {
      await timeLaunches(memory, `mem-${half}-`, launches / 2, inMemorySamples);
      await timeLaunches(redis, `red-${half}-`, launches / 2, redisSamples);
    }
    const inMemory = summarize(inMemorySamples);
    const redisSummary = summarize(redisSamples);
    return {
      launches,
      warmupLaunches,
      inMemory,
      redis: redisSummary,
      addedMedianMs: redisSummary.median - inMemory.median,
      addedP95Ms: redisSummary.p95 - inMemory.p95,
    };
  } finally {
    await connection.close();
    await redisServer.stop();
  }
}
