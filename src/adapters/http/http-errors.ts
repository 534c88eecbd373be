import axios from "axios";
import {
  AuthenticationError,
  CancelledError,
  InvalidInputError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  RateLimitedError,
  UpstreamContractError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type EntityKind,
} from "../../domain/errors.js";
import { cutAtWord } from "../../domain/model/cut-text.js";
import { maskText, REDACTED } from "../mask-text.js";
import { attemptsOf, describeAxiosFailure, type AxiosFailure } from "./axios-failure.js";
import { parseRetryAfterMs } from "./retry-policy.js";

/**
 * What a failed call was, with nothing that can hold a credential. This, never an AxiosError,
 * is what errors carry as `cause`: an AxiosError holds the request config and its headers.
 */
export interface HttpFailureSummary {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly code?: string;
  readonly attempts: number;
  /** OctoPerf's own words on an HTTP error, one line, key masked. */
  readonly serverMessage?: string;
}

/** Masks the API key (and any bearer token) in text that came from outside, such as a server message. */
export function createRedactor(secret: string): (text: string) => string {
  return (text) => {
    return maskText(text, [secret]).replace(/(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`);
  };
}

/** Everything the mapping needs to know about the call that failed. */
export interface RequestContext {
  readonly method: string;
  /** As sent (ids already encoded), without host. */
  readonly path: string;
  /** What a 404 means is missing; a 404 on a call without one points at a wrong base URL. */
  readonly target?: { readonly kind: EntityKind; readonly id: string };
  /** Set on the launch: after the request may have reached OctoPerf, a failure means "outcome unknown". */
  readonly launchOf?: string;
  readonly timeoutMs: number;
  /** For messages only: the host the call went to. */
  readonly host: string;
  readonly redact: (text: string) => string;
}

// Failures where the request cannot have reached OctoPerf: even a launch is then known not to have started.
const NEVER_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ECONNABORTED"]);

const MAX_SERVER_MESSAGE = 300;

/** Maps any failure of one call to exactly one domain error. Nothing else leaves the adapter. */
export function toDomainError(error: unknown, context: RequestContext): OctoPerfError {
  if (error instanceof OctoPerfError) return error;
  const what = `${context.method} ${context.path}`;

  if (!axios.isAxiosError(error)) {
    const cause: HttpFailureSummary = { method: context.method, path: context.path, code: "UNEXPECTED", attempts: 1 };
    if (context.launchOf !== undefined) {
      return new LaunchOutcomeUnknownError(context.launchOf, "the HTTP client failed unexpectedly", { cause });
    }
    return new UpstreamUnavailableError(`Calling OctoPerf (${what}) failed unexpectedly.`, { cause });
  }

  const failure = describeAxiosFailure(error);
  const attempts = attemptsOf(error.config);
  const cause: HttpFailureSummary = {
    method: context.method,
    path: context.path,
    ...(failure.status !== undefined ? { status: failure.status } : {}),
    ...(failure.code !== undefined ? { code: failure.code } : {}),
    attempts,
    ...(failure.status !== undefined ? { serverMessage: serverMessage(failure.body, failure.contentType, context.redact) } : {}),
  };
  const options = { cause };
  const afterAttempts = attempts > 1 ? ` after ${attempts} attempts` : "";

  if (failure.code === "ERR_CANCELED") return new CancelledError(options);

  if (failure.status !== undefined) return fromStatus(failure, context, options, afterAttempts);

  const code = failure.code ?? "network error";
  if (failure.code === "ERR_RESPONSE_TOO_LARGE") {
    return contractError(context, "the answer is larger than this client accepts", options);
  }
  if (NEVER_SENT_CODES.has(code)) {
    // Nothing answered at all: the base URL is the setting to check (and the network).
    return new UpstreamUnavailableError(`Could not connect to OctoPerf at ${context.host} (${code})${afterAttempts}.`, {
      ...options,
      setting: "baseUrl",
    });
  }
  if (TIMEOUT_CODES.has(code)) {
    if (context.launchOf !== undefined) {
      return new LaunchOutcomeUnknownError(context.launchOf, `no answer within ${context.timeoutMs} ms`, options);
    }
    return new UpstreamTimeoutError(context.timeoutMs, options);
  }
  if (context.launchOf !== undefined) {
    return new LaunchOutcomeUnknownError(context.launchOf, `the connection failed: ${code}`, options);
  }
  return new UpstreamUnavailableError(`The connection to OctoPerf broke during ${what} (${code})${afterAttempts}: try again later.`, {
    ...options,
    what: `The connection to OctoPerf broke during ${what} (${code})${afterAttempts}`,
  });
}

function fromStatus(failure: AxiosFailure, context: RequestContext, options: { cause: HttpFailureSummary }, afterAttempts: string): OctoPerfError {
  const status = failure.status ?? 0;
  const what = `${context.method} ${context.path}`;
  const message = () => serverMessage(failure.body, failure.contentType, context.redact);

  if (status === 401 || status === 403) return new AuthenticationError(options);
  if (status === 404) {
    if (context.target !== undefined) return new NotFoundError(context.target.kind, context.target.id, options);
    return new UpstreamContractError(`OctoPerf answered HTTP 404 to ${what}: the base URL may not be the OctoPerf API root (it takes no path prefix).`, {
      ...options,
      what: `OctoPerf answered HTTP 404 to ${what}`,
      setting: "baseUrl",
    });
  }
  if (status === 429) return new RateLimitedError(parseRetryAfterMs(failure.retryAfter), options);
  if (status >= 500) {
    if (context.launchOf !== undefined) {
      return new LaunchOutcomeUnknownError(context.launchOf, `OctoPerf answered HTTP ${status}`, options);
    }
    return new UpstreamUnavailableError(`OctoPerf answered HTTP ${status} to ${what}${afterAttempts}: it is having trouble, try again later.`, {
      ...options,
      what: `OctoPerf answered HTTP ${status} to ${what}${afterAttempts}`,
    });
  }
  if (status === 400 || status === 409 || status === 422) {
    return new InvalidInputError(`OctoPerf refused ${what} (HTTP ${status}): ${message()}`, options);
  }
  if (status >= 300 && status < 400) {
    // Redirects are not followed: an API that redirects is usually an http:// base URL or a login page.
    return new UpstreamContractError(`OctoPerf answered ${what} with a redirect (HTTP ${status}): the base URL should be https, with no path prefix.`, {
      ...options,
      what: `OctoPerf answered ${what} with a redirect (HTTP ${status})`,
      setting: "baseUrl",
    });
  }
  if (context.launchOf !== undefined && status >= 400) {
    return new LaunchRefusedError(
      { kind: "upstream", scenarioId: context.launchOf, httpStatus: status },
      `OctoPerf refused to launch scenario "${context.launchOf}" (HTTP ${status}): ${message()}`,
      options,
    );
  }
  return new UpstreamContractError(`OctoPerf answered HTTP ${status} to ${what}, which this client does not expect: ${message()}`, options);
}

/**
 * The answer came but is not what octoperf-api.md documents. For a launch that answer was a 2xx,
 * so a run probably started without us learning its id: the outcome is unknown, not "failed".
 */
export function contractError(context: RequestContext, rawProblem: string, options?: { cause?: unknown }): OctoPerfError {
  // A problem quotes the offending value, and a server may echo the request's headers into any field.
  const problem = context.redact(rawProblem);
  if (context.launchOf !== undefined) {
    return new LaunchOutcomeUnknownError(context.launchOf, `OctoPerf accepted it but its answer was unreadable: ${problem}`, options);
  }
  return new UpstreamContractError(`OctoPerf's answer to ${context.method} ${context.path} is not the documented shape: ${problem}.`, options);
}

/** The server's own words, if any: Spring's `{message}` (or `error`), or a short plain-text body. */
export function serverMessage(body: string | undefined, contentType: string | undefined, redact: (text: string) => string): string {
  const text = (body ?? "").trim();
  if (text === "") return "no details given";
  let words: string | undefined;
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null) {
      const record = json as Record<string, unknown>;
      words = [record["message"], record["detail"], record["error"]].find((value): value is string => typeof value === "string" && value.trim() !== "");
    } else if (typeof json === "string") {
      words = json;
    }
  } catch {
    words = looksLikeHtml(text, contentType) ? "an HTML error page" : text;
  }
  // Masked, then cut at a word: a secret this adapter is not told (a server's access token) that
  // straddles the cut is dropped whole, not shown but for its last characters.
  return cutAtWord(redact((words ?? "no details given").replace(/\s+/g, " ").trim()), MAX_SERVER_MESSAGE);
}

export function looksLikeHtml(text: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? "") || /^\s*</.test(text);
}
