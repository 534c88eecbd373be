import { describe, expect, it } from "vitest";
import { metricValue } from "../../../src/domain/model/metrics.js";
import { evaluateSla, overallVerdict } from "../../../src/domain/model/sla.js";

const p95 = (value: number | null) => metricValue("RESPONSE_TIME_PERCENTILE_95", value);
const errors = (value: number | null) => metricValue("ERRORS_PERCENT", value);

describe("SLA verdicts", () => {
  it("passes, fails, and explains each criterion with units", () => {
    const result = evaluateSla(
      [
        { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 },
        { metricId: "ERRORS_PERCENT", operator: "<=", threshold: 0.5 },
      ],
      [p95(612), errors(0.9)],
      "FINISHED",
    );
    expect(result.verdict).toBe("FAIL");
    expect(result.results.map((r) => [r.verdict, r.reason])).toEqual([
      ["PASS", "612 ms < 800 ms"],
      ["FAIL", "0.9% not <= 0.5%"],
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

  it("is INCONCLUSIVE when the run is not FINISHED or a value is missing", () => {
    const criteria = [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }] as const;
    const running = evaluateSla(criteria, [p95(500)], "RUNNING");
    expect(running.verdict).toBe("INCONCLUSIVE");
    expect(running.results[0]!.reason).toMatch(/run is RUNNING, not FINISHED/);
    expect(evaluateSla(criteria, [p95(500)], "ABORTED").verdict).toBe("INCONCLUSIVE");
    expect(evaluateSla(criteria, [p95(null)], "FINISHED").verdict).toBe("INCONCLUSIVE");
  });

  it("lets a FAIL win over an INCONCLUSIVE, and needs every PASS for PASS", () => {
    expect(overallVerdict(["PASS", "INCONCLUSIVE", "FAIL"])).toBe("FAIL");
    expect(overallVerdict(["PASS", "INCONCLUSIVE"])).toBe("INCONCLUSIVE");
    expect(overallVerdict(["PASS", "PASS"])).toBe("PASS");
    expect(overallVerdict([])).toBe("INCONCLUSIVE");
  });
});
