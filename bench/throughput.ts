/**
 * Throughput: tool calls per second with 16 calls in flight over one stdio connection (demo mode,
 * the cheap read tool `octoperf_get_current_user_workspaces`), for a fixed count of calls.
 * tinybench runs the task with `concurrency: "task"` and `threshold: 16`, in several rounds (one
 * task each); a round's rate is its count divided by its wall time, the figure is the median
 * round; the latencies are tinybench's per-call samples (each includes its wait in the queue
 * behind the 15 others).
 */
import { Bench } from "tinybench";
import { checkOk, now, procCpuMs, startSession, summarize, type Summary } from "./support.js";

const TOOL = "octoperf_get_current_user_workspaces";

export interface ThroughputResult {
  /** Calls per round. */
  readonly calls: number;
  readonly rounds: number;
  readonly concurrency: number;
  readonly warmupCalls: number;
  /** Wall time of each round, seconds. */
  readonly roundSeconds: readonly number[];
  /** Median over the rounds of calls / wall time. */
  readonly callsPerSecond: number;
  readonly callsPerSecondMin: number;
  readonly callsPerSecondMax: number;
  /** Per-call latencies of every round together. */
  readonly latency: Summary;
  /** Server CPU (user + system, all threads) per call, ms: 1000 / this is the ceiling of one server process. */
  readonly serverCpuMsPerCall: number;
  /** Bench (client) process CPU per call, ms: client and server share the cores. */
  readonly clientCpuMsPerCall: number;
}

export async function measureThroughput(calls = 2000, concurrency = 16, rounds = 5, warmupCalls = 500): Promise<ThroughputResult> {
  const session = await startSession(["--demo"]);
  try {
    checkOk(await session.call(TOOL), TOOL);
    let failures = 0;
    let made = 0;
    let wallStart = 0;
    let serverStart = 0;
    let clientStart = 0;
    const roundSeconds: number[] = [];
    let serverCpu = 0;
    let clientCpu = 0;
    const clientCpuMs = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    const bench = new Bench({
      concurrency: "task",
      threshold: concurrency,
      iterations: calls,
      time: 0,
      warmupIterations: warmupCalls,
      warmupTime: 0,
      retainSamples: true,
      throws: true,
    });
    // One task per round: tinybench runs tasks one after the other, each with `concurrency` calls in flight.
    for (let round = 1; round <= rounds; round++) {
      bench.add(
        `round ${round}`,
        async () => {
          const result = await session.call(TOOL);
          made += 1;
          if (result.isError) failures += 1;
        },
        {
          beforeAll: (mode) => {
            if (mode !== "run") return;
            serverStart = procCpuMs(session.pid);
            clientStart = clientCpuMs();
            wallStart = now();
          },
          afterAll: (mode) => {
            if (mode !== "run") return;
            roundSeconds.push((now() - wallStart) / 1000);
            serverCpu += procCpuMs(session.pid) - serverStart;
            clientCpu += clientCpuMs() - clientStart;
          },
        },
      );
    }
    await bench.run();
    if (failures > 0) throw new Error(`${failures} tool calls failed during the throughput run`);
    if (made < rounds * calls) throw new Error(`only ${made} tool calls were made, expected at least ${rounds * calls}`);
    const samples: number[] = [];
    for (const task of bench.tasks) {
      const result = task.result;
      if (!("latency" in result) || result.latency.samples === undefined) throw new Error(`${task.name} has no samples (${result.state})`);
      if (result.latency.samples.length !== calls) throw new Error(`${task.name}: expected ${calls} samples, got ${result.latency.samples.length}`);
      samples.push(...result.latency.samples);
    }
    if (roundSeconds.length !== rounds) throw new Error(`expected ${rounds} rounds, timed ${roundSeconds.length}`);
    const rates = summarize(roundSeconds.map((s) => calls / s));
    return {
      calls,
      rounds,
      concurrency,
      warmupCalls,
      roundSeconds,
      callsPerSecond: rates.median,
      callsPerSecondMin: rates.min,
      callsPerSecondMax: rates.max,
      latency: summarize(samples),
      serverCpuMsPerCall: serverCpu / (calls * rounds),
      clientCpuMsPerCall: clientCpu / (calls * rounds),
    };
  } finally {
    await session.close();
  }
}
