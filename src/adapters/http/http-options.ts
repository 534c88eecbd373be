import { ConfigurationError } from "../../domain/errors.js";
import { previewValue } from "../../domain/model/ids.js";
import type { Logger } from "../../ports/logger-port.js";
import type { HttpExchange } from "./exchange-observer.js";
import type { ProgressScale } from "./wire-mapping.js";

/**
 * The HTTP adapter's options and their checks, apart from the adapter itself: the composition
 * root checks them at startup without loading axios, which it only loads on the first call.
 */
export interface HttpOctoPerfOptions {
  /** e.g. https://api.octoperf.com or an Enterprise host; no path prefix. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
  /** Retries for safe requests (GETs and read-only query POSTs). Launch is never retried. */
  readonly maxRetries: number;
  readonly logger?: Logger;
  /** Base of the exponential backoff; tests make it small. */
  readonly retryBaseDelayMs?: number;
  /** Cap on an honoured Retry-After. */
  readonly maxRetryAfterMs?: number;
  /** How OctoPerf's progress numbers read (see normalizeProgress); "percent" unless the API proves otherwise. */
  readonly progressScale?: ProgressScale;
  /** Hears every HTTP exchange (each attempt): what `octoperf-mcp doctor` times and records. */
  readonly onExchange?: (exchange: HttpExchange) => void;
}

/** Throws ConfigurationError on options the adapter cannot work with; returns the base URL to use. */
export function checkHttpOptions(options: HttpOctoPerfOptions): string {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  if (options.apiKey.trim() === "") throw new ConfigurationError("The OctoPerf API key is empty.", { setting: "apiKey" });
  if (!(options.timeoutMs > 0)) {
    throw new ConfigurationError(`The OctoPerf timeout must be a positive number of ms, not ${String(options.timeoutMs)}.`, { setting: "timeoutMs" });
  }
  return baseUrl;
}

/** A base URL is a scheme and host (and port); trailing slashes are dropped so paths never double them. */
function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigurationError(`The OctoPerf base URL is not a URL: ${previewValue(baseUrl)}.`, { setting: "baseUrl" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`The OctoPerf base URL must be an http(s) URL, not ${url.protocol}.`, { setting: "baseUrl" });
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new ConfigurationError("The OctoPerf base URL must not carry credentials, a query or a fragment.", { setting: "baseUrl" });
  }
  return trimmed;
}
