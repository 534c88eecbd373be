import type { AxiosError, AxiosRequestConfig } from "axios";
import { describeAxiosFailure, requestPath } from "./axios-failure.js";

/**
 * Which OctoPerf calls are re-sent after a failure, and how long to wait first. Kept as data,
 * apart from axios, so the rules can be read (and tested) in one place (octoperf-api.md §3).
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** The first backoff; it doubles on each retry, with jitter. */
  readonly baseDelayMs: number;
  /** Cap on one computed backoff, so a long retry chain stays inside an MCP client's patience. */
  readonly maxDelayMs: number;
  /**
   * Cap on an honoured Retry-After. OctoPerf documents no rate limit, so a huge value is more
   * likely a proxy's default than a real instruction; sleeping an hour inside a tool call helps nobody.
   */
  readonly maxRetryAfterMs: number;
  /** Statuses worth another try: rate limit and the gateway/overload family (not 500: a bug stays a bug). */
  readonly retryableStatuses: readonly number[];
  /** Transport failures worth another try (Node/axios error codes; see `describeAxiosFailure`). */
  readonly retryableCodes: readonly string[];
  /** POSTs that only read: OctoPerf takes its analysis queries as a POSTed report item. */
  readonly readOnlyPostPaths: readonly RegExp[];
  /**
   * Never re-sent, whatever else matches: the launch starts real load and spends credits, and
   * OctoPerf has no idempotency key, so a retry could start a second paid test.
   */
  readonly neverRetriedPaths: readonly RegExp[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  retryableStatuses: [429, 502, 503, 504],
  retryableCodes: [
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ECONNABORTED",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "ENETDOWN",
    "ERR_NETWORK",
    "ERR_RESPONSE_INTERRUPTED",
  ],
  readOnlyPostPaths: [/^\/analysis\/metrics\//, /^\/analysis\/threshold-alarms(\/|$)/],
  neverRetriedPaths: [/^\/runtime\/scenarios\/run(\/|$)/],
};

export function createRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides };
}

/** Whether sending this request twice is harmless. */
export function isRetryableRequest(policy: RetryPolicy, method: string, path: string): boolean {
  if (policy.neverRetriedPaths.some((pattern) => pattern.test(path))) return false;
  const verb = method.toUpperCase();
  if (verb === "GET" || verb === "HEAD") return true;
  return verb === "POST" && policy.readOnlyPostPaths.some((pattern) => pattern.test(path));
}

/** Whether this outcome may go away on its own. */
export function isRetryableFailure(policy: RetryPolicy, failure: { status?: number; code?: string }): boolean {
  if (failure.status !== undefined) return policy.retryableStatuses.includes(failure.status);
  return failure.code !== undefined && policy.retryableCodes.includes(failure.code);
}

/**
 * Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfterMs(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its month; without this, Date.parse reads "-3" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so clients that failed
 * together do not retry together; a Retry-After wins when longer, up to its cap.
 */
export function retryDelayMs(policy: RetryPolicy, retryNumber: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  const backoff = exponential / 2 + random() * (exponential / 2);
  if (retryAfterMs === undefined) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** axios-retry's `retryCondition`: the request must be safe to repeat and the failure transient. */
export function retryCondition(policy: RetryPolicy): (error: AxiosError) => boolean {
  return (error) => {
    const config: AxiosRequestConfig | undefined = error.config;
    if (config === undefined) return false;
    if (!isRetryableRequest(policy, config.method ?? "GET", requestPath(config))) return false;
    const failure = describeAxiosFailure(error);
    if (failure.code === "ERR_CANCELED") return false;
    return isRetryableFailure(policy, failure);
  };
}

/** axios-retry's `retryDelay`. */
export function retryDelay(policy: RetryPolicy): (retryNumber: number, error: AxiosError) => number {
  return (retryNumber, error) => retryDelayMs(policy, retryNumber, parseRetryAfterMs(describeAxiosFailure(error).retryAfter));
}
