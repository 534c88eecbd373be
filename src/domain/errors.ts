/**
 * The whole error hierarchy, in one file so it is found in one place.
 *
 * Errors carry facts (a code, the entity, the id, the run, whether a relaunch is safe) and a
 * plain factual `message` for logs and for library users who print it: never a credential, a
 * stack trace, a raw HTTP dump, nor the name of a tool, a method or a setting. Each edge writes
 * its own words from the facts: the MCP adapter (tool-errors.ts) for a model, the library
 * (library-errors.ts) in method and option names, the CLI (cli-errors.ts) in flags and variables.
 *
 * Business outcomes (a run that ended in ERROR, a failed SLA) are values, never these errors.
 */

export type OctoPerfErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "AUTHENTICATION"
  | "RATE_LIMITED"
  | "UNAVAILABLE"
  | "TIMEOUT"
  | "CONTRACT"
  | "LAUNCH_OUTCOME_UNKNOWN"
  | "LAUNCH_REFUSED"
  | "FOLLOW_UP_FAILED"
  | "CONFIGURATION"
  | "CANCELLED"
  | "REPORT_LISTING_UNAVAILABLE"
  | "LAUNCH_IN_PROGRESS"
  | "COORDINATION_UNAVAILABLE";

/**
 * A setting of the OctoPerf connection, by what it is, not by where it is set: each edge names
 * it in its own terms (an environment variable, a library option, a client's Bearer header).
 */
export type Setting = "baseUrl" | "apiKey" | "timeoutMs" | "maxRetries";

export abstract class OctoPerfError extends Error {
  /** Which error this is, one per class: what each edge's `switch` words (see {@link DomainError}). */
  abstract readonly kind: ErrorKind;
  abstract readonly code: OctoPerfErrorCode;
  /** Whether trying the same call again later may succeed. */
  abstract readonly retryable: boolean;
  /**
   * What happened, as a fact with no advice (the message may add some: "try again later"): what
   * an error that wraps this one quotes as its cause. Defaults to the message.
   */
  readonly what: string;
  /** The setting this error points at, the one to check or change; absent when none does. */
  readonly setting?: Setting;
  /**
   * A failure of the moment (OctoPerf answering 5xx, a timeout, a dropped connection, rate
   * limiting): the same read a few seconds later may well succeed. A caller with a time budget
   * (a wait, the gate) reads again until the budget is spent instead of giving up.
   */
  readonly transient: boolean;

  constructor(message: string, options?: { cause?: unknown; what?: string; setting?: Setting; transient?: boolean }) {
    const { what, setting, transient, ...rest } = options ?? {};
    super(message, "cause" in rest ? rest : undefined);
    this.name = new.target.name;
    this.what = (what ?? message).replace(/\.$/, "");
    if (setting !== undefined) this.setting = setting;
    this.transient = transient ?? false;
  }
}

export class InvalidInputError extends OctoPerfError {
  readonly kind = "invalid-input";
  readonly code = "INVALID_INPUT";
  readonly retryable = false;
}

/** The kinds of OctoPerf things a user can name by id. */
export type EntityKind = "workspace" | "project" | "scenario" | "bench result" | "bench report";

/** Why a demo run's id may find nothing: the not-found message says it, and each edge that words it its own way. */
export const DEMO_RUNS_LIFETIME = "demo runs live in this process only, and a new process starts with fresh demo data";

export class NotFoundError extends OctoPerfError {
  readonly kind = "not-found";
  readonly code = "NOT_FOUND";
  readonly retryable = false;
  /** The in-memory demo OctoPerf was asked: there is no API key, and its runs die with the process. */
  readonly demo: boolean;

  constructor(
    readonly entity: EntityKind,
    readonly id: string,
    options?: { cause?: unknown; demo?: boolean },
  ) {
    const { demo = false, ...rest } = options ?? {};
    const run = entity === "bench result" || entity === "bench report";
    const where = !demo ? "is visible to this API key" : run ? `in this demo (${DEMO_RUNS_LIFETIME})` : "in the demo data";
    super(`No ${entity} with id "${id}" ${where}.`, rest);
    this.demo = demo;
  }
}

export class AuthenticationError extends OctoPerfError {
  readonly kind = "authentication";
  readonly code = "AUTHENTICATION";
  readonly retryable = false;

  constructor(options?: { cause?: unknown }) {
    super("OctoPerf rejected the API key.", { ...options, setting: "apiKey" });
  }
}

export class RateLimitedError extends OctoPerfError {
  readonly kind = "rate-limited";
  readonly code = "RATE_LIMITED";
  readonly retryable = true;

  constructor(
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    const wait = retryAfterMs === undefined ? "a moment" : `${Math.ceil(retryAfterMs / 1000)} s`;
    super(`OctoPerf is rate limiting this API key: wait ${wait} and try again.`, {
      ...options,
      what: "OctoPerf is rate limiting this API key",
      transient: true,
    });
  }
}

export class UpstreamUnavailableError extends OctoPerfError {
  readonly kind = "upstream-unavailable";
  readonly code = "UNAVAILABLE";
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown; what?: string; setting?: Setting }) {
    super(message, { ...options, transient: true });
  }
}

export class UpstreamTimeoutError extends OctoPerfError {
  readonly kind = "upstream-timeout";
  readonly code = "TIMEOUT";
  readonly retryable = true;

  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`OctoPerf did not answer within ${timeoutMs} ms.`, { ...options, setting: "timeoutMs", transient: true });
  }
}

/** What a caller with a time budget was waiting for when it ran out. */
export type BudgetSubject =
  /** A run's state: not known yet; waiting again may give it. */
  | { readonly kind: "run-state"; readonly benchResultId: string }
  /** A launched run's results: the run goes on. */
  | { readonly kind: "run-results"; readonly benchResultId: string }
  /** The reads before a launch: nothing was launched. */
  | { readonly kind: "before-launch"; readonly scenarioId: string };

/**
 * The caller's time budget (a wait's maxWaitSeconds) ran out while OctoPerf had not answered.
 * Raised only when there is no earlier answer to fall back on.
 */
export class BudgetExceededError extends OctoPerfError {
  readonly kind = "budget-exceeded";
  readonly code = "TIMEOUT";
  readonly retryable = true;

  constructor(
    readonly budgetSeconds: number,
    readonly subject: BudgetSubject,
    options?: { cause?: unknown },
  ) {
    const [about, state] =
      subject.kind === "before-launch"
        ? [`before the launch of scenario "${subject.scenarioId}"`, "nothing was launched."]
        : [`about run "${subject.benchResultId}"`, subject.kind === "run-state" ? "its state is not known yet." : "its results are not known yet."];
    super(`OctoPerf did not answer ${about} within the ${budgetSeconds} s budget: ${state}`, {
      ...options,
      what: `OctoPerf did not answer ${about} within the ${budgetSeconds} s budget`,
    });
  }
}

/** What went wrong, as a fact, from an error's own `what` (never by parsing its message). */
export function whatFailed(error: OctoPerfError): string {
  return error.what;
}

/**
 * Before launching, the duplicate-launch guard looks at the run this scenario started moments
 * ago; when that look fails for a passing reason, nothing is launched (a blind launch could start
 * a second paid run). Keeps the cause's code, so callers see the kind of failure.
 */
export class LaunchCheckFailedError extends OctoPerfError {
  readonly kind = "launch-check-failed";
  readonly code: OctoPerfErrorCode;
  readonly retryable: boolean;

  constructor(
    readonly scenarioId: string,
    readonly benchResultId: string,
    cause: OctoPerfError,
  ) {
    super(
      `Nothing was launched. Scenario "${scenarioId}" was launched moments ago as run "${benchResultId}", and checking ` +
        `whether that run is still provisioning failed (${whatFailed(cause)}).`,
      { cause },
    );
    this.code = cause.code;
    this.retryable = cause.retryable;
  }
}

/** The OctoPerf answer did not have the documented shape (HTML error page, truncated JSON, wrong types). */
export class UpstreamContractError extends OctoPerfError {
  readonly kind = "upstream-contract";
  readonly code = "CONTRACT";
  readonly retryable = false;
}

/**
 * The launch request was sent and its answer was lost, so a run may or may not have started.
 * Never retried: a second launch could start a second paid load test.
 */
export class LaunchOutcomeUnknownError extends OctoPerfError {
  readonly kind = "launch-outcome-unknown";
  readonly code = "LAUNCH_OUTCOME_UNKNOWN";
  readonly retryable = false;
  /**
   * How looking for the run it may have started went: not-tried (not looked for yet), not-found
   * (no run of the scenario since the launch), listing-unavailable (this OctoPerf offers no report
   * listing to look in), failed (OctoPerf could not be asked).
   */
  readonly runLookup: "not-tried" | "not-found" | "listing-unavailable" | "failed";
  /** The scenario's project, when known: where an edge finds (and links to) the scenario's runs. */
  readonly projectId: string | null;

  constructor(
    readonly scenarioId: string,
    readonly reason: string,
    options?: {
      cause?: unknown;
      runLookup?: LaunchOutcomeUnknownError["runLookup"];
      projectId?: string | null;
    },
  ) {
    super(
      `The launch of scenario "${scenarioId}" was sent but its outcome is unknown (${reason}): a run may have started.`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.runLookup = options?.runLookup ?? "not-tried";
    this.projectId = options?.projectId ?? null;
  }
}

/**
 * OctoPerf answered the report listing of a project (the one UNCONFIRMED path, octoperf-api.md
 * Op 9) with 404 or 405 while the project exists: this OctoPerf does not offer it. Facts only:
 * each edge says what it means for its users.
 */
export class ReportListingUnavailableError extends OctoPerfError {
  readonly kind = "report-listing-unavailable";
  readonly code = "REPORT_LISTING_UNAVAILABLE";
  readonly retryable = false;

  constructor(
    readonly projectId: string,
    readonly httpStatus: number,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`Report listing unavailable: GET ${path} answered HTTP ${httpStatus} for existing project "${projectId}".`, options);
  }
}

/**
 * A run was launched, then reading it failed. Whoever retries the whole call would start a second
 * paid run: `relaunchSafe` is false, and `benchResultId` is the run to keep following.
 */
export class FollowUpFailedError extends OctoPerfError {
  readonly kind = "follow-up-failed";
  readonly code = "FOLLOW_UP_FAILED";
  readonly retryable = false;
  readonly relaunchSafe = false;

  constructor(
    readonly scenarioId: string,
    readonly benchResultId: string,
    cause: OctoPerfError,
  ) {
    super(
      `Scenario "${scenarioId}" was launched as run "${benchResultId}", which is under way, but following it failed ` +
        `(${whatFailed(cause)}). It must not be launched again: run "${benchResultId}" is the one to follow.`,
      { cause },
    );
  }
}

/**
 * Why a launch (or a stop) was refused: this server's read-only mode, its scenario allowlist,
 * or OctoPerf itself.
 */
export type LaunchRefusal =
  | { readonly kind: "read-only"; readonly action: "launch" | "stop" }
  | { readonly kind: "not-allowed"; readonly scenarioId: string; readonly allowedScenarios: readonly string[] }
  | { readonly kind: "upstream"; readonly scenarioId: string; readonly httpStatus: number };

/** A guardrail (read-only mode, scenario allowlist) or OctoPerf itself refused to launch. */
export class LaunchRefusedError extends OctoPerfError {
  readonly kind = "launch-refused";
  readonly code = "LAUNCH_REFUSED";
  readonly retryable = false;

  constructor(
    readonly refusal: LaunchRefusal,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ConfigurationError extends OctoPerfError {
  readonly kind = "configuration";
  readonly code = "CONFIGURATION";
  readonly retryable = false;
}

export class CancelledError extends OctoPerfError {
  readonly kind = "cancelled";
  readonly code = "CANCELLED";
  readonly retryable = false;

  constructor(options?: { cause?: unknown }) {
    super("The request was cancelled.", options);
  }
}

/**
 * A launch of the same scenario, by another caller sharing this account's coordination store,
 * has been under way for longer than a caller waits for it. Nothing was launched by this call.
 */
export class LaunchInProgressError extends OctoPerfError {
  readonly kind = "launch-in-progress";
  readonly code = "LAUNCH_IN_PROGRESS";
  readonly retryable = true;

  constructor(
    readonly scenarioId: string,
    /** When the launch under way was claimed, epoch ms. */
    readonly since: number,
  ) {
    super(`A launch of scenario "${scenarioId}" is in progress (since ${new Date(since).toISOString()}); nothing was launched by this call.`);
  }
}

/**
 * The store that keeps launches safe across callers (shared by the replicas of a team server)
 * did not answer while a launch needed it. Launching anyway could send a second run of a
 * scenario another caller is launching at the same moment, so nothing was launched.
 */
export class CoordinationUnavailableError extends OctoPerfError {
  readonly kind = "coordination-unavailable";
  readonly code = "COORDINATION_UNAVAILABLE";
  readonly retryable = true;

  constructor(
    readonly scenarioId: string,
    /**
     * What the store was asked when it failed. Only claim, take-over, read and renew (marking a
     * claim as sending, right before the launch request) reach a caller; record and release are
     * the holder's own business once the launch is over.
     */
    readonly step: "claim" | "take-over" | "read" | "renew" | "record" | "release",
    options?: { cause?: unknown },
  ) {
    super(
      `Launch of scenario "${scenarioId}" refused: the shared launch coordination store did not answer, so this call cannot make sure no other caller is launching it at the same moment; nothing was launched.`,
      options,
    );
  }
}

/**
 * Every error, by its kind: the one list an edge's words are checked against. A new error class
 * needs a kind here (its `kind` must be an {@link ErrorKind}), which puts it in {@link DomainError}, so
 * that every `switch (error.kind)` ending in {@link assertNever} (the model's, the library's, the
 * CLI's words) stops compiling until it words the new kind.
 */
interface ErrorOfKind {
  "invalid-input": InvalidInputError;
  "not-found": NotFoundError;
  authentication: AuthenticationError;
  "rate-limited": RateLimitedError;
  "upstream-unavailable": UpstreamUnavailableError;
  "upstream-timeout": UpstreamTimeoutError;
  "budget-exceeded": BudgetExceededError;
  "launch-check-failed": LaunchCheckFailedError;
  "upstream-contract": UpstreamContractError;
  "launch-outcome-unknown": LaunchOutcomeUnknownError;
  "report-listing-unavailable": ReportListingUnavailableError;
  "follow-up-failed": FollowUpFailedError;
  "launch-refused": LaunchRefusedError;
  configuration: ConfigurationError;
  cancelled: CancelledError;
  "launch-in-progress": LaunchInProgressError;
  "coordination-unavailable": CoordinationUnavailableError;
}

export type ErrorKind = keyof ErrorOfKind;

/** An error of this file, narrowed by its `kind`. */
export type DomainError = ErrorOfKind[ErrorKind];

/** The error as the union of its classes, for a `switch (error.kind)`. Every class of OctoPerfError is in it: its kind is an ErrorKind. */
export function asDomainError(error: OctoPerfError): DomainError {
  return error as DomainError;
}

/** The `default` of an exhaustive switch: a case left out makes `value` not `never`, which does not compile. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
