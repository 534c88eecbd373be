/**
 * Memory per distinct key: the team server in per-user mode (the built bin, `--http`, no key of
 * its own) in front of a loopback OctoPerf that refuses every key (401), as an attacker or a crowd
 * of mistyped keys would meet it. Each request carries a key never sent before, in the form the
 * server accepts, so it is composed, sent to OctoPerf, refused, and its answer masked with that
 * key. VmRSS after a warm-up, then after `keys` more distinct keys: the growth per 1,000 keys.
 * Run alone: `npx tsx bench/key-memory.ts` (after `npm run build`); KM_WARM and KM_KEYS set the counts,
 * KM_NODE_OPTIONS the server's (`--max-old-space-size=40` shows what is retained rather than not yet collected).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { startReplica } from "./http-throughput.js";
import { procMemory, sleep, untrackChild } from "./support.js";

export interface KeyMemoryResult {
  readonly warmupKeys: number;
  readonly keys: number;
  readonly baseRss: number;
  readonly afterRss: number;
  /** (afterRss - baseRss) per 1,000 distinct keys, bytes. */
  readonly growthPerThousand: number;
  /** HTTP statuses the server answered, by count: the requests reached the masking path. */
  readonly statuses: Record<string, number>;
}

const CONCURRENCY = 16;

export async function measureKeyMemory(warmupKeys = 1_000, keys = 5_000): Promise<KeyMemoryResult> {
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
    ...(process.env.KM_NODE_OPTIONS ? { NODE_OPTIONS: process.env.KM_NODE_OPTIONS } : {}),
  });
  try {
    const statuses: Record<string, number> = {};
    let serial = 0;
    const send = async (count: number) => {
      let left = count;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (left > 0) {
            left -= 1;
            serial += 1;
            const key = `benchKey${String(serial).padStart(10, "0")}${Math.random().toString(36).slice(2, 12)}`;
            const response = await fetch(url, {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
              body: JSON.stringify({
                jsonrpc: "2.0",
                id: serial,
                method: "tools/call",
                params: { name: "octoperf_get_current_user_workspaces", arguments: {} },
              }),
            });
            await response.text();
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          }
        }),
      );
    };
    await send(warmupKeys);
    await sleep(1_000);
    const baseRss = procMemory(child.pid!).rss;
    await send(keys);
    await sleep(1_000);
    const afterRss = procMemory(child.pid!).rss;
    return { warmupKeys, keys, baseRss, afterRss, growthPerThousand: ((afterRss - baseRss) / keys) * 1_000, statuses };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    untrackChild(child.pid!);
    await new Promise((resolve) => refusing.close(resolve));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureKeyMemory(Number(process.env.KM_WARM ?? 1_000), Number(process.env.KM_KEYS ?? 5_000));
  process.stdout.write(`${JSON.stringify({ ...result, growthPerThousandMiB: result.growthPerThousand / 1024 / 1024 }, null, 2)}\n`);
}
