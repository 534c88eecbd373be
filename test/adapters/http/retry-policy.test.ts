import { describe, expect, it } from "vitest";
import {
  createRetryPolicy,
  DEFAULT_RETRY_POLICY,
  isRetryableFailure,
  isRetryableRequest,
  parseRetryAfterMs,
  retryDelayMs,
} from "../../../src/adapters/http/retry-policy.js";

const policy = createRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });

describe("retry policy (as data)", () => {
  describe("which requests may be sent twice", () => {
    it.each([
      ["GET", "/workspaces/member-of", true],
      ["GET", "/runtime/bench-results/abc", true],
      ["POST", "/analysis/metrics/summary", true],
      ["POST", "/analysis/metrics/table", true],
      ["POST", "/analysis/threshold-alarms", true],
      ["post", "/analysis/metrics/summary", true],
      ["POST", "/runtime/bench-results/stop/abc", false],
      ["POST", "/runtime/scenarios/run/abc", false],
      ["POST", "/design/projects", false],
      ["PUT", "/design/projects/abc", false],
      ["DELETE", "/runtime/scenarios/abc", false],
      ["POST", "/analysis/metrics-but-not-really", false],
    ])("%s %s → %s", (method, path, expected) => {
      expect(isRetryableRequest(policy, method, path)).toBe(expected);
    });

    it("never retries the launch, even if another rule would allow it (belt and braces)", () => {
      const permissive = createRetryPolicy({ readOnlyPostPaths: [/.*/] });
      expect(isRetryableRequest(permissive, "POST", "/runtime/scenarios/run/abc")).toBe(false);
      expect(isRetryableRequest(permissive, "GET", "/runtime/scenarios/run/abc")).toBe(false);
      expect(isRetryableRequest(permissive, "POST", "/runtime/bench-results/stop/abc")).toBe(true);
    });
  });

  describe("which failures may go away", () => {
    it.each([429, 502, 503, 504])("status %i: yes", (status) => expect(isRetryableFailure(policy, { status })).toBe(true));
    it.each([400, 401, 403, 404, 409, 500, 501])("status %i: no", (status) => expect(isRetryableFailure(policy, { status })).toBe(false));
    it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ERR_RESPONSE_INTERRUPTED", "EAI_AGAIN"])("code %s: yes", (code) =>
      expect(isRetryableFailure(policy, { code })).toBe(true),
    );
    it.each(["ERR_CANCELED", "ENOTFOUND", "ERR_RESPONSE_TOO_LARGE", "CERT_HAS_EXPIRED", undefined])("code %s: no", (code) =>
      expect(isRetryableFailure(policy, code === undefined ? {} : { code })).toBe(false),
    );
  });

  describe("Retry-After", () => {
    const now = Date.parse("2026-01-15T10:00:00.000Z");
    it.each([
      ["5", 5_000],
      [" 0 ", 0],
      ["1.5", 1_500],
      ["Thu, 15 Jan 2026 10:00:30 GMT", 30_000],
      ["Thu, 15 Jan 2026 09:00:00 GMT", 0],
    ])("%j → %i ms", (value, expected) => expect(parseRetryAfterMs(value, now)).toBe(expected));
    it.each([undefined, "", "soon", "-3", "1e3x"])("%j → undefined (own backoff applies)", (value) => expect(parseRetryAfterMs(value, now)).toBeUndefined());
  });

  describe("delays", () => {
    it("doubles from the base, with half of each delay random", () => {
      expect([1, 2, 3].map((n) => retryDelayMs(policy, n, undefined, () => 0))).toEqual([50, 100, 200]);
      expect([1, 2, 3].map((n) => retryDelayMs(policy, n, undefined, () => 1))).toEqual([100, 200, 400]);
    });

    it("caps the computed backoff at maxDelayMs", () => {
      expect(retryDelayMs(policy, 20, undefined, () => 1)).toBe(1_000);
    });

    it("honours a longer Retry-After, up to maxRetryAfterMs", () => {
      expect(retryDelayMs(policy, 1, 2_000, () => 0)).toBe(2_000);
      expect(retryDelayMs(policy, 1, 3_600_000, () => 0)).toBe(5_000);
      expect(retryDelayMs(policy, 3, 10, () => 1)).toBe(400);
    });

    it("has sane defaults: 3 retries, 30 s Retry-After cap", () => {
      expect(DEFAULT_RETRY_POLICY).toMatchObject({ retries: 3, maxRetryAfterMs: 30_000 });
    });
  });
});
