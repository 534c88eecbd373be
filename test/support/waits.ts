import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import type { StubOctoPerf } from "./stub-octoperf-server.js";

/**
 * Starts a wait on `benchResultId` that polls every second, cancels it after its second progress
 * notification, and checks that OctoPerf then sees no more state reads of that run.
 */
export async function expectCancelledWaitStopsPolling(client: Client, stub: StubOctoPerf, benchResultId: string): Promise<void> {
  const reads = () => stub.requests.filter((r) => r.method === "GET" && r.path === `/runtime/bench-results/${benchResultId}`).length;
  const controller = new AbortController();
  let polls = 0;
  const wait = client.callTool({ name: "octoperf_wait_for_test", arguments: { benchResultId, maxWaitSeconds: 60, pollIntervalSeconds: 1 } }, undefined, {
    signal: controller.signal,
    onprogress: () => {
      polls += 1;
      if (polls === 2) controller.abort("the user changed their mind");
    },
  });
  await expect(wait).rejects.toThrow();
  // Let the cancellation land, then watch: a wait that kept going would read every second.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const readsAfterCancel = reads();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(reads()).toBe(readsAfterCancel);
  expect(readsAfterCancel).toBeGreaterThanOrEqual(2);
}

/**
 * Calls octoperf_wait_for_test (30 s budget, polling every second) until the run is terminal, at
 * most 10 times, collecting every progress notification. `ok` checks and reads each answer.
 */
export async function waitUntilTerminal(
  client: Client,
  benchResultId: string,
  ok: (result: CallToolResult) => { terminal: boolean; state: string },
): Promise<{ waited: { terminal: boolean; state: string } | undefined; progress: { progress: number; message?: string }[] }> {
  const progress: { progress: number; message?: string }[] = [];
  let waited: { terminal: boolean; state: string } | undefined;
  for (let i = 0; i < 10 && !waited?.terminal; i++) {
    waited = ok(
      (await client.callTool({ name: "octoperf_wait_for_test", arguments: { benchResultId, maxWaitSeconds: 30, pollIntervalSeconds: 1 } }, undefined, {
        onprogress: (p) => progress.push(p),
        resetTimeoutOnProgress: true,
      })) as CallToolResult,
    );
  }
  return { waited, progress };
}

/**
 * Starts a tool call that reports progress and resolves once its first progress notification has
 * come (the call is under way on the server), with the call's own promise, not awaited.
 */
export async function callUntilFirstProgress(client: Client, name: string, args: Record<string, unknown>): Promise<{ readonly answer: Promise<unknown> }> {
  let progressed!: () => void;
  const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
  const answer = client.callTool({ name, arguments: args }, undefined, { onprogress: () => progressed(), timeout: 60_000 });
  await firstProgress;
  return { answer };
}
