import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GetScenarioTrend } from "../../../src/domain/use-cases/get-scenario-trend.js";
import { undocumentedRequests } from "../../support/octoperf-routes.js";
import { startHarness, type Harness } from "./http-harness.js";

describe("GetScenarioTrend over the HTTP adapter (loopback OctoPerf)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it("reads the same series and reaches the same verdicts as on the fake behind the stub, with documented requests only", async () => {
    const input = { scenarioId: "searchRelevance00007", runs: 10 };
    const overHttp = await new GetScenarioTrend(h.adapter).execute(input);
    const direct = await new GetScenarioTrend(h.stub.fake).execute(input);
    expect(overHttp).toEqual(direct);
    expect(overHttp.verdict).toBe("worsening");
    expect(overHttp.runs).toHaveLength(10);
    expect(undocumentedRequests(h.stub.requests)).toEqual([]);
    // One summary read per run of the window: 10, each for a FINISHED run.
    expect(h.stub.requestsTo("POST", "/analysis/metrics/summary")).toHaveLength(10);
  });
});
