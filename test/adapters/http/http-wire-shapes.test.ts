import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamContractError } from "../../../src/domain/errors.js";
import { failureOf, startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

const RUN = SEED.run.checkoutBaseline;
const RUN_PATH = `/runtime/bench-results/${RUN}`;
const PROGRESS_PATH = `/runtime/bench-results/progress/${RUN}`;
const SUMMARY_PATH = "/analysis/metrics/summary";

const benchResult = (fields: Record<string, unknown> = {}) => ({
  id: RUN,
  batchId: "b4tcH1dXXXXXXXXXXXXX",
  scenarioId: SEED.scenario.checkoutNightly,
  designProjectId: SEED.project.checkoutApi,
  resultProjectId: "resultPrj00000000001",
  state: "RUNNING",
  created: 1_700_000_600_000,
  lastModified: 1_700_000_690_000,
  ...fields,
});

describe("HttpOctoPerfAdapter reading OctoPerf's JSON", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  describe("bench results", () => {
    it("reads an unknown state and extra fields fine, as a non-terminal run", async () => {
      h.stub.script("GET", RUN_PATH, [{ status: 200, body: benchResult({ state: "WARMING_UP", tags: ["x"], duration: 5, nested: { a: [1] } }) }]);
      const run = await h.adapter.getRun(RUN);
      expect(run).toEqual({
        id: RUN,
        scenarioId: SEED.scenario.checkoutNightly,
        projectId: SEED.project.checkoutApi,
        state: "WARMING_UP",
        phase: "provisioning",
        terminal: false,
        progress: null,
        createdAt: "2023-11-14T22:23:20.000Z",
        updatedAt: "2023-11-14T22:24:50.000Z",
        benchReportId: null,
      });
    });

    it.each(["FINISHED", "ABORTED", "ERROR"])("reads %s as terminal", async (state) => {
      h.stub.script("GET", RUN_PATH, [{ status: 200, body: benchResult({ state }) }]);
      expect((await h.adapter.getRun(RUN)).terminal).toBe(true);
    });

    it("takes ISO timestamps too, and falls back to created when lastModified is missing", async () => {
      h.stub.script("GET", RUN_PATH, [{ status: 200, body: benchResult({ created: "2025-01-02T03:04:05Z", lastModified: undefined }) }]);
      const run = await h.adapter.getRun(RUN);
      expect(run.createdAt).toBe("2025-01-02T03:04:05.000Z");
      expect(run.updatedAt).toBe(run.createdAt);
    });

    it("refuses a timestamp that is not one", async () => {
      h.stub.script("GET", RUN_PATH, [{ status: 200, body: benchResult({ created: "yesterday" }) }]);
      const error = await failureOf(h.adapter.getRun(RUN));
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("created");
    });
  });

  describe("progress: a 0–100 percentage, normalised to 0..1", () => {
    it.each([
      [{ value: 42.5 }, 0.425],
      [{ value: 0 }, 0],
      [{ value: 100 }, 1],
      [{ value: 130 }, 1],
      [{ value: -3 }, 0],
      [{ value: null }, null],
      [{}, null],
      ["", null],
    ])("reads %j as %s", async (body, expected) => {
      h.stub.script("GET", PROGRESS_PATH, [{ status: 200, body }]);
      const progress = await h.adapter.getRunProgress(RUN);
      if (expected === null) expect(progress).toBeNull();
      else expect(progress).toBeCloseTo(expected, 10);
    });

    it("reads a 0..1 scale when told to (progressScale: fraction)", async () => {
      h.stub.script("GET", PROGRESS_PATH, [{ status: 200, body: { value: 0.425 } }]);
      expect(await h.adapterWith({ progressScale: "fraction" }).getRunProgress(RUN)).toBeCloseTo(0.425, 10);
    });

    it("refuses a progress that is not a number", async () => {
      h.stub.script("GET", PROGRESS_PATH, [{ status: 200, body: { value: "half" } }]);
      expect(await failureOf(h.adapter.getRunProgress(RUN))).toBeInstanceOf(UpstreamContractError);
    });
  });

  describe("summary values", () => {
    it("maps the bare number array back to ids, labels and units, null staying null", async () => {
      h.stub.script("POST", SUMMARY_PATH, [{ status: 200, body: [231.4, null, "NaN", 0.22] }]);
      const metrics = await h.adapter.getMetrics(RUN, ["RESPONSE_TIME_AVG", "USERLOAD", "LATENCY_AVG", "ERRORS_PERCENT"]);
      expect(metrics).toEqual([
        { metricId: "RESPONSE_TIME_AVG", label: "Response time (average)", unit: "ms", value: 231.4 },
        { metricId: "USERLOAD", label: "Concurrent virtual users", unit: "VUs", value: null },
        { metricId: "LATENCY_AVG", label: "Latency (average)", unit: "ms", value: null },
        { metricId: "ERRORS_PERCENT", label: "Error percentage", unit: "%", value: 0.22 },
      ]);
    });

    it.each([
      ["too few", [1]],
      ["too many", [1, 2, 3]],
    ])("calls a length mismatch (%s) a contract error: values cannot be matched to ids", async (_, body) => {
      h.stub.script("POST", SUMMARY_PATH, [{ status: 200, body }]);
      const error = await failureOf(h.adapter.getMetrics(RUN, ["HITS_TOTAL", "HITS_RATE"]));
      expect(error).toBeInstanceOf(UpstreamContractError);
      expect(error.message).toContain("POST /analysis/metrics/summary");
      expect(error.message).toMatch(/\d values came back for 2 requested metrics/);
    });

    it.each([
      ["a string", [1, "fast"]],
      ["an object", [1, { value: 2 }]],
      ["an envelope", { values: [1, 2] }],
    ])("calls %s among the values a contract error naming the position", async (_, body) => {
      h.stub.script("POST", SUMMARY_PATH, [{ status: 200, body }]);
      const error = await failureOf(h.adapter.getMetrics(RUN, ["HITS_TOTAL", "HITS_RATE"]));
      expect(error).toBeInstanceOf(UpstreamContractError);
    });
  });

  describe("scenarios", () => {
    const profile = (load: Record<string, unknown>) => ({ name: "p", virtualUserId: "vu", providerId: "pr", location: "eu", load, engine: {} });
    const scenario = (userProfiles: unknown[]) => ({
      id: "aKpHtoYBUDjbSvwJg3Vu",
      projectId: "OWA7I2wB6ANMBjnljPXv",
      name: "Checkout",
      description: null,
      mode: "STANDARD",
      userProfiles,
      somethingNew: true,
    });

    it("maps the three ramp @types and keeps any other as OTHER, with a computed summary", async () => {
      h.stub.script("GET", "/runtime/scenarios/aKpHtoYBUDjbSvwJg3Vu", [
        {
          status: 200,
          body: scenario([
            profile({ "@type": "UserProfileLoadRampUp", delayMs: 0, rampUpMs: 60_000, plateauMs: 600_000, plateauVus: 500 }),
            profile({ "@type": "UserProfileLoadRampUpThenRampDown", delayMs: 1_000, rampUpMs: 1_000, plateauMs: 1_000, plateauVus: 10, rampDownMs: 2_000 }),
            profile({ "@type": "UserProfileLoadAscendingStairs", delayMs: 0, rampUpMs: 5_000, plateauMs: 5_000, plateauVus: 30, stepCount: 3, extra: 1 }),
          ]),
        },
      ]);
      const s = await h.adapter.getScenario("aKpHtoYBUDjbSvwJg3Vu");
      expect(s.description).toBe("");
      expect(s.tags).toEqual([]);
      expect(s.userProfiles.map((p) => p.load)).toEqual([
        { kind: "RAMP_UP", delayMs: 0, rampUpMs: 60_000, plateauMs: 600_000, plateauVus: 500, rampDownMs: 0, stepCount: null },
        { kind: "RAMP_UP_THEN_DOWN", delayMs: 1_000, rampUpMs: 1_000, plateauMs: 1_000, plateauVus: 10, rampDownMs: 2_000, stepCount: null },
        { kind: "ASCENDING_STAIRS", delayMs: 0, rampUpMs: 5_000, plateauMs: 5_000, plateauVus: 30, rampDownMs: 0, stepCount: 3 },
      ]);
      expect(s.summary).toEqual({ profileCount: 3, totalVus: 540, expectedDurationMs: 660_000 });
    });

    it("keeps a custom or unknown load shape as OTHER, and the duration unknown", async () => {
      h.stub.script("GET", "/runtime/scenarios/aKpHtoYBUDjbSvwJg3Vu", [
        {
          status: 200,
          body: scenario([
            profile({ "@type": "UserProfileLoadCustom", points: [{ x: 1 }] }),
            profile({ "@type": "UserProfileLoadFromTheFuture", whatever: 1 }),
          ]),
        },
      ]);
      const s = await h.adapter.getScenario("aKpHtoYBUDjbSvwJg3Vu");
      expect(s.userProfiles.map((p) => p.load)).toEqual([
        { kind: "OTHER", type: "UserProfileLoadCustom", plateauVus: null, durationMs: null },
        { kind: "OTHER", type: "UserProfileLoadFromTheFuture", plateauVus: null, durationMs: null },
      ]);
      expect(s.summary.expectedDurationMs).toBeNull();
    });

    it("reads a ramp-down shape without its rampDownMs with its VUs and an unknown duration, and warns with the field path", async () => {
      h.stub.script("GET", "/runtime/scenarios/aKpHtoYBUDjbSvwJg3Vu", [
        { status: 200, body: scenario([profile({ "@type": "UserProfileLoadRampUpThenRampDown", delayMs: 0, rampUpMs: 1, plateauMs: 1, plateauVus: 7 })]) },
      ]);
      const s = await h.adapter.getScenario("aKpHtoYBUDjbSvwJg3Vu");
      expect(s.summary).toEqual({ profileCount: 1, totalVus: 7, expectedDurationMs: null });
      expect(h.logs.filter((l) => l.level === "warn").map((l) => l.fields?.["field"])).toEqual([".userProfiles[0].load.rampDownMs"]);
    });

    it("reads a load without @type as unknown, and warns", async () => {
      h.stub.script("GET", "/runtime/scenarios/aKpHtoYBUDjbSvwJg3Vu", [{ status: 200, body: scenario([profile({ delayMs: 0 })]) }]);
      const s = await h.adapter.getScenario("aKpHtoYBUDjbSvwJg3Vu");
      expect(s.userProfiles[0]!.load).toEqual({ kind: "OTHER", type: "unknown", plateauVus: null, durationMs: null });
      expect(h.logs.filter((l) => l.level === "warn").map((l) => l.fields?.["field"])).toEqual([".userProfiles[0].load.@type"]);
    });
  });

  describe("bench reports", () => {
    it("maps items to {type, id, name, metricIds}, known ids only, each once", async () => {
      h.stub.script("GET", "/analysis/bench-reports/WKuEtoYBUDjbSvwJho_T", [
        {
          status: 200,
          body: {
            id: "WKuEtoYBUDjbSvwJho_T",
            projectId: "OWA7I2wB6ANMBjnljPXv",
            benchResultIds: ["rcFdvIYBUDjbSvwJ1EC_", "other0000000000000_2"],
            name: "Checkout 500 VUs",
            configs: [{ "@type": "ApdexReportConfig" }],
            tags: ["t"],
            items: [
              {
                "@type": "SummaryReportItem",
                id: "sumItem01",
                name: "Statistics summary",
                metrics: [
                  { id: "HITS_TOTAL", type: "HIT", filters: [], benchResultId: "rcFdvIYBUDjbSvwJ1EC_", config: null },
                  { id: "HITS_TOTAL", type: "HIT", filters: [], benchResultId: "other0000000000000_2", config: null },
                  { id: "BRAND_NEW_METRIC", type: "HIT", filters: [], benchResultId: "rcFdvIYBUDjbSvwJ1EC_", config: null },
                  { "@type": "HitMetric", id: "RESPONSE_TIME_AVG", type: "CONTAINER" },
                ],
              },
              { "@type": "TextReportItem", id: "txt", name: "Notes" },
            ],
          },
        },
      ]);
      const report = await h.adapter.getReport("WKuEtoYBUDjbSvwJho_T");
      expect(report).toEqual({
        id: "WKuEtoYBUDjbSvwJho_T",
        projectId: "OWA7I2wB6ANMBjnljPXv",
        name: "Checkout 500 VUs",
        description: "",
        benchResultIds: ["rcFdvIYBUDjbSvwJ1EC_", "other0000000000000_2"],
        items: [
          { type: "SummaryReportItem", id: "sumItem01", name: "Statistics summary", metricIds: ["HITS_TOTAL", "RESPONSE_TIME_AVG"], computeType: null },
          { type: "TextReportItem", id: "txt", name: "Notes", metricIds: [], computeType: null },
        ],
        kind: "comparison",
        created: null,
      });
    });

    it("takes the run and report ids of a launch from the returned report", async () => {
      h.stub.script("POST", /^\/runtime\/scenarios\/run\//, [
        { status: 201, body: { id: "WKuEtoYBUDjbSvwJho_T", projectId: "OWA7I2wB6ANMBjnljPXv", benchResultIds: ["rcFdvIYBUDjbSvwJ1EC_"], items: [] } },
      ]);
      h.stub.script("GET", "/runtime/bench-results/rcFdvIYBUDjbSvwJ1EC_", [{ status: 200, body: benchResult({ id: "rcFdvIYBUDjbSvwJ1EC_" }) }]);
      const launched = await h.adapter.launchScenario(SEED.scenario.checkoutSmoke);
      expect(launched).toEqual({
        benchResultId: "rcFdvIYBUDjbSvwJ1EC_",
        benchReportId: "WKuEtoYBUDjbSvwJho_T",
        scenarioId: SEED.scenario.checkoutSmoke,
        projectId: "OWA7I2wB6ANMBjnljPXv",
      });
      expect((await h.adapter.getRun("rcFdvIYBUDjbSvwJ1EC_")).benchReportId).toBe("WKuEtoYBUDjbSvwJho_T");
    });
  });
});
