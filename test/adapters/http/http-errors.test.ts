import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../../src/adapters/http/http-octoperf-adapter.js";
import {
  AuthenticationError,
  ConfigurationError,
  InvalidInputError,
  NotFoundError,
  UpstreamContractError,
  UpstreamUnavailableError,
} from "../../../src/domain/errors.js";
import type { MetricId } from "../../../src/domain/model/metrics.js";
import { API_KEY, failureOf, startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

const RUN = SEED.run.checkoutBaseline;
const WORKSPACES = "/workspaces/member-of";

function failureOfSync(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

/** Every way an error could be shown or logged, as text. */
function everythingAbout(error: Error): string {
  const chain: unknown[] = [];
  for (let current: unknown = error; current !== undefined && chain.length < 10; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return [
    error.message,
    error.stack ?? "",
    JSON.stringify(error),
    JSON.stringify(chain, (_, value: unknown) => (value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value)),
    inspect(error, { depth: 10, showHidden: true }),
  ].join("\n");
}

describe("HttpOctoPerfAdapter error mapping", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describe("401/403: a clear message, and the key nowhere", () => {
    it.each([401, 403])("maps %i to AuthenticationError, not retried, key-free", async (status) => {
      h.stub.script("GET", WORKSPACES, [{ status, body: { status, error: "Unauthorized", message: `Invalid token Bearer ${API_KEY}` } }]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toBe("OctoPerf rejected the API key.");
      expect(everythingAbout(error)).not.toContain(API_KEY);
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(1);
    });

    it("answers a wrong key (the stub's own 401) the same way", async () => {
      const wrongKey = "wrong000-key0-0000-0000-000000000000";
      const adapter = new HttpOctoPerfAdapter({ baseUrl: h.stub.baseUrl, apiKey: wrongKey, timeoutMs: 500, maxRetries: 3 });
      const error = await failureOf(adapter.getRun(RUN));
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(everythingAbout(error)).not.toContain(wrongKey);
      expect(h.stub.requests[0]!.headers["authorization"]).toBe(`Bearer ${wrongKey}`);
    });

    it("keeps the key out of every error kind, cause chain and the adapter itself", async () => {
      // The second answer is slow, so the last call's deadline always ends it (an answer on
      // loopback could otherwise beat a 1 ms signal).
      h.stub.script("GET", WORKSPACES, [
        { status: 400, body: `bad key ${API_KEY}` },
        { status: 200, delayMs: 300 },
      ]);
      h.stub.script("GET", `/runtime/bench-results/${RUN}`, Array(4).fill({ status: 503 }));
      h.stub.script("GET", `/runtime/scenarios/${SEED.scenario.checkoutSmoke}`, [{ status: 200, body: "<html>login</html>" }]);
      const errors = [
        await failureOf(h.adapter.listWorkspaces()),
        await failureOf(h.adapter.getRun(RUN)),
        await failureOf(h.adapter.getScenario(SEED.scenario.checkoutSmoke)),
        await failureOf(h.adapter.getReport("unknownReport0000001")),
        await failureOf(h.adapterWith({ timeoutMs: 50, maxRetries: 0 }).listWorkspaces({ signal: AbortSignal.timeout(1) })),
      ];
      for (const error of errors) {
        expect(everythingAbout(error)).not.toContain(API_KEY);
        expect(error.cause === undefined || !(error.cause instanceof Error)).toBe(true);
      }
      expect(inspect(h.adapter, { depth: 10, showHidden: true })).not.toContain(API_KEY);
      expect(JSON.stringify(h.adapter)).not.toContain(API_KEY);
    });
  });

  describe("statuses", () => {
    it("maps 404 to NotFoundError naming the entity kind and id", async () => {
      const error = await failureOf(h.adapter.getReport("unknownReport0000001"));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ entity: "bench report", id: "unknownReport0000001" });
      expect(error.message).toContain("unknownReport0000001");
    });

    it("reads a 404 on the id-less workspace list as a wrong base URL", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 404 }]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamContractError);
      // A fact (the setting to check), worded by each edge: the adapter names no variable.
      expect(error).toMatchObject({ setting: "baseUrl" });
      expect(error.message).toMatch(/the base URL may not be the OctoPerf API root/);
      expect(error.message).not.toMatch(/OCTOPERF_|Option|option/);
    });

    it("maps 400 to InvalidInputError with the server's message, trimmed and capped", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 400, body: { message: `  ${"word ".repeat(200)}  ` } }]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message.length).toBeLessThan(500);
      expect(error.message).toMatch(/(word )+word…$/);
    });

    it("masks, then cuts the server's message at a word: a token no masker knows, straddling the cut, is dropped whole", async () => {
      // A server's access token (45 characters) that OctoPerf echoes: the adapter knows only the API key.
      const token = "tok_9fQ2xLmZ7wPa4RkT1vYb6NcHs3DgJe8UiOq5MnBvX";
      for (let offset = 250; offset <= 300; offset += 5) {
        const prefix = "a".repeat(offset - 1);
        h.stub.script("GET", WORKSPACES, [{ status: 400, body: { message: `${prefix} ${token} ${API_KEY} and more words after it` } }]);
        const error = await failureOf(h.adapter.listWorkspaces());
        const text = everythingAbout(error);
        // Whole (where the masker that knows it, at the edge, finds it) or not even a part: no 8 characters of it in a row.
        const rest = text.replaceAll(token, "");
        for (let i = 0; i + 8 <= token.length; i++) expect(rest, `offset ${offset}`).not.toContain(token.slice(i, i + 8));
        expect(text).not.toContain(API_KEY);
      }
    });

    it("takes a raw-text 400 body as the message", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 400, body: "workspace filter is invalid\n", headers: { "content-type": "text/plain" } }]);
      expect((await failureOf(h.adapter.listWorkspaces())).message).toContain("workspace filter is invalid");
    });

    it("does not follow a redirect (it would hide a wrong base URL)", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 301, headers: { location: "https://elsewhere.example/" }, body: "" }]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("redirect");
      expect(error).toMatchObject({ setting: "baseUrl" });
      expect(error.message).not.toMatch(/OCTOPERF_/);
    });

    it("maps a 5xx after the retries to UpstreamUnavailableError", async () => {
      h.stub.script("GET", WORKSPACES, Array(4).fill({ status: 504 }));
      expect(await failureOf(h.adapter.listWorkspaces())).toBeInstanceOf(UpstreamUnavailableError);
    });
  });

  describe("bodies that are not the documented shape: UpstreamContractError naming path and field", () => {
    it("an HTML page with status 200", async () => {
      h.stub.script("GET", WORKSPACES, [
        { status: 200, headers: { "content-type": "text/html" }, body: "<!DOCTYPE html><html><body>Maintenance</body></html>" },
      ]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("GET /workspaces/member-of");
      expect(error.message).toContain("HTML");
      expect(h.stub.requestsTo("GET", WORKSPACES)).toHaveLength(1);
    });

    it("truncated JSON", async () => {
      h.stub.script("GET", `/runtime/bench-results/${RUN}`, [{ status: 200, body: '{"id":"checkoutRunBase00001","state":"RUN' }]);
      const error = await failureOf(h.adapter.getRun(RUN));
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain(`GET /runtime/bench-results/${RUN}`);
      expect(error.message).toContain("truncated");
    });

    it("a field of the wrong type", async () => {
      h.stub.script("GET", `/runtime/bench-results/${RUN}`, [
        { status: 200, body: { id: RUN, scenarioId: "s", designProjectId: "p", state: 42, created: 1_700_000_000_000 } },
      ]);
      const error = await failureOf(h.adapter.getRun(RUN));
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toMatch(/state: .*expected string/);
    });

    it("a wrong field deep in a list: the item is still listed, the field named by its position in a warning", async () => {
      h.stub.script("GET", "/runtime/scenarios/by-project/checkoutApiPrj000001", [
        {
          status: 200,
          body: [
            { id: "s1", projectId: "p", name: "n", userProfiles: [{ load: { "@type": "UserProfileLoadRampUp", delayMs: 0, rampUpMs: 1, plateauMs: 1 } }] },
          ],
        },
      ]);
      const [scenario] = await h.adapter.listScenarios(SEED.project.checkoutApi);
      expect(scenario).toMatchObject({ id: "s1", summary: { totalVus: null, expectedDurationMs: null } });
      const warnings = h.logs.filter((l) => l.level === "warn");
      expect(warnings.map((w) => w.fields?.["field"])).toEqual(["[0].userProfiles[0].load.plateauVus"]);
    });

    it("an object where a list belongs", async () => {
      h.stub.script("GET", WORKSPACES, [{ status: 200, body: { content: [], totalElements: 0 } }]);
      const error = await failureOf(h.adapter.listWorkspaces());
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("(whole body)");
    });

    it("an empty body where JSON belongs", async () => {
      h.stub.script("GET", `/analysis/bench-reports/${SEED.report.checkoutBaseline}`, [{ status: 200, body: "" }]);
      const error = await failureOf(h.adapter.getReport(SEED.report.checkoutBaseline));
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("empty");
    });
  });

  describe("ids are checked before anything is sent", () => {
    const BAD_IDS = ["", "../admin", "a/b", "a b", " padded", "tab\tid", "x".repeat(129), "%2e%2e", "naïve", "id?x=1", "id#frag"];

    it.each(BAD_IDS)("refuses %j with InvalidInputError and zero requests", async (bad) => {
      const calls = [
        h.adapter.listProjects(bad),
        h.adapter.listScenarios(bad),
        h.adapter.getScenario(bad),
        h.adapter.launchScenario(bad),
        h.adapter.getRun(bad),
        h.adapter.getRunProgress(bad),
        h.adapter.stopRun(bad),
        h.adapter.listReports(bad),
        h.adapter.getReport(bad),
        h.adapter.getMetrics(bad, ["HITS_TOTAL"]),
      ];
      for (const call of calls) {
        const error = await failureOf(call);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error.message.length).toBeLessThan(300);
      }
      expect(h.stub.requests).toHaveLength(0);
    });

    it("refuses unknown metric ids before sending", async () => {
      const error = await failureOf(h.adapter.getMetrics(RUN, ["HITS_TOTAL", "NOT_A_METRIC" as MetricId]));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error.message).toContain("NOT_A_METRIC");
      expect(h.stub.requests).toHaveLength(0);
    });
  });

  describe("configuration", () => {
    it.each(["not a url", "ftp://octoperf.example.com", "https://user:pass@octoperf.example.com", "https://api.octoperf.com?x=1"])(
      "refuses the base URL %j with ConfigurationError",
      (baseUrl) => {
        const error = failureOfSync(() => new HttpOctoPerfAdapter({ baseUrl, apiKey: API_KEY, timeoutMs: 100, maxRetries: 0 }));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error).toMatchObject({ setting: "baseUrl" });
        expect(error.message).toMatch(/^The OctoPerf base URL /);
        expect(error.message).not.toMatch(/OCTOPERF_/);
      },
    );

    it("refuses an empty key", () => {
      const error = failureOfSync(() => new HttpOctoPerfAdapter({ baseUrl: "https://api.octoperf.com", apiKey: " ", timeoutMs: 100, maxRetries: 0 }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ setting: "apiKey", message: "The OctoPerf API key is empty." });
    });

    it.each([0, -1, Number.NaN])("refuses the timeout %d", (timeoutMs) => {
      const error = failureOfSync(() => new HttpOctoPerfAdapter({ baseUrl: "https://api.octoperf.com", apiKey: API_KEY, timeoutMs, maxRetries: 0 }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ setting: "timeoutMs" });
      expect(error.message).not.toMatch(/OCTOPERF_/);
    });
  });
});
