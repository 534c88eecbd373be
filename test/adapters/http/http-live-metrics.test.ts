import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UpstreamContractError } from "../../../src/domain/errors.js";
import { failureOf, startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

const RUN = SEED.run.checkoutBaseline;
const LIVE_PATH = `/analysis/metrics/global/${RUN}`;

describe("HttpOctoPerfAdapter reading OctoPerf's live metrics (names and units unconfirmed)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("asks GET /analysis/metrics/global/{benchResultId} with the key, and reads name, value and unit", async () => {
    h.stub.script("GET", LIVE_PATH, [{ status: 200, body: { metrics: [{ name: "elapsedTime", value: 0, unit: "s" }] } }]);
    expect(await h.adapter.getLiveMetrics(RUN)).toEqual([{ name: "elapsedTime", value: 0, unit: "s", kind: "elapsed" }]);
    const [request] = h.stub.requestsTo("GET", LIVE_PATH);
    expect(request?.headers.authorization).toMatch(/^Bearer /);
  });

  it("passes unknown names through with their own units, recognises the known ones whatever their spelling", async () => {
    const metrics = [
      { name: "USER_LOAD", value: 350, unit: "" },
      { name: "hits", value: 298.4, unit: "/s" },
      { name: "errors", value: 0.4, unit: "%" },
      { name: "Response-Time", value: 228.1, unit: "ms" },
      { name: "apdexScore", value: 0.93, unit: "" },
      { name: "p99.9", value: 1812, unit: "ms" },
    ];
    h.stub.script("GET", LIVE_PATH, [{ status: 200, body: { metrics, extra: { ignored: true } } }]);
    const live = await h.adapter.getLiveMetrics(RUN);
    expect(live.map((m) => [m.name, m.value, m.unit, m.kind])).toEqual([
      ["USER_LOAD", 350, "", "users"],
      ["hits", 298.4, "/s", "hitsRate"],
      ["errors", 0.4, "%", "errorsPercent"],
      ["Response-Time", 228.1, "ms", "responseTime"],
      ["apdexScore", 0.93, "", null],
      ["p99.9", 1812, "ms", null],
    ]);
    expect(h.logs.filter((l) => l.level === "warn")).toEqual([]);
  });

  it("never fails on an odd metric: a bad value reads as null, a missing unit as '', a nameless one is left out and reported once", async () => {
    const metrics = [
      { name: "userLoad", value: "350", unit: "" },
      { name: "hitsRate", value: 12.5 },
      { value: 3, unit: "ms" },
      "not a metric",
      { name: "responseTime", value: null, unit: "ms" },
    ];
    h.stub.script("GET", LIVE_PATH, [
      { status: 200, body: { metrics } },
      { status: 200, body: { metrics } },
    ]);
    const live = await h.adapter.getLiveMetrics(RUN);
    expect(live).toEqual([
      { name: "userLoad", value: null, unit: "", kind: "users" },
      { name: "hitsRate", value: 12.5, unit: "", kind: "hitsRate" },
      { name: "responseTime", value: null, unit: "ms", kind: "responseTime" },
    ]);
    await h.adapter.getLiveMetrics(RUN);
    const warnings = h.logs.filter((l) => l.level === "warn");
    // One warning per odd field path, not per poll: a view polls every few seconds.
    expect(warnings.length).toBe(4);
    expect(warnings.every((w) => w.fields?.endpoint === "/analysis/metrics/global/{id}")).toBe(true);
  });

  it("reads an empty body, or no metrics field, as no metrics yet", async () => {
    h.stub.script("GET", LIVE_PATH, [
      { status: 200, body: "" },
      { status: 200, body: {} },
      { status: 200, body: { metrics: null } },
    ]);
    expect(await h.adapter.getLiveMetrics(RUN)).toEqual([]);
    expect(await h.adapter.getLiveMetrics(RUN)).toEqual([]);
    expect(await h.adapter.getLiveMetrics(RUN)).toEqual([]);
  });

  it("says what is wrong when the answer is not the documented object", async () => {
    h.stub.script("GET", LIVE_PATH, [{ status: 200, body: [1, 2, 3] }]);
    const error = await failureOf(h.adapter.getLiveMetrics(RUN));
    expect(error).toBeInstanceOf(UpstreamContractError);
  });

  it("answers NotFoundError for a run this key cannot see", async () => {
    const error = await failureOf(h.adapter.getLiveMetrics("someoneElsesRun0001"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("is visible to this API key");
  });
});
