/**
 * The wait budget is a deadline, end to end (issue 12, item 2): the BUILT server over stdio, in
 * HTTP mode against the loopback OctoPerf, with every OctoPerf read hanging. With a 5 s request
 * timeout and 3 retries, one hung read used to take over 20 s; each call must now answer within
 * its budget + 2 s. Real time: the bounds are generous, and only upper bounds.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { launchCount } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded, type RecordedServer } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

const KEY = CANARY_API_KEY;
const BUDGET_SECONDS = 5;
const UPPER_BOUND_MS = (BUDGET_SECONDS + 2) * 1000;

let stub: StubOctoPerf;
beforeEach(async () => {
  stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 600_000 } });
});
afterEach(async () => {
  await closeAllRecorded();
  await stub.close();
});

/** From now on, every GET (every read) gets no answer for a minute: longer than any test runs. */
function hangEveryRead(): void {
  stub.script(
    "GET",
    /.*/,
    Array.from({ length: 200 }, () => ({ delayMs: 60_000 })),
  );
}

async function timed(server: RecordedServer, tool: string, args: Record<string, unknown>) {
  const started = performance.now();
  const result = await server.call(tool, args, { timeout: 60_000 });
  return { result, elapsedMs: performance.now() - started };
}

function structured<T>(result: CallToolResult): T {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
}

describe("a hung OctoPerf cannot hold an answer past the wait budget (built server, stdio)", () => {
  it("wait, run-and-analyze: each answers within budget + 2 s, saying what it knows", { timeout: 60_000 }, async () => {
    const server = await spawnRecorded(
      [],
      { OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_TIMEOUT_MS: "5000", OCTOPERF_MAX_RETRIES: "3" },
      { scanner: new SecretScanner([KEY]), label: "wait deadline" },
    );
    const launched = structured<{ benchResultId: string }>(await server.call("octoperf_run_test", { runtimeId: SEED.scenario.checkoutNightly }));
    const { benchResultId } = launched;
    const seen = structured<{ state: string; stale: boolean }>(await server.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 0 }));
    expect(seen.stale).toBe(false);

    hangEveryRead();

    // A run whose state was seen before: the last known state, not an error.
    const known = await timed(server, "octoperf_wait_for_test", { benchResultId, maxWaitSeconds: BUDGET_SECONDS });
    expect(known.elapsedMs).toBeLessThan(UPPER_BOUND_MS);
    expect(structured(known.result)).toMatchObject({
      benchResultId,
      state: seen.state,
      terminal: false,
      stale: true,
      nextPollAfterSeconds: expect.any(Number),
    });
    expect(textOf(known.result)).toMatch(/OctoPerf failed or did not answer the latest check: state as last given at /);

    // A run never seen: nothing to fall back on, so a clear error, as promptly.
    const unknown = await timed(server, "octoperf_wait_for_test", { benchResultId: "neverSeenRun00000001", maxWaitSeconds: BUDGET_SECONDS });
    expect(unknown.elapsedMs).toBeLessThan(UPPER_BOUND_MS);
    expect(unknown.result.isError).toBe(true);
    expect(textOf(unknown.result)).toContain(`within the ${BUDGET_SECONDS} s budget: its state is not known yet`);

    // run-and-analyze reads the scenario before launching: it hangs, so nothing is launched.
    const launchesBefore = launchCount(stub.requests);
    const analyzed = await timed(server, "octoperf_run_and_analyze", { scenarioId: SEED.scenario.checkoutSmoke, maxWaitSeconds: BUDGET_SECONDS });
    expect(analyzed.elapsedMs).toBeLessThan(UPPER_BOUND_MS);
    expect(analyzed.result.isError).toBe(true);
    expect(textOf(analyzed.result)).toContain("nothing was launched");
    expect(launchCount(stub.requests)).toBe(launchesBefore);

    // The server is still healthy once OctoPerf answers again.
    stub.script("GET", /.*/, []);
    await server.close();
  });
});
