import type { MetricId } from "../../domain/model/metrics.js";
import type { PerformanceProfile } from "./fake-data.js";

/** What the fake knows about a run when asked for its metrics. */
export interface RunLoad {
  /** A stable per-run seed, so the same run always gives the same numbers. */
  readonly seed: string;
  readonly performance: PerformanceProfile;
  readonly slowdown: number;
  readonly totalVus: number;
  /** Seconds of load that a real run of the scenario would have applied so far. */
  readonly loadSeconds: number;
  /** 0..1: how far the ramp-up got (a run stopped early never reached its peak). */
  readonly rampFraction: number;
}

/** FNV-1a then mulberry32: a few lines of well-known PRNG, enough for stable demo noise. */
function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Realistic, internally consistent summary values for one run. */
export function computeFakeMetrics(load: RunLoad): Record<MetricId, number | null> {
  const random = seededRandom(load.seed);
  const jitter = (spread: number) => 1 + (random() * 2 - 1) * spread;

  const avg = load.performance.responseTimeAvgMs * load.slowdown * jitter(0.04);
  const errorPercent = Math.min(100, load.performance.errorPercent * load.slowdown ** 2 * jitter(0.03));
  const vus = Math.round(load.totalVus * load.rampFraction);
  const hitsRate = (vus * load.performance.hitsPerVuPerSecond * jitter(0.03)) / load.slowdown;
  const hits = Math.round(hitsRate * load.loadSeconds * (0.5 + load.rampFraction / 2));
  const errors = Math.round((hits * errorPercent) / 100);
  // Every error figure derives from the whole number of errors, so a short run with no error
  // does not also report a non-zero error percentage.
  const errorShare = hits > 0 ? errors / hits : 0;
  const std = avg * 0.6;
  const apdex = (t: number) => round(Math.max(0, Math.min(1, 1 - t / 4000)), 3);
  const { responseBytes, sentBytes } = load.performance;
  const hasLoad = hits > 0;
  const time = (value: number) => (hasLoad ? round(value, 1) : null);

  return {
    ASSERTIONS_ERROR_TOTAL: hasLoad ? 0 : null,
    ASSERTIONS_FAILURE_TOTAL: hasLoad ? Math.round(errors / 2) : null,
    ASSERTIONS_SUCCESS_TOTAL: hasLoad ? Math.round((hits - errors) / 2) : null,
    CONNECT_TIME_APDEX: hasLoad ? apdex(avg * 0.05) : null,
    CONNECT_TIME_AVG: time(avg * 0.05),
    CONNECT_TIME_MAX: time(avg * 0.4),
    CONNECT_TIME_MIN: time(avg * 0.01),
    CONNECT_TIME_STD: time(std * 0.05),
    CONNECT_TIME_VAR: time((std * 0.05) ** 2),
    ERRORS_TOTAL: hasLoad ? errors : null,
    ERRORS_RATE: hasLoad ? round(hitsRate * errorShare, 3) : null,
    ERRORS_PERCENT: hasLoad ? round(errorShare * 100, 3) : null,
    HITS_RATE: hasLoad ? round(hitsRate, 1) : null,
    HITS_TOTAL: hasLoad ? hits : null,
    HITS_SUCCESSFUL_TOTAL: hasLoad ? hits - errors : null,
    HITS_SUCCESSFUL_PERCENT: hasLoad ? round(100 - errorShare * 100, 3) : null,
    HTTP_MEDIA_TYPES: null,
    HTTP_MEDIA_TYPES_THROUGHPUT: null,
    HTTP_METHODS: null,
    HTTP_RESPONSE_CODES: null,
    LATENCY_APDEX: hasLoad ? apdex(avg * 0.8) : null,
    LATENCY_AVG: time(avg * 0.8),
    LATENCY_MAX: time(avg * 4.8),
    LATENCY_MIN: time(avg * 0.15),
    LATENCY_STD: time(std * 0.8),
    LATENCY_VAR: time((std * 0.8) ** 2),
    MONITORING: null,
    NETWORK_TIME_AVG: time(avg * 0.1),
    NETWORK_TIME_MAX: time(avg * 0.9),
    NETWORK_TIME_MIN: time(avg * 0.02),
    NETWORK_TIME_VAR: time((std * 0.1) ** 2),
    RESPONSE_TIME_APDEX: hasLoad ? apdex(avg) : null,
    RESPONSE_TIME_AVG: time(avg),
    RESPONSE_TIME_MAX: time(avg * 6 * jitter(0.1)),
    RESPONSE_TIME_MEDIAN: time(avg * 0.85),
    RESPONSE_TIME_MIN: time(avg * 0.2),
    RESPONSE_TIME_PERCENTILE_80: time(avg * 1.3),
    RESPONSE_TIME_PERCENTILE_90: time(avg * 1.7),
    RESPONSE_TIME_PERCENTILE_95: time(avg * 2.1),
    RESPONSE_TIME_PERCENTILE_99: time(avg * 3.2),
    RESPONSE_TIME_STD: time(std),
    RESPONSE_TIME_VAR: time(std ** 2),
    RESPONSE_SIZE: hasLoad ? responseBytes : null,
    SENT_BYTES_AVG: hasLoad ? sentBytes : null,
    SENT_BYTES_MAX: hasLoad ? sentBytes * 3 : null,
    SENT_BYTES_MIN: hasLoad ? Math.round(sentBytes * 0.4) : null,
    SENT_BYTES_RATE: hasLoad ? round(hitsRate * sentBytes, 1) : null,
    SENT_BYTES_STD: hasLoad ? Math.round(sentBytes * 0.3) : null,
    SENT_BYTES_TOTAL: hasLoad ? hits * sentBytes : null,
    THROUGHPUT_RATE: hasLoad ? round(hitsRate * responseBytes, 1) : null,
    THROUGHPUT_TOTAL: hasLoad ? hits * responseBytes : null,
    USERLOAD: vus > 0 ? vus : null,
  };
}

/** What the fake knows about a RUNNING run now, for its live metrics: its load so far, and which slice of the run this is. */
export interface LiveLoad extends RunLoad {
  /** Which few-second slice of the run this is: the noise changes from one to the next, and never within one. */
  readonly tick: number;
}

/**
 * The live metrics of a RUNNING fake run, named as a real OctoPerf plausibly names them (the
 * names are guesses: live-metrics.ts): users follow the ramp-up, response times grow a little
 * with the load, and every value wobbles from one tick to the next as a real system's do.
 */
export function computeFakeLiveMetrics(load: LiveLoad): { name: string; value: number; unit: string }[] {
  const random = seededRandom(`${load.seed}#${load.tick}`);
  const jitter = (spread: number) => 1 + (random() * 2 - 1) * spread;
  const users = Math.round(load.totalVus * load.rampFraction);
  const pressure = load.totalVus > 0 ? users / load.totalVus : 0;
  const responseTime = load.performance.responseTimeAvgMs * load.slowdown * (0.8 + 0.3 * pressure) * jitter(0.08);
  const hitsRate = (users * load.performance.hitsPerVuPerSecond * jitter(0.05)) / load.slowdown;
  const errorsPercent = users === 0 ? 0 : Math.min(100, load.performance.errorPercent * load.slowdown ** 2 * (0.5 + pressure) * jitter(0.3));
  return [
    { name: "userLoad", value: users, unit: "" },
    { name: "hitsRate", value: round(hitsRate, 1), unit: "/s" },
    { name: "responseTime", value: round(users === 0 ? 0 : responseTime, 1), unit: "ms" },
    { name: "errorsRate", value: round((hitsRate * errorsPercent) / 100, 3), unit: "/s" },
    { name: "errorsPercent", value: round(errorsPercent, 3), unit: "%" },
    { name: "throughput", value: round(hitsRate * load.performance.responseBytes, 1), unit: "B/s" },
    { name: "elapsedTime", value: Math.round(load.loadSeconds), unit: "s" },
  ];
}
