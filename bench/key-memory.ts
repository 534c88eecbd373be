/**
 * Memory per distinct key: the team server in per-user mode (the built bin, `--http`, no key of
 * its own) in front of a loopback OctoPerf that refuses every key (401), as an attacker or a crowd
 * of mistyped keys would meet it. Each request carries a key never sent before, in the form the
 * server accepts, so it is composed, sent to OctoPerf, refused, and its answer masked with that
 * key. The server runs with a probe (test/support/gc-probe.mjs) that collects its garbage before
 * each reading: without it, a reading counts garbage V8 has not collected yet (its heap grows
 * with the allocation rate before it collects), which is not memory kept per key. After a
 * warm-up (compiled code, the bounded caches filled), readings every `step` keys; the figures are
 * (last − first) / keys × 1,000, for VmRSS and for the V8 heap in use.
 * Run alone: `npx tsx bench/key-memory.ts` (after `npm run build`); KM_WARM, KM_KEYS and KM_STEP set the counts,
 * KM_NODE_OPTIONS adds to the server's Node options (`--max-old-space-size=40`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { DistinctKeyCallers } from "../test/support/distinct-keys.js";
import { GC_PROBE_NODE_OPTIONS, memoryAfterGc } from "../test/support/memory-probe.js";
import { startReplica } from "./http-throughput.js";
import { untrackChild } from "./support.js";

export interface KeyMemoryReading {
  /** Distinct keys sent so far, warm-up included. */
  readonly keys: number;
  readonly rss: number;
  readonly heapUsed: number;
}

export interface KeyMemoryResult {
  readonly warmupKeys: number;
  readonly keys: number;
  /** After the warm-up, then after each step; every one right after a forced collection. */
  readonly readings: readonly KeyMemoryReading[];
  readonly baseRss: number;
  readonly afterRss: number;
  /** (afterRss - baseRss) per 1,000 distinct keys, bytes. */
  readonly growthPerThousand: number;
  /** The same for the V8 heap in use. */
  readonly heapGrowthPerThousand: number;
  /** HTTP statuses the server answered, by count: the requests reached the masking path. */
  readonly statuses: Record<string, number>;
}

const CONCURRENCY = 16;

export async function measureKeyMemory(warmupKeys = 2_000, keys = 10_000, step = 2_500): Promise<KeyMemoryResult> {
  const refusing = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ status: 401, message: "Full authentication is required" }));
    });
  });
  await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
  const octoperf = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
  const { child, url } = await startReplica([], {
    OCTOPERF_BASE_URL: octoperf,
    OCTOPERF_MAX_RETRIES: "0",
    NODE_OPTIONS: `${GC_PROBE_NODE_OPTIONS} ${process.env.KM_NODE_OPTIONS ?? ""}`.trim(),
  });
  try {
    const callers = new DistinctKeyCallers(
      url,
      (serial) => `benchKey${String(serial).padStart(10, "0")}${Math.random().toString(36).slice(2, 12)}`,
      () => {},
      CONCURRENCY,
    );
    const read = async (): Promise<KeyMemoryReading> => {
      const memory = await memoryAfterGc(child);
      return { keys: callers.sent, rss: memory.rss, heapUsed: memory.heapUsed };
    };
    await callers.send(warmupKeys);
    const readings = [await read()];
    for (let sent = 0; sent < keys; sent += step) {
      await callers.send(Math.min(step, keys - sent));
      readings.push(await read());
    }
    const first = readings[0]!;
    const last = readings.at(-1)!;
    const perThousand = (bytes: number) => (bytes / (last.keys - first.keys)) * 1_000;
    return {
      warmupKeys,
      keys,
      readings,
      baseRss: first.rss,
      afterRss: last.rss,
      growthPerThousand: perThousand(last.rss - first.rss),
      heapGrowthPerThousand: perThousand(last.heapUsed - first.heapUsed),
      statuses: Object.fromEntries(callers.statuses),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    untrackChild(child.pid!);
    await new Promise((resolve) => refusing.close(resolve));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const result = await measureKeyMemory(Number(env.KM_WARM ?? 2_000), Number(env.KM_KEYS ?? 10_000), Number(env.KM_STEP ?? 2_500));
  const mib = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(3));
  process.stdout.write(
    `${JSON.stringify(
      {
        ...result,
        readings: result.readings.map((r) => ({ keys: r.keys, rssMiB: mib(r.rss), heapUsedMiB: mib(r.heapUsed) })),
        growthPerThousandMiB: mib(result.growthPerThousand),
        heapGrowthPerThousandMiB: mib(result.heapGrowthPerThousand),
      },
      null,
      2,
    )}\n`,
  );
}
