import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";

/** One HTTP exchange with OctoPerf as it went over the wire, for `doctor` (latency, status, recording). */
export interface HttpExchange {
  readonly method: string;
  /** Path as sent, relative to the base URL. */
  readonly path: string;
  /** The request body as sent (parsed back from JSON), undefined when none. */
  readonly requestBody: unknown;
  /** Null when no answer came (network failure, timeout, cancel). */
  readonly status: number | null;
  /** The raw answer text ("" when none). */
  readonly body: string;
  readonly durationMs: number;
}

declare module "axios" {
  interface AxiosRequestConfig {
    octoperfSentAt?: number;
  }
}

/**
 * Reports every attempt's exchange to `observe`. Registered after the retry policy, so an answer
 * is seen by the attempt that got it and again as the whole call's: each is reported once.
 */
export function observeExchanges(http: AxiosInstance, observe: (exchange: HttpExchange) => void): void {
  const seen = new WeakSet<object>();
  const report = (config: InternalAxiosRequestConfig | undefined, response: AxiosResponse | undefined, key: object) => {
    if (config === undefined || seen.has(key)) return;
    seen.add(key);
    observe({
      method: (config.method ?? "get").toUpperCase(),
      path: config.url ?? "",
      requestBody: parseBody(config.data),
      status: response?.status ?? null,
      body: typeof response?.data === "string" ? response.data : "",
      durationMs: Math.max(0, Date.now() - (config.octoperfSentAt ?? Date.now())),
    });
  };
  http.interceptors.request.use((config) => {
    config.octoperfSentAt = Date.now();
    return config;
  });
  http.interceptors.response.use(
    (response) => {
      report(response.config, response, response);
      return response;
    },
    (error: unknown) => {
      if (axios.isAxiosError(error)) report(error.config, error.response, error.response ?? error);
      throw error;
    },
  );
}

function parseBody(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
