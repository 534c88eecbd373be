/**
 * Memory: resident set size (VmRSS in /proc/<pid>/status) of the server in demo mode, idle after
 * the handshake, then after following 50 parallel runs to their end through MCP: 50 launches
 * (`octoperf_run_test`, allowParallel, the seven demo scenarios in turn) and 50 concurrent
 * `octoperf_wait_for_test` loops until every run is terminal. RSS is sampled every 50 ms while
 * the runs go on; VmHWM is the kernel's own peak.
 */
import { checkOk, now, procMemory, sleep, startSession, structured } from "./support.js";

const SCENARIOS = [
  "checkoutNightly00001",
  "checkoutSmoke0000002",
  "storefrontPeak000003",
  "storefrontSoak000004",
  "authLoginSpike000005",
  "searchNoCapacity0006",
  "searchRelevance00007",
];

export interface MemoryResult {
  readonly runs: number;
  readonly demoRunSeconds: number;
  readonly idleRss: number;
  /** Right after the last run was seen terminal. */
  readonly afterRunsRss: number;
  /** One second later. */
  readonly settledRss: number;
  readonly peakSampledRss: number;
  readonly hwm: number;
  readonly waitCalls: number;
  readonly followSeconds: number;
  readonly states: Record<string, number>;
}

export async function measureMemory(runs = 50, demoRunSeconds = 4): Promise<MemoryResult> {
  const session = await startSession(["--demo"], { env: { OCTOPERF_DEMO_RUN_SECONDS: String(demoRunSeconds) } });
  try {
    await session.client.listTools();
    await sleep(1_000);
    const idleRss = procMemory(session.pid).rss;

    let peakSampledRss = idleRss;
    const sampler = setInterval(() => {
      peakSampledRss = Math.max(peakSampledRss, procMemory(session.pid).rss);
    }, 50);
    const startedAt = now();
    let waitCalls = 0;
    const states: Record<string, number> = {};
    try {
      const launched = await Promise.all(
        Array.from({ length: runs }, async (_, i) => {
          const answer = checkOk(
            await session.call("octoperf_run_test", { runtimeId: SCENARIOS[i % SCENARIOS.length], allowParallel: true }),
            "octoperf_run_test",
          );
          return structured<{ benchResultId: string }>(answer).benchResultId;
        }),
      );
      if (new Set(launched).size !== runs) throw new Error(`expected ${runs} distinct runs, got ${new Set(launched).size}`);
      await Promise.all(
        launched.map(async (benchResultId) => {
          // Bounded: 20 calls of up to 10 s each is far beyond a 4 s run.
          for (let call = 0; call < 20; call++) {
            const answer = structured<{ terminal: boolean; state: string }>(
              checkOk(
                await session.call("octoperf_wait_for_test", { benchResultId, pollIntervalSeconds: 1, maxWaitSeconds: 10 }, 30_000),
                "octoperf_wait_for_test",
              ),
            );
            waitCalls += 1;
            if (answer.terminal) {
              states[answer.state] = (states[answer.state] ?? 0) + 1;
              return;
            }
          }
          throw new Error(`run ${benchResultId} never ended`);
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    const followSeconds = (now() - startedAt) / 1000;
    const after = procMemory(session.pid);
    await sleep(1_000);
    const settled = procMemory(session.pid);
    return {
      runs,
      demoRunSeconds,
      idleRss,
      afterRunsRss: after.rss,
      settledRss: settled.rss,
      peakSampledRss: Math.max(peakSampledRss, after.rss),
      hwm: settled.hwm,
      waitCalls,
      followSeconds,
      states,
    };
  } finally {
    await session.close();
  }
}
