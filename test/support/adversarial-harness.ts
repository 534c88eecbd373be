/**
 * In-process set-ups of the adversarial suites: the real MCP server and SDK Client (in-memory
 * transport) over either the fake (with every port call recorded) or the real HTTP adapter
 * pointed at the loopback stub. Every tool result and every log line goes through the scanner.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { FakeOctoPerfAdapter, type FakeOctoPerfOptions } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { HttpOctoPerfAdapter, type HttpOctoPerfOptions } from "../../src/adapters/http/http-octoperf-adapter.js";
import type { OctoPerfOptions } from "../../src/app/config.js";
import type { Logger } from "../../src/ports/logger-port.js";
import type { OctoPerfPort } from "../../src/ports/octoperf-port.js";
import { ManualClock } from "./manual-clock.js";
import { connectInMemory, textOf, type InMemoryMcp } from "./mcp-client.js";
import { launchCount, undocumentedRequests } from "./octoperf-routes.js";
import { CANARY_API_KEY, type SecretScanner } from "./secret-scan.js";
import { startStubOctoPerf, type StubOctoPerf } from "./stub-octoperf-server.js";

export interface PortCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** Wraps a port so that every call (method and arguments) is recorded before it runs. */
export function recordingPort(port: OctoPerfPort, calls: PortCall[]): OctoPerfPort {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export interface ScannedMcp {
  readonly mcp: InMemoryMcp;
  readonly clock: ManualClock;
  /** Log lines of the adapter (retries), raw fields: scanned before any masking could hide a leak. */
  readonly adapterLogs: { level: string; message: string; fields?: Record<string, unknown> }[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Scans the server's log lines so far; called by close() too. */
  scanLogs(): void;
  close(): Promise<void>;
}

function scanned(
  mcp: InMemoryMcp,
  clock: ManualClock,
  scanner: SecretScanner,
  adapterLogs: ScannedMcp["adapterLogs"],
  extraClose: () => Promise<void>,
): ScannedMcp {
  let logsScanned = 0;
  let adapterLogsScanned = 0;
  const scanLogs = () => {
    for (; logsScanned < mcp.logs.length; logsScanned++) scanner.scan("log:mcp", mcp.logs[logsScanned]);
    for (; adapterLogsScanned < adapterLogs.length; adapterLogsScanned++) scanner.scan("log:adapter", adapterLogs[adapterLogsScanned]);
  };
  return {
    mcp,
    clock,
    adapterLogs,
    call: async (name, args = {}) => {
      // Arguments cross a JSON wire in real life: NaN, undefined and -0 do not survive it.
      const wireArgs = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
      const result = await mcp.call(name, wireArgs);
      scanner.scan(`tool result:${name}`, result);
      scanLogs();
      return result;
    },
    scanLogs,
    close: async () => {
      scanLogs();
      await mcp.close();
      await extraClose();
    },
  };
}

/** The in-process server over the fake, with an auto-advancing clock (waits end at once in fake time). */
export async function startFakeMcp(
  scanner: SecretScanner,
  options: { config?: Partial<OctoPerfOptions>; fake?: FakeOctoPerfOptions } = {},
): Promise<ScannedMcp & { readonly portCalls: PortCall[]; readonly fake: FakeOctoPerfAdapter }> {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000, ...options.fake });
  const portCalls: PortCall[] = [];
  const mcp = await connectInMemory({ octoperf: recordingPort(fake, portCalls), clock, ...(options.config ? { config: options.config } : {}) });
  return Object.assign(
    scanned(mcp, clock, scanner, [], async () => {}),
    { portCalls, fake },
  );
}

export interface HttpMcp extends ScannedMcp {
  readonly stub: StubOctoPerf;
  readonly adapter: HttpOctoPerfAdapter;
  /** POST /runtime/scenarios/run/* received by the stub. */
  launches(): number;
  /** Requests outside the documented routes (should stay empty). */
  undocumented(): string[];
}

/**
 * The in-process server over the real HttpOctoPerfAdapter and the loopback stub, sharing one
 * auto-advancing clock (reconcile waits and polling cost no real time). Small timeout and a
 * 1 ms backoff base keep fault tests fast.
 */
export async function startHttpMcp(
  scanner: SecretScanner,
  options: {
    apiKey?: string;
    adapter?: Partial<HttpOctoPerfOptions>;
    config?: Partial<OctoPerfOptions>;
    fake?: FakeOctoPerfOptions;
    clock?: ManualClock;
  } = {},
): Promise<HttpMcp> {
  const clock = options.clock ?? new ManualClock(undefined, true);
  const stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY, clock, fake: { runDurationMs: 30_000, ...options.fake } });
  const adapterLogs: ScannedMcp["adapterLogs"] = [];
  const logger: Logger = { log: (level, message, fields) => adapterLogs.push({ level, message, ...(fields ? { fields } : {}) }) };
  const adapter = new HttpOctoPerfAdapter({
    baseUrl: stub.baseUrl,
    apiKey: options.apiKey ?? CANARY_API_KEY,
    timeoutMs: 250,
    maxRetries: 3,
    retryBaseDelayMs: 1,
    maxRetryAfterMs: 2_000,
    logger,
    ...options.adapter,
  });
  const mcp = await connectInMemory({ octoperf: adapter, clock, ...(options.config ? { config: options.config } : {}) });
  const base = scanned(mcp, clock, scanner, adapterLogs, () => stub.close());
  return {
    ...base,
    stub,
    adapter,
    launches: () => launchCount(stub.requests),
    undocumented: () => undocumentedRequests(stub.requests),
  };
}

/** What a clear tool error looks like: isError, a short sentence, no stack, no internal error. */
export function clearErrorProblems(result: CallToolResult): string[] {
  const problems: string[] = [];
  const text = textOf(result);
  if (result.isError !== true) problems.push("isError is not true");
  if (text.trim().length === 0) problems.push("empty message");
  if (text.length > 1_500) problems.push(`message is ${text.length} characters long`);
  if (/internal error/i.test(text)) problems.push("says internal error");
  if (/\n\s+at\s|\bat [^\s]+ \(.*:\d+:\d+\)|\.(?:js|ts):\d+:\d+/.test(text)) problems.push("contains a stack trace");
  if (/ZodError|"code"\s*:|\bexpected":/.test(text)) problems.push("dumps raw validation JSON");
  // Echoed terminal escapes or NULs would garble a client's display.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) problems.push("contains raw control characters");
  if (result.structuredContent !== undefined) problems.push("an error carries structuredContent");
  return problems;
}
