/**
 * Wait efficiency: how many OctoPerf API requests following a run to its end costs, when the model
 * calls `octoperf_wait_for_test` again and again until terminal, versus a model that calls
 * `octoperf_status` every 10 s. Both go through the real server over stdio, in HTTP mode, against
 * the loopback stub, whose request log (with timestamps) is the source of every count.
 *
 * Two runs, measured concurrently (each strategy with its own stub and server):
 * - "real time": a 30 s run of the checkout smoke scenario with its load shape shrunk to the run
 *   (21 s of load), with the server's default cadence (duration/10 clamped to 3–60 s → 3 s) and
 *   default budget (50 s); the model polls every 10 s.
 * - "compressed ×10": the 4-minute checkout smoke scenario (a 270 s run) with every duration
 *   divided by 10: a 27 s run, the interval the server would pick for it (16 s: 24 s capped by
 *   budget/3) passed as pollIntervalSeconds 1.6, budget 5 s instead of 50 s, model polls every 1 s.
 *   The wait logic is time-invariant, so the counts are those of the uncompressed run, except the
 *   one GET of the scenario a default-cadence wait makes (and the request latencies, a few ms,
 *   are not scaled).
 */
import type { FakeOctoPerfOptions } from "../src/adapters/fake/fake-octoperf-adapter.js";
import { startStubOctoPerf, type RecordedRequest } from "../test/support/stub-octoperf-server.js";
import { checkOk, now, routeOf, sleep, startSession, structured } from "./support.js";

const API_KEY = "bench-api-key-0123456789";
const WAIT = "octoperf_wait_for_test";
const STATUS = "octoperf_status";
const SCENARIO = "checkoutSmoke0000002";

export interface WaitVariant {
  readonly name: string;
  /** Real time divided by this gives the uncompressed figures' time base (1 = real time). */
  readonly timeScale: number;
  readonly scenarioId: string;
  /** CREATED → FINISHED, real ms. */
  readonly runDurationMs: number;
  /** "match-run": the fake shrinks the scenario's load shape to the run (70 % of it), so the default cadence fits the run. */
  readonly scenarioDurations: NonNullable<FakeOctoPerfOptions["scenarioDurations"]>;
  readonly waitArgs: { readonly maxWaitSeconds?: number; readonly pollIntervalSeconds?: number };
  /** The model's polling period, real ms (10 s / timeScale). */
  readonly modelPollMs: number;
}

export const WAIT_VARIANTS: readonly WaitVariant[] = [
  {
    name: "30 s run, real time, default cadence",
    timeScale: 1,
    scenarioId: SCENARIO,
    runDurationMs: 30_000,
    scenarioDurations: "match-run",
    waitArgs: {},
    modelPollMs: 10_000,
  },
  {
    name: "270 s run of the 4-min checkout smoke scenario, compressed ×10",
    timeScale: 10,
    scenarioId: SCENARIO,
    runDurationMs: 27_000,
    scenarioDurations: "as-seeded",
    waitArgs: { maxWaitSeconds: 5, pollIntervalSeconds: 1.6 },
    modelPollMs: 1_000,
  },
];

export interface StrategyResult {
  readonly toolCalls: number;
  /** GET /runtime/bench-results/{id}. */
  readonly stateRequests: number;
  /** Every request to the stub after the launch answer. */
  readonly totalRequests: number;
  readonly requestsByRoute: Record<string, number>;
  /** Launch → terminal answer seen by the model, real seconds. */
  readonly elapsedSeconds: number;
  readonly finalState: string;
  /** Bytes of the tool results the model had to read (JSON-RPC result members). */
  readonly answerBytes: number;
}

export interface WaitVariantResult {
  readonly variant: WaitVariant;
  readonly wait: StrategyResult;
  readonly poll: StrategyResult;
  /** The interval the wait used (from its answer), real seconds. */
  readonly waitIntervalSeconds: number;
  /** Smallest gap between two consecutive state requests of the wait, real ms. */
  readonly minStateGapMs: number;
  /** Most state requests seen in any window of one poll interval (the target: ≤ 1). */
  readonly maxStateRequestsPerInterval: number;
  readonly atMostOnePerInterval: boolean;
}

const route = (r: RecordedRequest): string => routeOf(r.method, r.path);

async function follow(variant: WaitVariant, strategy: "wait" | "poll") {
  const stub = await startStubOctoPerf({
    apiKey: API_KEY,
    fake: { runDurationMs: variant.runDurationMs, scenarioDurations: variant.scenarioDurations },
  });
  const session = await startSession([], {
    env: { OCTOPERF_API_KEY: API_KEY, OCTOPERF_BASE_URL: stub.baseUrl },
    recordResponses: true,
  });
  try {
    const launched = structured<{ benchResultId: string }>(
      checkOk(await session.call("octoperf_run_test", { runtimeId: variant.scenarioId, allowParallel: true }), "octoperf_run_test"),
    );
    const { benchResultId } = launched;
    const firstRequest = stub.requests.length;
    const firstResponse = session.responses.length;
    const startedAt = now();
    // Bounded: 4× the run's length, then the measure fails instead of looping on.
    const giveUpAt = startedAt + variant.runDurationMs * 4 + 10_000;
    let toolCalls = 0;
    let state = "";
    let intervalSeconds = Number.NaN;
    while (now() < giveUpAt) {
      if (strategy === "wait") {
        const args = { benchResultId, ...variant.waitArgs };
        const answer = structured<{ terminal: boolean; state: string; pollIntervalSeconds: number }>(checkOk(await session.call(WAIT, args, 120_000), WAIT));
        toolCalls += 1;
        state = answer.state;
        intervalSeconds = answer.pollIntervalSeconds;
        if (answer.terminal) break;
        // As a model would: call again at once; the server keeps the pace.
      } else {
        const answer = structured<{ terminal: boolean; state: string }>(checkOk(await session.call(STATUS, { benchResultId }), STATUS));
        toolCalls += 1;
        state = answer.state;
        if (answer.terminal) break;
        await sleep(Math.max(0, startedAt + toolCalls * variant.modelPollMs - now()));
      }
    }
    const elapsedSeconds = (now() - startedAt) / 1000;
    if (!["FINISHED", "ABORTED", "ERROR"].includes(state)) throw new Error(`${variant.name}/${strategy}: the run never ended (${state})`);

    const requests = stub.requests.slice(firstRequest);
    const statePath = `/runtime/bench-results/${benchResultId}`;
    const stateRequests = requests.filter((r) => r.method === "GET" && r.path === statePath);
    const requestsByRoute: Record<string, number> = {};
    for (const r of requests) requestsByRoute[route(r)] = (requestsByRoute[route(r)] ?? 0) + 1;
    const answerBytes = session.responses.slice(firstResponse).reduce((sum, r) => sum + r.resultBytes, 0);
    return {
      result: {
        toolCalls,
        stateRequests: stateRequests.length,
        totalRequests: requests.length,
        requestsByRoute,
        elapsedSeconds,
        finalState: state,
        answerBytes,
      } satisfies StrategyResult,
      stateTimes: stateRequests.map((r) => r.receivedAt),
      intervalSeconds,
    };
  } finally {
    await session.close();
    await stub.close();
  }
}

/** The most timestamps in any half-open window [t, t + windowMs). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    let j = i;
    while (j < times.length && times[j]! < times[i]! + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

export async function measureWaitVariant(variant: WaitVariant): Promise<WaitVariantResult> {
  const [wait, poll] = await Promise.all([follow(variant, "wait"), follow(variant, "poll")]);
  const times = wait.stateTimes;
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const intervalMs = wait.intervalSeconds * 1000;
  // Stub timestamps are whole milliseconds (Date.now()): allow 1 ms of rounding, nothing more.
  const maxPerInterval = maxInWindow(times, intervalMs - 1);
  return {
    variant,
    wait: wait.result,
    poll: poll.result,
    waitIntervalSeconds: wait.intervalSeconds,
    minStateGapMs: gaps.length === 0 ? Number.NaN : Math.min(...gaps),
    maxStateRequestsPerInterval: maxPerInterval,
    atMostOnePerInterval: maxPerInterval <= 1,
  };
}

export async function measureWaitEfficiency(): Promise<WaitVariantResult[]> {
  return Promise.all(WAIT_VARIANTS.map((v) => measureWaitVariant(v)));
}
