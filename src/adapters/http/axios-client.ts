import axios, { AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import type { Logger } from "../../ports/logger-port.js";
import { describeAxiosFailure, requestPath } from "./axios-failure.js";
import { retryCondition, retryDelay, type RetryPolicy } from "./retry-policy.js";

export interface AxiosClientOptions {
  /** Normalised: no trailing slash. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per attempt, wall clock, body included. */
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly logger: Logger;
}

/**
 * One call's deadline bookkeeping, carried on the request config across axios-retry's attempts.
 * A class, not a plain object: axios deep-copies plain objects when it merges a retry's config.
 */
class AttemptDeadline {
  controller: AbortController | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;

  /** @param callerSignal the caller's own signal: cancelling it cancels the call, retries included. */
  constructor(readonly callerSignal: AbortSignal | undefined) {}
}

declare module "axios" {
  interface AxiosRequestConfig {
    octoperfDeadline?: AttemptDeadline;
  }
}

// Generous against a huge report, small enough that a runaway body cannot eat the process.
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The one axios instance the adapter uses: base URL, bearer auth, per-attempt timeout, raw text
 * bodies (so the adapter, not axios, decides what is valid JSON) and the retry policy.
 */
export function createAxiosClient(options: AxiosClientOptions): AxiosInstance {
  const { apiKey, timeoutMs, policy, logger } = options;
  const http = axios.create({
    baseURL: options.baseUrl,
    // Every path is built by the adapter; an absolute URL must never redirect the key elsewhere.
    allowAbsoluteUrls: false,
    timeout: timeoutMs,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: false, forcedJSONParsing: false },
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    headers: { Accept: "application/json" },
    // The API does not redirect. Following one could only hide a misconfigured base URL; and without
    // redirects axios uses Node's own transport, whose timeout also runs while connecting.
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
  });

  // The key lives in this closure, not in axios defaults, so inspecting the instance cannot show it.
  http.interceptors.request.use((config) => {
    config.headers.set("Authorization", `Bearer ${apiKey}`);
    return config;
  });
  installAttemptDeadline(http, timeoutMs);

  axiosRetry(http, {
    retries: policy.retries,
    shouldResetTimeout: true,
    retryCondition: retryCondition(policy),
    retryDelay: retryDelay(policy),
    onRetry: (retryCount, error, config) => {
      const failure = describeAxiosFailure(error);
      // Method, path and outcome only: headers (and so the key) never reach a log line.
      logger.log("warn", "Retrying OctoPerf request", {
        method: (config.method ?? "get").toUpperCase(),
        path: requestPath(config),
        attempt: retryCount + 1,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
        ...(failure.code !== undefined ? { code: failure.code } : {}),
      });
    },
  });
  return http;
}

/**
 * axios' own timeout runs on the wall clock only until the response headers arrive; after that
 * Node's socket timeout is an idle timer, so a body dripping a byte at a time never times out.
 * This guard gives each attempt a true deadline, turns it into the same ETIMEDOUT axios uses,
 * and hands the caller's signal back before axios-retry waits, so its backoff is still cancellable.
 * Registered before axios-retry, so its error handler runs first.
 */
function installAttemptDeadline(http: AxiosInstance, timeoutMs: number): void {
  http.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    const deadline: AttemptDeadline = config.octoperfDeadline ?? new AttemptDeadline(config.signal as AbortSignal | undefined);
    clear(deadline);
    const controller = new AbortController();
    deadline.controller = controller;
    deadline.timer = setTimeout(() => controller.abort(), timeoutMs);
    deadline.timer.unref?.();
    config.signal = deadline.callerSignal === undefined ? controller.signal : AbortSignal.any([deadline.callerSignal, controller.signal]);
    config.octoperfDeadline = deadline;
    return config;
  });

  http.interceptors.response.use(
    (response) => {
      const deadline = response.config.octoperfDeadline;
      if (deadline !== undefined) clear(deadline);
      return response;
    },
    (error: unknown) => {
      if (!axios.isAxiosError(error) || error.config?.octoperfDeadline === undefined) throw error;
      const config = error.config;
      const deadline = error.config.octoperfDeadline;
      const expired = deadline.controller?.signal.aborted === true && deadline.callerSignal?.aborted !== true;
      clear(deadline);
      config.signal = deadline.callerSignal;
      if (expired && error.code === AxiosError.ERR_CANCELED) {
        return Promise.reject(new AxiosError(`timeout of ${timeoutMs}ms exceeded`, AxiosError.ETIMEDOUT, config, error.request));
      }
      return Promise.reject(error);
    },
  );
}

function clear(deadline: AttemptDeadline): void {
  if (deadline.timer !== undefined) clearTimeout(deadline.timer);
  deadline.timer = undefined;
}
