/** Shared set-up of the HTTP adapter tests: a stub OctoPerf on a manual clock, and an adapter pointed at it. */
import { HttpOctoPerfAdapter, type HttpOctoPerfOptions } from "../../../src/adapters/http/http-octoperf-adapter.js";
import type { LogLevel, Logger } from "../../../src/ports/logger-port.js";
import { ManualClock } from "../../support/manual-clock.js";
import { startStubOctoPerf, type StubOctoPerf } from "../../support/stub-octoperf-server.js";

/** UUID-shaped like real keys, and distinctive, so a leak anywhere is easy to grep for. */
export const API_KEY = "5ecret00-k3y0-4d1e-9a8e-leakcanary01";
export const RUN_DURATION_MS = 30_000;

export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown> | undefined;
}

export interface Harness {
  readonly stub: StubOctoPerf;
  readonly adapter: HttpOctoPerfAdapter;
  readonly clock: ManualClock;
  readonly logs: LogLine[];
  /** Another adapter on the same stub, with other options. */
  adapterWith(overrides: Partial<HttpOctoPerfOptions>): HttpOctoPerfAdapter;
  close(): Promise<void>;
}

/** Small timeouts and a 1 ms backoff base, so the whole suite runs in seconds. */
export async function startHarness(overrides: Partial<HttpOctoPerfOptions> = {}): Promise<Harness> {
  const clock = new ManualClock();
  const stub = await startStubOctoPerf({ apiKey: API_KEY, clock, fake: { runDurationMs: RUN_DURATION_MS } });
  const logs: LogLine[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
  const adapterWith = (more: Partial<HttpOctoPerfOptions>) =>
    new HttpOctoPerfAdapter({
      baseUrl: stub.baseUrl,
      apiKey: API_KEY,
      timeoutMs: 500,
      maxRetries: 3,
      retryBaseDelayMs: 1,
      logger,
      ...overrides,
      ...more,
    });
  return { stub, adapter: adapterWith({}), clock, logs, adapterWith, close: () => stub.close() };
}

/** The rejection of a promise that must fail (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error("expected the call to fail, but it succeeded");
}
