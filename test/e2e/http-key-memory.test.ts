/**
 * The BUILT team server in per-user mode keeps nothing per distinct key: a crowd of callers (or
 * one stranger) sending keys never seen before, refused by the loopback OctoPerf or by the
 * server itself, leaves the heap as it was once garbage is collected. Memory is read after a
 * forced collection in the server (memory-probe.ts), so the figure is what is kept, not garbage
 * V8 has not collected yet; the warm-up lets compiled code and the server's bounded caches fill.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DistinctKeyCallers } from "../support/distinct-keys.js";
import { GC_PROBE_NODE_OPTIONS, memoryAfterGc } from "../support/memory-probe.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const MiB = 1024 * 1024;
const WARM_UP_KEYS = 200;
const KEYS = 1_000;
/**
 * Before the masking cache was bounded, about 7 KiB was kept per key that reached OctoPerf
 * (5 MiB over these keys); bounded, the heap after a collection moves by less than 1 MiB either
 * way over thousands of keys (compiled code, V8's own caches): the bound sits between the two.
 */
const HEAP_GROWTH_BOUND = 2 * MiB;

let stub: StubOctoPerf | undefined;
afterEach(async () => {
  await stopAllHttpServers();
  await stub?.close();
  stub = undefined;
});

describe("per-user team server: memory per distinct key (built bin, forced GC)", () => {
  it(`${KEYS} distinct keys grow the heap by less than ${HEAP_GROWTH_BOUND / MiB} MiB`, async () => {
    stub = await startStubOctoPerf({ apiKey: "the-0nly-key-this-0ctoperf-accepts-0001" });
    const server = await spawnHttpServer([], { OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_MAX_RETRIES: "0", NODE_OPTIONS: GC_PROBE_NODE_OPTIONS });
    // Three in four are shaped like a key and go to OctoPerf (refused there, the answer masked
    // with that key); the fourth, too short to be a key, is refused by the server before anything is built.
    const callers = new DistinctKeyCallers(
      server.url,
      (serial) => (serial % 4 === 0 ? `s${serial}` : `distinctKey${String(serial).padStart(8, "0")}x${Math.random().toString(36).slice(2, 10)}`),
      (key, body) => {
        expect(body).not.toContain(key);
        if (key.length > 8) expect(body).toContain('"isError":true');
      },
    );
    await callers.send(WARM_UP_KEYS);
    const before = await memoryAfterGc(server.child);
    await callers.send(KEYS);
    const after = await memoryAfterGc(server.child);

    // Both paths were taken: answered (an OctoPerf refusal, as a tool error) and refused by the server.
    expect(Object.fromEntries(callers.statuses)).toEqual({ 200: ((WARM_UP_KEYS + KEYS) * 3) / 4, 401: (WARM_UP_KEYS + KEYS) / 4 });
    expect(stub.requests.length).toBeGreaterThanOrEqual(((WARM_UP_KEYS + KEYS) * 3) / 4);
    const growth = after.heapUsed - before.heapUsed;
    expect(growth, `heap used ${(before.heapUsed / MiB).toFixed(2)} → ${(after.heapUsed / MiB).toFixed(2)} MiB`).toBeLessThan(HEAP_GROWTH_BOUND);
  }, 240_000);
});
