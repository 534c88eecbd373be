import type { AxiosError, AxiosRequestConfig } from "axios";

/** The facts of an axios failure that the retry policy and the error mapping read. */
export interface AxiosFailure {
  /** Set when OctoPerf answered with a complete non-2xx response. */
  readonly status?: number;
  /**
   * Node/axios error code. Two are ours: ERR_RESPONSE_INTERRUPTED (headers came, the body was
   * cut off) and ERR_RESPONSE_TOO_LARGE (axios' maxContentLength).
   */
  readonly code?: string;
  readonly retryAfter?: string;
  readonly body?: string;
  readonly contentType?: string;
}

export function describeAxiosFailure(error: AxiosError): AxiosFailure {
  const response = error.response;
  if (response === undefined) {
    // Axios reports maxContentLength overruns as ERR_BAD_RESPONSE with no response at all.
    return { code: error.code === "ERR_BAD_RESPONSE" ? "ERR_RESPONSE_TOO_LARGE" : error.code };
  }
  // Axios only fills `data` once the body has fully arrived; without it the transfer broke.
  if (response.data === undefined) return { code: "ERR_RESPONSE_INTERRUPTED" };
  const header = (name: string): string | undefined => {
    const value: unknown = response.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  return {
    status: response.status,
    code: error.code,
    retryAfter: header("retry-after"),
    body: typeof response.data === "string" ? response.data : safeStringify(response.data),
    contentType: header("content-type"),
  };
}

/** The path a request went to, without query string or host: what logs and errors show. */
export function requestPath(config: AxiosRequestConfig): string {
  const url = config.url ?? "";
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url;
  return path.split("?")[0] ?? "";
}

export function attemptsOf(config: AxiosRequestConfig | undefined): number {
  return (config?.["axios-retry"]?.retryCount ?? 0) + 1;
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
