import { describe, expect, it } from "vitest";
import { metricValue, unavailableMetric } from "../../../src/domain/model/metrics.js";
import { evaluateSla, overallVerdict } from "../../../src/domain/model/sla.js";

const p95 = (value: number | null) => metricValue("RESPONSE_TIME_PERCENTILE_95", value);
const errors = (value: number | null) => metricValue("ERRORS_PERCENT", value);

describe("SLA verdicts", () => {
  it("passes and fails each criterion on a FINISHED run's measured value", () => {
    const result = evaluateSla(
      [
        { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 },
        { metricId: "ERRORS_PERCENT", operator: "<=", threshold: 0.5 },
      ],
      [p95(612), errors(0.9)],
      "FINISHED",
    );
    expect(result.verdict).toBe("FAIL");
    expect(result.results.map((r) => [r.verdict, r.observed, r.unit, r.basis])).toEqual([
      ["PASS", 612, "ms", { kind: "measured" }],
      ["FAIL", 0.9, "%", { kind: "measured" }],
    ]);
  });

  it.each([
    [">", 10, 10, "FAIL"],
    [">=", 10, 10, "PASS"],
    ["<", 10, 10, "FAIL"],
    ["<=", 10, 10, "PASS"],
  ] as const)("%s at the boundary (%d vs %d) is %s", (operator, observed, threshold, verdict) => {
    expect(evaluateSla([{ metricId: "HITS_RATE", operator, threshold }], [metricValue("HITS_RATE", observed)], "FINISHED").verdict).toBe(verdict);
  });

  it("is INCONCLUSIVE when the run is not FINISHED or a value is missing, and says which as facts", () => {
    const criteria = [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }] as const;
    const running = evaluateSla(criteria, [p95(500)], "RUNNING");
    expect(running.verdict).toBe("INCONCLUSIVE");
    expect(running.results[0]).toMatchObject({ observed: 500, basis: { kind: "partial", state: "RUNNING" } });
    expect(evaluateSla(criteria, [p95(500)], "ABORTED").results[0]).toMatchObject({ verdict: "INCONCLUSIVE", basis: { kind: "partial", state: "ABORTED" } });
    expect(evaluateSla(criteria, [p95(null)], "FINISHED").results[0]).toMatchObject({ verdict: "INCONCLUSIVE", observed: null, basis: { kind: "no-value" } });
    expect(evaluateSla(criteria, [], "FINISHED").results[0]).toMatchObject({ verdict: "INCONCLUSIVE", basis: { kind: "no-value" } });
  });

  it("is INCONCLUSIVE on a metric OctoPerf refused, carrying the refusal (even on an unfinished run)", () => {
    const unavailable = { cause: "refused", httpStatus: 400, serverMessage: "Metric RESPONSE_TIME_PERCENTILE_95 is not supported" } as const;
    const criteria = [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }] as const;
    for (const state of ["FINISHED", "ABORTED"] as const) {
      expect(evaluateSla(criteria, [unavailableMetric("RESPONSE_TIME_PERCENTILE_95", unavailable)], state).results[0]).toEqual({
        ...criteria[0],
        label: "Response time (95th percentile)",
        unit: "ms",
        observed: null,
        verdict: "INCONCLUSIVE",
        basis: { kind: "unavailable", unavailable },
      });
    }
  });

  it("lets a FAIL win over an INCONCLUSIVE, and needs every PASS for PASS", () => {
    expect(overallVerdict(["PASS", "INCONCLUSIVE", "FAIL"])).toBe("FAIL");
    expect(overallVerdict(["PASS", "INCONCLUSIVE"])).toBe("INCONCLUSIVE");
    expect(overallVerdict(["PASS", "PASS"])).toBe("PASS");
    expect(overallVerdict([])).toBe("INCONCLUSIVE");
  });
});
