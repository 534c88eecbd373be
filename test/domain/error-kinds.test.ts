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
import { assertNever, type DomainError } from "../../src/domain/errors.js";
import { silentLogger as silent } from "../../src/ports/logger-port.js";
import { ONE_OF_EACH } from "../support/one-error-of-each-kind.js";

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
