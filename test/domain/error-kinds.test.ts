/**
 * Every domain error kind is worded by each edge: the model's (tool-errors.ts), the library's
 * (library-errors.ts) and the CLI's (cli-errors.ts). Each words them in one `switch (error.kind)`
 * ending in `assertNever`, so a kind left out does not compile (the fixture below proves that
 * the compiler refuses it: `npm run typecheck` covers this file); here, one error of each kind
 * (the table is a Record over every kind, so a new kind needs a row) gets words at every edge.
 */
import { describe, expect, it } from "vitest";
import { explainError } from "../../src/adapters/mcp/tool-errors.js";
import { cliMessage } from "../../src/app/cli-errors.js";
import { libraryMessage } from "../../src/app/library-errors.js";
import {
  assertNever,
  AuthenticationError,
  BudgetExceededError,
  CancelledError,
  ConfigurationError,
  CoordinationUnavailableError,
  FollowUpFailedError,
  InvalidInputError,
  LaunchCheckFailedError,
  LaunchInProgressError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  RateLimitedError,
  ReportListingUnavailableError,
  UpstreamContractError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type DomainError,
  type ErrorKind,
} from "../../src/domain/errors.js";
import { silentLogger as silent } from "../../src/ports/logger-port.js";

const ONE_OF_EACH: { readonly [K in ErrorKind]: Extract<DomainError, { kind: K }> } = {
  "invalid-input": new InvalidInputError("limit must be at most 50."),
  "not-found": new NotFoundError("scenario", "scenario000000000001"),
  authentication: new AuthenticationError(),
  "rate-limited": new RateLimitedError(3_000),
  "upstream-unavailable": new UpstreamUnavailableError("OctoPerf answered HTTP 503.", { setting: "baseUrl" }),
  "upstream-timeout": new UpstreamTimeoutError(5_000),
  "budget-exceeded": new BudgetExceededError(30, { kind: "run-results", benchResultId: "run00000000000000001" }),
  "launch-check-failed": new LaunchCheckFailedError("scenario000000000001", "run00000000000000001", new UpstreamTimeoutError(5_000)),
  "upstream-contract": new UpstreamContractError("OctoPerf answered HTML where JSON was expected."),
  "launch-outcome-unknown": new LaunchOutcomeUnknownError("scenario000000000001", "the connection dropped"),
  "report-listing-unavailable": new ReportListingUnavailableError("project0000000000001", 404, "/runtime/bench-reports/by-project/project0000000000001"),
  "follow-up-failed": new FollowUpFailedError("scenario000000000001", "run00000000000000001", new UpstreamTimeoutError(5_000)),
  "launch-refused": new LaunchRefusedError({ kind: "read-only", action: "launch" }, "Read-only: nothing is launched."),
  configuration: new ConfigurationError("The base URL is not a URL.", { setting: "baseUrl" }),
  cancelled: new CancelledError(),
  "launch-in-progress": new LaunchInProgressError("scenario000000000001", Date.UTC(2026, 0, 1)),
  "coordination-unavailable": new CoordinationUnavailableError("scenario000000000001", "claim"),
};

describe("every error kind, worded at every edge", () => {
  it.each(Object.entries(ONE_OF_EACH))("%s: the model, the library and the CLI each have words for it", (kind, error) => {
    expect(error.kind).toBe(kind);
    const model = explainError(error, { kind: "tool call", subject: "a tool", fields: {} }, silent);
    expect(model.code).toBe(error.code);
    for (const words of [model.text, libraryMessage(error), cliMessage(error)]) {
      expect(words.length).toBeGreaterThan(20);
      expect(words).not.toMatch(/internal error|Unexpected value/);
    }
  });
});

/**
 * The compile-time half: a switch that leaves out one kind does not compile where it hands the
 * error to assertNever. If the case were added (or the check stopped working), the
 * `@ts-expect-error` below would be unused, which fails the typecheck too.
 */
export function wordsMissingAKind(error: DomainError): string {
  switch (error.kind) {
    case "invalid-input":
    case "not-found":
    case "authentication":
    case "rate-limited":
    case "upstream-unavailable":
    case "upstream-timeout":
    case "budget-exceeded":
    case "launch-check-failed":
    case "upstream-contract":
    case "launch-outcome-unknown":
    case "report-listing-unavailable":
    case "follow-up-failed":
    case "launch-refused":
    case "configuration":
    case "cancelled":
    case "launch-in-progress":
      return error.message;
    default:
      // @ts-expect-error: "coordination-unavailable" has no case, so the error is not `never` here.
      return assertNever(error);
  }
}
