/**
 * The API key never leaves: not in a tool result (text or structuredContent), a log line, a
 * stderr byte, a thrown error (message, stack, cause chain, JSON, util.inspect), even when
 * OctoPerf (or a proxy in front of it) echoes the key back in its answers, even at debug level.
 * Every observation goes through the SecretScanner (test/support/secret-scan.ts).
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { discoverAuthorizationServerMetadata, exchangeAuthorization, registerClient, startAuthorization } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { HttpOctoPerfAdapter } from "../../src/adapters/http/http-octoperf-adapter.js";
import { createMcpServer } from "../../src/adapters/mcp/create-mcp-server.js";
import { StderrLogger } from "../../src/adapters/stderr-logger.js";
import { parseOptions } from "../../src/app/config.js";
import { createContainer, resolveUseCases } from "../../src/app/container.js";
import { OctoPerfError } from "../../src/domain/errors.js";
import type { LinkedUseCases as UseCases } from "../../src/adapters/linked-use-cases.js";
import type { Logger } from "../../src/ports/logger-port.js";
import { clearErrorProblems, startHttpMcp, type HttpMcp } from "../support/adversarial-harness.js";
import { IDS } from "../support/hostile-inputs.js";
import { ManualClock } from "../support/manual-clock.js";
import { textOf } from "../support/mcp-client.js";
import { LAUNCH_ROUTE } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded } from "../support/recorded-stdio.js";
import { CANARY_API_KEY, expectNoSecret, findSecretLeaks, rejectionOf, SecretScanner, WRONG_API_KEY } from "../support/secret-scan.js";
import { consentByFetch } from "../support/oauth-client.js";
import { runBin } from "../support/spawn-server.js";
import { spawnHttpServer } from "../support/spawn-http-server.js";
import { startStubOctoPerf, wireBenchResult, type StubOctoPerf, type StubResponse } from "../support/stub-octoperf-server.js";

const KEY = CANARY_API_KEY;
const scanner = new SecretScanner([KEY, WRONG_API_KEY]);

afterAll(async () => {
  await closeAllRecorded();
});

describe("the scanner itself", () => {
  it("finds the key as is, inside a cause chain, base64-encoded, truncated, and in util.inspect-only places", () => {
    expect(findSecretLeaks({ a: [`x Bearer ${KEY} y`] }, KEY)).not.toEqual([]);
    expect(findSecretLeaks(new Error("outer", { cause: new Error(`inner ${KEY}`) }), KEY)).not.toEqual([]);
    expect(findSecretLeaks(Buffer.from(KEY).toString("base64"), KEY)).not.toEqual([]);
    expect(findSecretLeaks(`${KEY.slice(0, 20)}…`, KEY)).not.toEqual([]);
    const hidden = {};
    Object.defineProperty(hidden, "token", { value: KEY, enumerable: false });
    expect(findSecretLeaks(hidden, KEY)).not.toEqual([]);
    expect(findSecretLeaks({ fine: "nothing here", n: 1 }, KEY)).toEqual([]);
    expect(() => expectNoSecret({ deep: { deeper: KEY } }, "self-test")).toThrow(/leaked in self-test: \$\.deep\.deeper "<API KEY>"/);
  });
});

describe("OctoPerf answers that echo the key: tool results and logs stay clean", () => {
  let h: HttpMcp;
  afterEach(async () => {
    await h.close();
  });

  const RUN_PATH = `/runtime/bench-results/${IDS.run}`;
  const echo = (status: number, body: unknown, extra: Partial<StubResponse> = {}): StubResponse => ({ status, body, ...extra });
  const CASES: { name: string; method: string; path: string | RegExp; responses: StubResponse[]; tool: string; args: Record<string, unknown> }[] = [
    {
      name: "a 400 whose message quotes the Authorization header",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(400, { message: `Invalid header Authorization: Bearer ${KEY}` })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a 409 whose plain-text body holds the bare key",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(409, `key ${KEY} is locked`, { headers: { "Content-Type": "text/plain" } })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a 422 with the key in `detail`",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(422, { detail: `token=${KEY}` })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a 401 echoing the key",
      method: "GET",
      path: "/workspaces/member-of",
      responses: [echo(401, { message: `Bearer ${KEY} expired` })],
      tool: "octoperf_get_current_user_workspaces",
      args: {},
    },
    {
      name: "a 500 storm with the key in each body",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(500, { message: KEY })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "503s with the key in Retry-After and in the body",
      method: "GET",
      path: RUN_PATH,
      responses: Array(4).fill(echo(503, `<html>${KEY}</html>`, { headers: { "Retry-After": KEY, "Content-Type": "text/html" } })),
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a 200 HTML login page with the key in it",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(200, `<html><body>Hello ${KEY}</body></html>`, { headers: { "Content-Type": "text/html" } })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a redirect whose Location carries the key",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(302, "", { headers: { Location: `https://login.example/?token=${KEY}` } })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
    {
      name: "a launch refused with the key in the message (418)",
      method: "POST",
      path: LAUNCH_ROUTE,
      responses: [echo(418, { error: `no credits for ${KEY}` })],
      tool: "octoperf_run_test",
      args: { runtimeId: IDS.scenario },
    },
    {
      name: "a launch answered by a 502 echoing the key",
      method: "POST",
      path: LAUNCH_ROUTE,
      responses: [echo(502, { message: `upstream Bearer ${KEY}` })],
      tool: "octoperf_run_test",
      args: { runtimeId: IDS.scenario },
    },
    {
      name: "a summary answer with the key as a value",
      method: "POST",
      path: "/analysis/metrics/summary",
      responses: [echo(200, [KEY])],
      tool: "octoperf_get_report_metrics",
      args: { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] },
    },
    {
      name: "a run answer with the key as its state type (a number expected elsewhere)",
      method: "GET",
      path: RUN_PATH,
      responses: [echo(200, { id: IDS.run, scenarioId: 7, designProjectId: KEY, state: null, created: 0 })],
      tool: "octoperf_status",
      args: { benchResultId: IDS.run },
    },
  ];

  for (const c of CASES) {
    it(`${c.name}: the error result and every log line are key-free`, async () => {
      h = await startHttpMcp(scanner);
      h.stub.script(c.method, c.path, c.responses);
      const result = await h.call(c.tool, c.args); // scans the result and the logs
      expect(clearErrorProblems(result)).toEqual([]);
      expect(JSON.stringify(result)).not.toContain(KEY);
    });
  }

  it("a run answer whose timestamps echo the key: the CONTRACT error does not quote it", async () => {
    h = await startHttpMcp(scanner);
    const wire = wireBenchResult(await h.stub.fake.getRun(IDS.run));
    h.stub.script("GET", RUN_PATH, [{ body: { ...wire, created: `Bearer ${KEY}` } }, { body: { ...wire, lastModified: KEY } }]);
    for (let i = 0; i < 2; i++) {
      const result = await h.mcp.call("octoperf_status", { benchResultId: IDS.run });
      expect(clearErrorProblems(result)).toEqual([]);
      expect(findSecretLeaks(result, KEY), `leaked in: ${textOf(result).split(KEY).join("<API KEY>")}`).toEqual([]);
    }
  });

  it("the key is sent only as the Bearer header, never in a path, query or body", async () => {
    h = await startHttpMcp(scanner);
    await h.call("octoperf_get_current_user_workspaces");
    await h.call("octoperf_run_test", { runtimeId: IDS.scenario });
    await h.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] });
    expect(h.stub.requests.length).toBeGreaterThan(3);
    for (const request of h.stub.requests) {
      expect(request.headers["authorization"]).toBe(`Bearer ${KEY}`);
      expect(findSecretLeaks({ url: request.url, body: request.body }, KEY)).toEqual([]);
      const otherHeaders = Object.entries(request.headers).filter(([name]) => name !== "authorization");
      expect(findSecretLeaks(otherHeaders, KEY)).toEqual([]);
    }
  });
});

describe("thrown errors of the library (use cases over the HTTP adapter): message, stack, cause chain, JSON, inspect", () => {
  let stub: StubOctoPerf;
  let useCases: UseCases;
  const logs: unknown[] = [];
  afterEach(async () => {
    for (const line of logs.splice(0)) scanner.scan("log:library", line);
    await stub.close();
  });

  async function library(apiKey = KEY): Promise<void> {
    stub = await startStubOctoPerf({ apiKey: KEY, clock: new ManualClock(undefined, true) });
    const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, fields }) };
    const config = parseOptions({ apiKey, baseUrl: stub.baseUrl, timeoutMs: 200, maxRetries: 1, logLevel: "debug" });
    useCases = resolveUseCases(createContainer(config, { logger, clock: new ManualClock(undefined, true) }));
    scanner.scan("error:config", config);
    scanner.scan("error:config-inspect", inspect(config, { depth: 5, showHidden: true }));
    scanner.scan("error:config-string", `${String(config.apiKey)} ${JSON.stringify(config)}`);
  }

  it("every fault leaves a typed OctoPerfError whose every rendering is key-free, and no AxiosError (which holds headers) in the chain", async () => {
    await library();
    const faults: [string, StubResponse[], () => Promise<unknown>][] = [
      ["GET", [{ status: 400, body: { message: `Bearer ${KEY}` } }], () => useCases.getRunStatus.execute({ benchResultId: IDS.run })],
      ["GET", [{ status: 401 }], () => useCases.listWorkspaces.execute()],
      ["GET", [{ status: 503 }, { status: 503 }], () => useCases.listWorkspaces.execute()],
      ["GET", [{ reset: true }, { reset: true }], () => useCases.listProjects.execute({ workspaceId: IDS.workspace })],
      ["GET", [{ delayMs: 600 }, { delayMs: 600 }], () => useCases.getRunStatus.execute({ benchResultId: IDS.run })],
      ["GET", [{ body: "<html>" }], () => useCases.getBenchReport.execute({ reportId: IDS.report })],
      ["POST", [{ reset: true }, { reset: true }], () => useCases.getRunMetrics.execute({ benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] })],
      [
        "POST",
        [
          { status: 502, body: KEY },
          { status: 502, body: KEY },
        ],
        () => useCases.getRunMetrics.execute({ benchResultId: IDS.run, metricIds: ["ERRORS_PERCENT"] }),
      ],
    ];
    for (const [method, responses, call] of faults) {
      stub.script(method, /.*/, responses);
      const error = await rejectionOf(call());
      expect(error).toBeInstanceOf(OctoPerfError);
      scanner.scan("error:library", error);
      for (let cause: unknown = error; cause !== undefined; cause = (cause as { cause?: unknown }).cause) {
        expect((cause as { isAxiosError?: boolean }).isAxiosError).not.toBe(true);
        expect((cause as { config?: unknown }).config).toBeUndefined();
      }
    }
    expect(stub.pendingScripts()).toBe(0);
  });

  it("a launch whose answer is lost: the LaunchOutcomeUnknownError and its cause are key-free", async () => {
    await library();
    stub.script("POST", LAUNCH_ROUTE, [{ reset: true }]);
    stub.script("GET", /^\/analysis\/bench-reports\/by-project\//, Array(3).fill({ status: 503, body: KEY }));
    const error = await rejectionOf(useCases.launchScenario.execute({ scenarioId: IDS.scenario }));
    expect((error as OctoPerfError).code).toBe("LAUNCH_OUTCOME_UNKNOWN");
    scanner.scan("error:launch", error);
  });

  it("a wrong key: AuthenticationError, neither key anywhere in it", async () => {
    await library(WRONG_API_KEY);
    const error = await rejectionOf(useCases.listWorkspaces.execute());
    expect((error as OctoPerfError).code).toBe("AUTHENTICATION");
    scanner.scan("error:auth", error);
    expect(stub.requests[0]!.headers["authorization"]).toBe(`Bearer ${WRONG_API_KEY}`);
  });

  it("the adapter itself cannot be made to show the key (JSON, inspect, keys)", async () => {
    await library();
    const adapter = new HttpOctoPerfAdapter({ baseUrl: stub.baseUrl, apiKey: KEY, timeoutMs: 100, maxRetries: 0 });
    scanner.scan("error:adapter", { json: JSON.stringify(adapter), inspect: inspect(adapter, { depth: 10, showHidden: true }), keys: Object.keys(adapter) });
    scanner.scan("error:use-cases", inspect(useCases, { depth: 6 }));
  });
});

describe("a crash inside a tool whose error carries the key", () => {
  it("the model gets a generic internal-error text; the production logger masks the key on stderr", async () => {
    const lines: string[] = [];
    const logger = new StderrLogger({ level: "debug", secrets: [KEY], write: (line) => lines.push(line) });
    const clock = new ManualClock(undefined, true);
    const fake = new FakeOctoPerfAdapter(clock);
    // As if a dependency threw its raw request (axios does): headers and all.
    fake.getRun = async () => {
      const error = new Error(`Request failed: Authorization: Bearer ${KEY}`);
      Object.assign(error, { config: { headers: { Authorization: `Bearer ${KEY}` } } });
      throw error;
    };
    const config = parseOptions({ demo: true, logLevel: "debug" });
    const server = createMcpServer({ useCases: resolveUseCases(createContainer(config, { octoperf: fake, clock, logger })), logger, version: "0" });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "t", version: "0" });
    await Promise.all([server.connect(b), client.connect(a)]);
    try {
      const result = await client.callTool({ name: "octoperf_status", arguments: { benchResultId: IDS.run } });
      scanner.scan("tool result:crash", result);
      expect(textOf(result as never)).toMatch(/internal error; details are in the server log/);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) scanner.scan("log:stderr-logger", line);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe("the built server over stdio, debug logging, against a stub that echoes the key", () => {
  it("a whole session (discover, launch, poll, metrics, faults, bad input): every result and all stderr key-free", { timeout: 30_000 }, async () => {
    const stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 1_000 } });
    try {
      const server = await spawnRecorded(
        [],
        { OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_LOG_LEVEL: "debug", OCTOPERF_TIMEOUT_MS: "300", OCTOPERF_MAX_RETRIES: "1" },
        { scanner, label: "secrets http debug" },
      );
      await server.call("octoperf_get_current_user_workspaces");
      await server.call("get_project_by_workspace_id", { workspaceId: IDS.workspace });
      await server.call("get_runtime_id", {});
      const launched = await server.call("octoperf_run_test", { runtimeId: IDS.scenario });
      const { benchResultId } = launched.structuredContent as { benchResultId: string };
      await server.call("octoperf_wait_for_test", { benchResultId, maxWaitSeconds: 10, pollIntervalSeconds: 1 });
      await server.call("octoperf_evaluate_sla", { benchResultId });
      stub.script("GET", /.*/, [
        { status: 400, body: { message: `Bearer ${KEY}` } },
        { status: 503, body: KEY, headers: { "Retry-After": KEY } },
        { status: 503, body: KEY },
        { status: 401, body: { message: KEY } },
        { body: `<html>${KEY}</html>`, headers: { "Content-Type": "text/html" } },
        { status: 302, headers: { Location: `http://evil.example/${KEY}` } },
        { reset: true },
        { reset: true },
      ]);
      for (let i = 0; i < 6; i++) await server.call("octoperf_status", { benchResultId: IDS.run });
      stub.script("POST", LAUNCH_ROUTE, [{ status: 418, body: { message: `no credits left for Bearer ${KEY}` } }]);
      const failedLaunch = await server.call("octoperf_run_test", { runtimeId: IDS.otherScenario });
      expect(failedLaunch.isError).toBe(true);
      await server.call("octoperf_status", { benchResultId: `../${KEY}` });
      // A model that pastes the key where an id goes: a well-formed id, refused before it reaches a URL.
      const before = stub.requests.length;
      const pasted = await server.call("octoperf_status", { benchResultId: KEY });
      expect(textOf(pasted)).toMatch(/is the API key, not an id: never pass the key as an argument/);
      expect(stub.requests.length).toBe(before);
      await server.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: [`${KEY}!`] });
      const status = await server.close(); // scans the whole stderr
      expect(status.code).toBe(0);
      expect(server.stderr()).toMatch(/Retrying OctoPerf request/);
      expect(server.transport.impurities()).toEqual([]);
    } finally {
      await stub.close();
    }
  });

  it("a server started with a key OctoPerf rejects: results and stderr carry neither key", async () => {
    const stub = await startStubOctoPerf({ apiKey: KEY });
    try {
      const server = await spawnRecorded(
        [],
        { OCTOPERF_API_KEY: WRONG_API_KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_LOG_LEVEL: "debug" },
        { scanner, label: "wrong key" },
      );
      const result = await server.call("octoperf_get_current_user_workspaces");
      expect(textOf(result)).toMatch(/OctoPerf rejected the API key: check OCTOPERF_API_KEY/);
      await server.close();
      expect(stub.requests.map((r) => r.headers["authorization"])).toEqual([`Bearer ${WRONG_API_KEY}`]);
    } finally {
      await stub.close();
    }
  });
});

describe("every form of the key (any case, JSON-escaped, URL-encoded, base64), through the built server over stdio", () => {
  // A key with characters that JSON escapes (" and \\) and URL encoding changes (+ / = @).
  const ODD_KEY = 'Sp3c"i@l\\k3y+/=0rm-0123456789ab';
  const oddScanner = new SecretScanner([ODD_KEY]);
  const RUN = `/runtime/bench-results/${IDS.run}`;
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

  it("echoed by OctoPerf, pasted by a model, read as a resource: every result, error and stderr line is key-free", { timeout: 30_000 }, async () => {
    const stub = await startStubOctoPerf({ apiKey: ODD_KEY });
    try {
      const server = await spawnRecorded(
        [],
        { OCTOPERF_API_KEY: ODD_KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_LOG_LEVEL: "debug", OCTOPERF_MAX_RETRIES: "0" },
        { scanner: oddScanner, label: "odd key forms" },
      );
      const echoes: [string, StubResponse][] = [
        [
          "JSON-escaped, in a plain-text body quoting JSON",
          { status: 409, body: `upstream said {"message":"bad key ${JSON.stringify(ODD_KEY).slice(1, -1)}"`, headers: { "Content-Type": "text/plain" } },
        ],
        [
          "base64 in a Basic header echo (key 2 bytes into a group)",
          { status: 400, body: { message: `Authorization: Basic ${base64(`user:${ODD_KEY}`)} refused` } },
        ],
        ["base64url of the key alone", { status: 400, body: { message: `token ${base64(ODD_KEY).replace(/\+/g, "-").replace(/\//g, "_")}` } }],
        ["URL-encoded in a quoted URL", { status: 400, body: { message: `see https://login.example/?token=${encodeURIComponent(ODD_KEY)}` } }],
        ["upper-cased", { status: 400, body: { message: `key ${ODD_KEY.toUpperCase()} is unknown` } }],
      ];
      for (const [name, response] of echoes) {
        stub.script("GET", RUN, [response]);
        const result = await server.call("octoperf_status", { benchResultId: IDS.run }); // scanned
        expect(result.isError, name).toBe(true);
        expect(textOf(result), name).toContain("[REDACTED]");
      }

      // The SDK's own input validation echoes an unknown metric id upper-cased (and JSON-quoted).
      const pasted = await server.call("octoperf_get_report_metrics", { benchResultId: IDS.run, metricIds: [ODD_KEY] });
      expect(textOf(pasted)).toMatch(/unknown metric id "\[REDACTED\]"/);

      // Resources: an error of the read, and an unknown URI the SDK quotes back URL-encoded.
      stub.script("GET", RUN, [
        { status: 409, body: `upstream said {"message":"bad key ${JSON.stringify(ODD_KEY).slice(1, -1)}"`, headers: { "Content-Type": "text/plain" } },
      ]);
      const readError = await server.client.readResource({ uri: `octoperf://runs/${IDS.run}` }).then(
        () => null,
        (e: unknown) => e,
      );
      oddScanner.scan("error:resource", readError);
      expect(String(readError)).toContain("[REDACTED]");
      const unknownUri = await server.client.readResource({ uri: `octoperf://nothing/${encodeURIComponent(ODD_KEY)}` }).then(
        () => null,
        (e: unknown) => e,
      );
      oddScanner.scan("error:resource", unknownUri);
      expect(String(unknownUri)).toMatch(/-32602/);
      const resource = await server.client.readResource({ uri: `octoperf://runs/${IDS.run}` });
      oddScanner.scan("resource result", resource);

      // And on the raw wire: every byte the server wrote on stdout.
      oddScanner.scan("stdout", server.transport.stdout().toString("utf8"));
      const status = await server.close(); // scans the whole stderr (debug level)
      expect(status.code).toBe(0);
      expect(oddScanner.countOf("tool result")).toBeGreaterThanOrEqual(6);
    } finally {
      await stub.close();
    }
  });
});

describe("startup failures never print the key", () => {
  it.each([
    ["a bad timeout", { OCTOPERF_TIMEOUT_MS: "soon" }],
    ["a bad base URL", { OCTOPERF_BASE_URL: "ftp://octoperf.example" }],
    ["credentials in the base URL", { OCTOPERF_BASE_URL: `https://user:${KEY}@api.octoperf.example` }],
    ["a key in the base URL query", { OCTOPERF_BASE_URL: `https://api.octoperf.example/?apiKey=${KEY}` }],
    ["a bad log level", { OCTOPERF_LOG_LEVEL: KEY }],
    ["an allowed scenario list holding the key with a slash", { OCTOPERF_ALLOWED_SCENARIOS: `ok,${KEY}/x` }],
  ])("%s: exit 2, one line naming the variable, no key", (_name, env) => {
    const result = runBin([], { OCTOPERF_API_KEY: KEY, ...env });
    scanner.scan("stderr:startup", result);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/OCTOPERF_[A-Z_]+/);
  });

  it("an over-long key (the key itself is the bad value): the message does not quote it", () => {
    const long = `${KEY}${"x".repeat(600)}`;
    const result = runBin([], { OCTOPERF_API_KEY: long });
    scanner.scan("stderr:startup", result);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/OCTOPERF_API_KEY/);
  });

  it("--help and --version with a key in the environment print no key", () => {
    for (const flag of ["--help", "--version"]) scanner.scan("stderr:cli", runBin([flag], { OCTOPERF_API_KEY: KEY }));
  });
});

describe("OAuth sign-in through the built server, debug logging: the consent pages, redirects, stores and logs", () => {
  it("no key, code, token or server secret in any page, redirect or stderr line, a wrong key included", { timeout: 60_000 }, async () => {
    const stub = await startStubOctoPerf({ apiKey: KEY });
    const secret = randomBytes(32).toString("base64");
    const server = await spawnHttpServer([], {
      OCTOPERF_BASE_URL: stub.baseUrl,
      OCTOPERF_LOG_LEVEL: "debug",
      OCTOPERF_HTTP_AUTH: "oauth",
      OCTOPERF_HTTP_OAUTH_SECRET: secret,
    });
    try {
      const callback = "http://127.0.0.1:9/callback";
      const metadata = await discoverAuthorizationServerMetadata(server.origin);
      const client = await registerClient(server.origin, { metadata, clientMetadata: { redirect_uris: [callback], token_endpoint_auth_method: "none" } });
      const start = () => startAuthorization(server.origin, { metadata, clientInformation: client, redirectUrl: callback, resource: new URL(server.url) });
      const wrong = await consentByFetch((await start()).authorizationUrl, WRONG_API_KEY);
      expect(wrong.status).toBe(401);
      const first = await start();
      const right = await consentByFetch(first.authorizationUrl, KEY);
      const code = right.location!.searchParams.get("code")!;
      const tokens = await exchangeAuthorization(server.origin, {
        metadata,
        clientInformation: client,
        authorizationCode: code,
        codeVerifier: first.codeVerifier,
        redirectUri: callback,
        resource: new URL(server.url),
      });
      const oauthScanner = new SecretScanner([KEY, WRONG_API_KEY, secret, code, tokens.access_token, tokens.refresh_token!]);
      for (const page of [...wrong.pages, ...right.pages.slice(0, 2)]) oauthScanner.scan("page", page);
      // The redirect carries the code (its purpose) and nothing else secret.
      scanner.scan("page:redirect", right.location!.href);
      const transport = new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${tokens.access_token}` } },
      });
      const mcp = new Client({ name: "secrets", version: "0" });
      await mcp.connect(transport);
      stub.script("GET", "/workspaces/member-of", [{ status: 401, body: { message: `bad key ${KEY}` } }]);
      oauthScanner.scan("tool result", await mcp.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} }));
      await mcp.close();
      await server.stop();
      oauthScanner.scan("stderr:oauth", server.stderr());
      scanner.scan("stderr:oauth", server.stderr());
    } finally {
      await server.stop();
      await stub.close();
    }
  });

  it("a too-short OAuth secret stops the server with a message that does not quote it", async () => {
    const secret = randomBytes(16).toString("base64");
    await expect(spawnHttpServer([], { OCTOPERF_HTTP_AUTH: "oauth", OCTOPERF_HTTP_OAUTH_SECRET: secret })).rejects.toThrow(
      /OCTOPERF_HTTP_OAUTH_SECRET holds 16 bytes/,
    );
    await spawnHttpServer([], { OCTOPERF_HTTP_AUTH: "oauth", OCTOPERF_HTTP_OAUTH_SECRET: secret }).catch((error: unknown) =>
      new SecretScanner([secret]).scan("stderr:startup", String(error)),
    );
  });
});

describe("secrets, across this file", () => {
  it("results, stderr, errors and log lines were all scanned", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(20);
    expect(scanner.countOf("stderr")).toBeGreaterThan(5);
    expect(scanner.countOf("error")).toBeGreaterThan(10);
    expect(scanner.countOf("log")).toBeGreaterThan(5);
  });
});
