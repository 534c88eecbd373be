/**
 * The whole error hierarchy, in one file so it is found in one place.
 *
 * Every message is written to be shown to a user or a model as it is: it never carries a
 * credential, a stack trace or a raw HTTP dump. Adapters map their failures to these once;
 * the MCP edge turns them into `isError` results once.
 *
 * Business outcomes (a run that ended in ERROR, a failed SLA) are values, never these errors.
 */

export type OctoPerfErrorCode =
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "AUTHENTICATION"
  | "PERMISSION"
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
  | "LAUNCH_IN_PROGRESS";

export abstract class OctoPerfError extends Error {
  abstract readonly code: OctoPerfErrorCode;
  /** Whether trying the same call again later may succeed. */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends OctoPerfError {
  readonly code = "INVALID_INPUT";
  readonly retryable = false;
}

/** The kinds of OctoPerf things a user can name by id. */
export type EntityKind = "workspace" | "project" | "scenario" | "bench result" | "bench report";

/** Which discover step gives valid ids of each kind: the not-found message points there. */
const WHERE_TO_FIND: Record<EntityKind, string> = {
  workspace: "list workspaces with octoperf_get_current_user_workspaces",
  project: "list the projects of a workspace with get_project_by_workspace_id",
  scenario: "list scenarios with get_runtime_id",
  "bench result": "use the benchResultId of a launch, or one listed by octoperf_list_test_runs",
  "bench report": "use the reportId of a launch, or one listed by octoperf_list_test_runs",
};

export class NotFoundError extends OctoPerfError {
  readonly code = "NOT_FOUND";
  readonly retryable = false;

  /** @param options.demo the in-memory demo OctoPerf is asked: there is no API key, and its runs die with the process. */
  constructor(
    readonly entity: EntityKind,
    readonly id: string,
    options?: { cause?: unknown; demo?: boolean },
  ) {
    const { demo = false, ...rest } = options ?? {};
    const run = entity === "bench result" || entity === "bench report";
    const where = !demo
      ? "is visible to this API key"
      : run
        ? "in this demo: demo runs live in this server process only, and a new process starts with fresh demo data;"
        : "in the demo data:";
    super(`No ${entity} with id "${id}" ${where}${demo ? "" : ":"} ${WHERE_TO_FIND[entity]}.`, rest);
  }
}

export class AuthenticationError extends OctoPerfError {
  readonly code = "AUTHENTICATION";
  readonly retryable = false;

  constructor(options?: { cause?: unknown }) {
    super(
      "OctoPerf rejected the API key: check OCTOPERF_API_KEY (Account > Profile > API Key in OctoPerf).",
      options,
    );
  }
}

export class PermissionError extends OctoPerfError {
  readonly code = "PERMISSION";
  readonly retryable = false;
}

export class RateLimitedError extends OctoPerfError {
  readonly code = "RATE_LIMITED";
  readonly retryable = true;

  constructor(
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    const wait = retryAfterMs === undefined ? "a moment" : `${Math.ceil(retryAfterMs / 1000)} s`;
    super(`OctoPerf is rate limiting this API key: wait ${wait} and try again.`, options);
  }
}

export class UpstreamUnavailableError extends OctoPerfError {
  readonly code = "UNAVAILABLE";
  readonly retryable = true;
}

export class UpstreamTimeoutError extends OctoPerfError {
  readonly code = "TIMEOUT";
  readonly retryable = true;

  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `OctoPerf did not answer within ${timeoutMs} ms (OCTOPERF_TIMEOUT_MS): try again, or raise the timeout.`,
      options,
    );
  }
}

/**
 * The caller's time budget (a wait's maxWaitSeconds) ran out while OctoPerf had not answered.
 * Raised only when there is no earlier answer to fall back on; `what` says what was asked,
 * `next` what state that leaves and what to do.
 */
export class BudgetExceededError extends OctoPerfError {
  readonly code = "TIMEOUT";
  readonly retryable = true;

  constructor(
    readonly budgetSeconds: number,
    what: string,
    next: string,
    options?: { cause?: unknown },
  ) {
    super(`OctoPerf did not answer ${what} within the ${budgetSeconds} s budget: ${next}`, options);
  }
}

/**
 * Before launching, the duplicate-launch guard looks at the run this scenario started moments
 * ago; when that look fails for a passing reason, nothing is launched (a blind launch could start
 * a second paid run). Keeps the cause's code, so callers see the kind of failure.
 */
export class LaunchCheckFailedError extends OctoPerfError {
  readonly code: OctoPerfErrorCode;
  readonly retryable: boolean;

  constructor(
    readonly scenarioId: string,
    readonly benchResultId: string,
    cause: OctoPerfError,
  ) {
    const whatHappened = cause.message.split(": ")[0]!.replace(/\.$/, "");
    super(
      `Nothing was launched. Scenario "${scenarioId}" was launched moments ago as run "${benchResultId}", and checking ` +
        `whether that run is still provisioning failed (${whatHappened}). Check run "${benchResultId}" with octoperf_status: ` +
        "if it is under way, follow it instead of launching; otherwise launch again (allowParallel: true starts another run regardless).",
      { cause },
    );
    this.code = cause.code;
    this.retryable = cause.retryable;
  }
}

/** The OctoPerf answer did not have the documented shape (HTML error page, truncated JSON, wrong types). */
export class UpstreamContractError extends OctoPerfError {
  readonly code = "CONTRACT";
  readonly retryable = false;
}

/**
 * The launch request was sent and its answer was lost, so a run may or may not have started.
 * Never retried: a second launch could start a second paid load test.
 */
export class LaunchOutcomeUnknownError extends OctoPerfError {
  readonly code = "LAUNCH_OUTCOME_UNKNOWN";
  readonly retryable = false;
  /**
   * How looking for the run it may have started went: not-tried (not looked for yet), not-found
   * (no run of the scenario since the launch), listing-unavailable (this OctoPerf offers no report
   * listing to look in), failed (OctoPerf could not be asked).
   */
  readonly runLookup: "not-tried" | "not-found" | "listing-unavailable" | "failed";
  /** The scenario's runtime page in OctoPerf's UI, where its runs show, when known. */
  readonly scenarioUrl: string | null;

  constructor(
    readonly scenarioId: string,
    readonly reason: string,
    options?: {
      cause?: unknown;
      runLookup?: LaunchOutcomeUnknownError["runLookup"];
      scenarioUrl?: string | null;
    },
  ) {
    super(
      `The launch of scenario "${scenarioId}" was sent but its outcome is unknown (${reason}). ` +
        "A run may have started: check the scenario's runs in OctoPerf before launching again.",
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.runLookup = options?.runLookup ?? "not-tried";
    this.scenarioUrl = options?.scenarioUrl ?? null;
  }
}

/**
 * OctoPerf answered the report listing of a project (the one UNCONFIRMED path, octoperf-api.md
 * Op 9) with 404 or 405 while the project exists: this OctoPerf does not offer it. Facts only:
 * each edge says what it means for its users.
 */
export class ReportListingUnavailableError extends OctoPerfError {
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
 * paid run, so the error names the run to keep following instead, and drops the cause's own
 * "try again" advice (domain messages read "what happened: what to do").
 */
export class FollowUpFailedError extends OctoPerfError {
  readonly code = "FOLLOW_UP_FAILED";
  readonly retryable = false;

  constructor(
    readonly scenarioId: string,
    readonly benchResultId: string,
    cause: OctoPerfError,
  ) {
    const whatHappened = cause.message.split(": ")[0]!.replace(/\.$/, "");
    super(
      `Scenario "${scenarioId}" was launched as run "${benchResultId}", which is under way, but following it failed ` +
        `(${whatHappened}). Do not launch it again: keep following this run with octoperf_wait_for_test ` +
        `(benchResultId "${benchResultId}"), then read its verdict with octoperf_evaluate_sla.`,
      { cause },
    );
  }
}

/** A guardrail (read-only mode, scenario allowlist) or OctoPerf itself refused to launch. */
export class LaunchRefusedError extends OctoPerfError {
  readonly code = "LAUNCH_REFUSED";
  readonly retryable = false;
}

export class ConfigurationError extends OctoPerfError {
  readonly code = "CONFIGURATION";
  readonly retryable = false;
}

export class CancelledError extends OctoPerfError {
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
