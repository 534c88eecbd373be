import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../../src/adapters/http/http-octoperf-adapter.js";
import {
  AuthenticationError,
  CancelledError,
  InvalidInputError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  RateLimitedError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../../../src/domain/errors.js";
import { API_KEY, failureOf, startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.checkoutSmoke;
const PROJECT = SEED.project.checkoutApi;
const LAUNCH = `/runtime/scenarios/run/${SCENARIO}`;
const RUN = SEED.run.checkoutBaseline;
const WORKSPACES = "/workspaces/member-of";

const gapMs = (h: Harness, path: string) => {
  const [first, second] = h.stub.requestsTo("*", path);
  return second!.receivedAt - first!.receivedAt;
};

describe("HttpOctoPerfAdapter resilience (retry policy, timeouts, cancellation)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describe("safe requests are retried", () => {
    it("survives two 503s on a GET: three requests, then the answer", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 503 }, { status: 503 }]);
      const workspaces = await h.adapter.listWorkspaces();
      expect(workspaces.length).toBeGreaterThan(0);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(3);
    });

    it("logs each retry at warn with method, path, attempt and status, never headers", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 503 }, { status: 502 }]);
      await h.adapter.listWorkspaces();
      expect(h.logs).toEqual([
        { level: "warn", message: "Retrying OctoPerf request", fields: { method: "GET", path: WORKSPACES, attempt: 2, status: 503, code: "ERR_BAD_RESPONSE" } },
        { level: "warn", message: "Retrying OctoPerf request", fields: { method: "GET", path: WORKSPACES, attempt: 3, status: 502, code: "ERR_BAD_RESPONSE" } },
      ]);
      expect(JSON.stringify(h.logs)).not.toContain(API_KEY);
      expect(JSON.stringify(h.logs).toLowerCase()).not.toContain("authorization");
    });

    it("gives up after maxRetries with UpstreamUnavailableError, saying how many attempts", async () => {
      h.stub.script("GET", WORKSPACES, Array(5).fill({ status: 503 }));
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error.message).toContain("HTTP 503");
      expect(error.message).toContain("after 4 attempts");
      expect(error.cause).toEqual({
        method: "GET",
        path: WORKSPACES,
        status: 503,
        code: "ERR_BAD_RESPONSE",
        attempts: 4,
        serverMessage: "Service Unavailable",
      });
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(4);
    });

    it("does not retry a 500: a server bug does not go away in 2 ms", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 500 }]);
      expect(await failureOf(h.adapter.listWorkspaces())).toBeInstanceOf(UpstreamUnavailableError);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(1);
    });

    it("survives a connection reset on a GET", async () => {
      h.stub.script("GET", `/runtime/bench-results/${RUN}`, [{ reset: true }]);
      expect((await h.adapter.getRun(RUN)).state).toBe("FINISHED");
      expect(h.stub.requestsTo("GET", `/runtime/bench-results/${RUN}`)).toHaveLength(2);
    });

    it("survives a body cut off mid-transfer on a GET", async () => {
      h.stub.script("GET", WORKSPACES, [{ truncateAfterBytes: 20 }]);
      expect((await h.adapter.listWorkspaces()).length).toBeGreaterThan(0);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(2);
    });

    it("retries the read-only metrics POST on 429 then answers", async () => {
      h.stub.script("POST", "/analysis/metrics/summary", [{ status: 429 }]);
      const metrics = await h.adapter.getMetrics(RUN, ["HITS_TOTAL"]);
      expect(metrics[0]!.value).toBeGreaterThan(0);
      expect(h.stub.requestsTo("POST", "/analysis/metrics/summary")).toHaveLength(2);
    });

    it("retries the metrics POST on 502 and 504 too", async () => {
      h.stub.script("POST", "/analysis/metrics/summary", [{ status: 502 }, { status: 504 }]);
      await h.adapter.getMetrics(RUN, ["HITS_TOTAL"]);
      expect(h.stub.requestsTo("POST", "/analysis/metrics/summary")).toHaveLength(3);
    });

    it("maps a 429 that outlasts the retries to RateLimitedError with the server's Retry-After", async () => {
      const adapter = h.adapterWith({ maxRetries: 1, maxRetryAfterMs: 5 });
      h.stub.script("GET", WORKSPACES, [
        { status: 429, headers: { "Retry-After": "7" } },
        { status: 429, headers: { "Retry-After": "7" } },
      ]);
      const error = await failureOf(adapter.listWorkspaces());
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(7000);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(2);
    });

    it("retries a refused connection, then reports the host unreachable (UpstreamUnavailableError)", async () => {
      const adapter = new HttpOctoPerfAdapter({ baseUrl: await closedPortUrl(), apiKey: API_KEY, timeoutMs: 500, maxRetries: 2, retryBaseDelayMs: 1 });
      const error = await failureOf(adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.message).toContain("after 3 attempts");
      // Nothing answered: the base URL is the setting to check, a fact each edge words.
      expect(error).toMatchObject({ setting: "baseUrl" });
      expect(error.message).not.toMatch(/OCTOPERF_/);
    });
  });

  describe("Retry-After", () => {
    it("waits at least the delta-seconds a 503 asks for", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 503, headers: { "Retry-After": "1" } }]);
      await h.adapter.listWorkspaces();
      const gap = gapMs(h, WORKSPACES);
      expect(gap).toBeGreaterThanOrEqual(950);
      expect(gap).toBeLessThan(5_000);
    });

    it("waits until the HTTP date a 429 names", async () => {
      // HTTP dates have whole seconds: "now + 2 s" lands 1–2 s ahead.
      const retryAt = new Date(Date.now() + 2_000).toUTCString();
      h.stub.script("POST", "/analysis/metrics/summary", [{ status: 429, headers: { "Retry-After": retryAt } }]);
      await h.adapter.getMetrics(RUN, ["HITS_TOTAL"]);
      const gap = gapMs(h, "/analysis/metrics/summary");
      expect(gap).toBeGreaterThanOrEqual(900);
      expect(gap).toBeLessThan(5_000);
    });

    it("caps an absurd Retry-After at maxRetryAfterMs", async () => {
      const adapter = h.adapterWith({ maxRetryAfterMs: 50 });
      h.stub.script("GET", WORKSPACES, [{ status: 503, headers: { "Retry-After": "3600" } }]);
      await adapter.listWorkspaces();
      const gap = gapMs(h, WORKSPACES);
      expect(gap).toBeGreaterThanOrEqual(40);
      expect(gap).toBeLessThan(2_000);
    });
  });

  describe("the launch is sent at most once", () => {
    it("a 503 on launch: one request, LaunchOutcomeUnknownError", async () => {
      h.stub.script("POST", LAUNCH, [{ status: 503 }, { status: 503 }]);
      const error = await failureOf(h.adapter.launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
      expect(error.message).toMatch(/outcome is unknown/);
      expect(error.message).toMatch(/outcome is unknown.*a run may have started/);
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });

    it("a timeout on launch: one request, LaunchOutcomeUnknownError", async () => {
      const adapter = h.adapterWith({ timeoutMs: 100, maxRetries: 5 });
      h.stub.script("POST", LAUNCH, [{ delayMs: 400 }]);
      const error = await failureOf(adapter.launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
      expect(error.message).toContain("100 ms");
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });

    it("a reset on launch: one request, outcome unknown, and the run it started can be found", async () => {
      h.stub.script("POST", LAUNCH, [{ reset: true, handled: true }]);
      const error = await failureOf(h.adapterWith({ maxRetries: 5 }).launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
      const reports = await h.adapter.listReports(PROJECT);
      expect(reports.some((r) => r.id.startsWith("fakeRep"))).toBe(true);
    });

    it("a body cut off on launch: outcome unknown", async () => {
      h.stub.script("POST", LAUNCH, [{ truncateAfterBytes: 30 }]);
      expect(await failureOf(h.adapter.launchScenario(SCENARIO))).toBeInstanceOf(LaunchOutcomeUnknownError);
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });

    it("a 2xx launch answer that cannot be read: outcome unknown, not a plain contract error", async () => {
      h.stub.script("POST", LAUNCH, [{ status: 200, body: { id: "rep", projectId: PROJECT, benchResultIds: [] } }]);
      const error = await failureOf(h.adapter.launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
      expect(error.message).toContain("benchResultIds");
    });

    it("a 400 on launch: one request, InvalidInputError carrying the server's message", async () => {
      h.stub.script("POST", LAUNCH, [{ status: 400, body: { status: 400, error: "Bad Request", message: "  No subscription\n matches this scenario  " } }]);
      const error = await failureOf(h.adapter.launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toContain("No subscription matches this scenario");
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });

    it.each([
      [401, AuthenticationError],
      [403, AuthenticationError],
      [404, NotFoundError],
      [429, RateLimitedError],
      [402, LaunchRefusedError],
    ] as const)("a %i on launch: one request, %o", async (status, kind) => {
      h.stub.script("POST", LAUNCH, [{ status }, { status }]);
      expect(await failureOf(h.adapter.launchScenario(SCENARIO))).toBeInstanceOf(kind);
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });

    it("a refused connection on launch never reached OctoPerf: UpstreamUnavailableError, not unknown", async () => {
      const adapter = new HttpOctoPerfAdapter({ baseUrl: await closedPortUrl(), apiKey: API_KEY, timeoutMs: 500, maxRetries: 3, retryBaseDelayMs: 1 });
      const error = await failureOf(adapter.launchScenario(SCENARIO));
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error).not.toBeInstanceOf(LaunchOutcomeUnknownError);
    });

    it("stop is not retried either (POST with an effect)", async () => {
      h.stub.script("POST", `/runtime/bench-results/stop/${RUN}`, [{ status: 503 }]);
      expect(await failureOf(h.adapter.stopRun(RUN))).toBeInstanceOf(UpstreamUnavailableError);
      expect(h.stub.requestsTo("POST", `/runtime/bench-results/stop/${RUN}`)).toHaveLength(1);
    });
  });

  describe("timeouts are per attempt", () => {
    it("an answer slower than the timeout: UpstreamTimeoutError naming the ms, after every attempt timed out", async () => {
      const adapter = h.adapterWith({ timeoutMs: 100, maxRetries: 2 });
      h.stub.script("GET", WORKSPACES, Array(3).fill({ delayMs: 400 }));
      const started = Date.now();
      const error = await failureOf(adapter.listWorkspaces());
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(error.message).toContain("100 ms");
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(3);
      // Three attempts of 100 ms and tiny backoffs: nowhere near the 400 ms × 3 the server wanted.
      expect(elapsed).toBeLessThan(1_000);
    });

    it("one slow attempt, then a prompt one: the retry answers", async () => {
      const adapter = h.adapterWith({ timeoutMs: 100, maxRetries: 2 });
      h.stub.script("GET", WORKSPACES, [{ delayMs: 400 }]);
      expect((await adapter.listWorkspaces()).length).toBeGreaterThan(0);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(2);
    });

    it("a body dripping in slower than the timeout also times out (wall clock, not idle time)", async () => {
      const adapter = h.adapterWith({ timeoutMs: 150, maxRetries: 0 });
      h.stub.script("GET", WORKSPACES, [{ drip: { chunkBytes: 4, intervalMs: 20 } }]);
      const started = Date.now();
      const error = await failureOf(adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it("a body dripping in within the timeout is read whole", async () => {
      h.stub.script("GET", `/runtime/bench-results/${RUN}`, [{ drip: { chunkBytes: 64, intervalMs: 5 } }]);
      expect((await h.adapter.getRun(RUN)).id).toBe(RUN);
    });
  });

  describe("cancellation", () => {
    it("aborting an in-flight request gives CancelledError and no retry", async () => {
      h.stub.script("GET", WORKSPACES, [{ delayMs: 300 }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failureOf(h.adapter.listWorkspaces({ signal: controller.signal }));
      expect(error).toBeInstanceOf(CancelledError);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(1);
    });

    it("aborting during a retry backoff ends the call at once", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 503, headers: { "Retry-After": "5" } }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await failureOf(h.adapter.listWorkspaces({ signal: controller.signal }));
      expect(error).toBeInstanceOf(CancelledError);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(1);
    });

    it("aborting an in-flight launch is a cancellation, sent once", async () => {
      h.stub.script("POST", LAUNCH, [{ delayMs: 2_000 }]);
      const controller = new AbortController();
      // Abort once the POST is in flight (the stub has it and holds its answer), not after a fixed
      // delay: on a loaded machine 50 ms could pass before the request even left.
      const watcher = setInterval(() => {
        if (h.stub.requestsTo("POST", LAUNCH).length > 0) controller.abort();
      }, 5);
      try {
        expect(await failureOf(h.adapter.launchScenario(SCENARIO, { signal: controller.signal }))).toBeInstanceOf(CancelledError);
      } finally {
        clearInterval(watcher);
      }
      expect(h.stub.requestsTo("POST", LAUNCH)).toHaveLength(1);
    });
  });
});

/** A URL on 127.0.0.1 where nothing listens: connections are refused at once. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
