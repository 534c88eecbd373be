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

/** A raw client's wait (no SDK): its SSE answer read as it comes, see openRawWait. */
export interface RawWait {
  /** Hangs up. */
  abort(): void;
  /** The whole stream once the server ended it ("aborted: …" when the client hung up first). */
  readonly rest: Promise<string>;
  /** Whether the server has ended the stream. */
  ended(): boolean;
}

/**
 * POSTs an octoperf_wait_for_test call (polling every second) as a raw client would, with
 * `headers` (Authorization, Mcp-Session-Id…), and resolves once its first progress event came:
 * the call is then under way on the server, its SSE answer still open.
 */
export async function openRawWait(
  url: string,
  headers: Record<string, string>,
  call: { benchResultId: string; requestId: string | number; maxWaitSeconds: number },
): Promise<RawWait> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: call.requestId,
      method: "tools/call",
      params: {
        name: "octoperf_wait_for_test",
        arguments: { benchResultId: call.benchResultId, maxWaitSeconds: call.maxWaitSeconds, pollIntervalSeconds: 1 },
        _meta: { progressToken: "p" },
      },
    }),
    signal: controller.signal,
  });
  expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("notifications/progress")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended early: ${seen}`);
    seen += value;
  }
  let ended = false;
  const rest = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return ((ended = true), seen);
        seen += value;
      }
    } catch {
      return `aborted: ${seen}`;
    }
  })();
  return { abort: () => controller.abort(), rest, ended: () => ended };
}

/** The stream's text once the server ends it; fails (and hangs up) when it is still open after `ms`. */
export async function streamEnds(wait: RawWait, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still open"), ms)));
  const outcome = await Promise.race([wait.rest, open]);
  clearTimeout(timer);
  if (outcome === "still open") wait.abort();
  expect(outcome, `the stream was still open after ${ms} ms`).not.toBe("still open");
  return outcome;
}

/** Resolves once `condition()` holds (checked every 50 ms), or fails after `ms` naming `what`. */
export async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
