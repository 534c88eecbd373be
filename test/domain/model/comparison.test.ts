import { describe, expect, it } from "vitest";
import { compareMetric, overallChange } from "../../../src/domain/model/comparison.js";
import { metricValue, type MetricId } from "../../../src/domain/model/metrics.js";

const cmp = (id: MetricId, baseline: number | null, candidate: number | null, tolerance = 5) =>
  compareMetric(metricValue(id, baseline), metricValue(id, candidate), tolerance);

describe("run comparison", () => {
  it("knows that slower is worse for times and errors", () => {
    expect(cmp("RESPONSE_TIME_PERCENTILE_95", 500, 650)).toMatchObject({ absoluteDelta: 150, percentDelta: 30, verdict: "regressed" });
    expect(cmp("RESPONSE_TIME_PERCENTILE_95", 500, 400)).toMatchObject({ percentDelta: -20, verdict: "improved" });
    expect(cmp("ERRORS_PERCENT", 0.4, 0.8).verdict).toBe("regressed");
  });

  it("knows that more is better for hits and throughput", () => {
    expect(cmp("HITS_RATE", 300, 240).verdict).toBe("regressed");
    expect(cmp("THROUGHPUT_RATE", 1000, 1200).verdict).toBe("improved");
  });

  it("calls changes within tolerance unchanged, and moves of direction-less metrics changed", () => {
    expect(cmp("RESPONSE_TIME_AVG", 200, 209).verdict).toBe("unchanged");
    expect(cmp("RESPONSE_TIME_AVG", 200, 209, 2).verdict).toBe("regressed");
    expect(cmp("USERLOAD", 500, 600).verdict).toBe("changed");
  });

  it("handles zero and missing baselines", () => {
    expect(cmp("ERRORS_PERCENT", 0, 0.5)).toMatchObject({ percentDelta: null, verdict: "regressed" });
    expect(cmp("ERRORS_PERCENT", 0, 0)).toMatchObject({ percentDelta: 0, verdict: "unchanged" });
    expect(cmp("ERRORS_PERCENT", null, 0.5)).toMatchObject({ absoluteDelta: null, verdict: "inconclusive" });
  });

  it("sums up: any regression wins, then any improvement", () => {
    const regressed = cmp("RESPONSE_TIME_AVG", 100, 200);
    const improved = cmp("HITS_RATE", 100, 200);
    const same = cmp("HITS_RATE", 100, 100);
    const unknown = cmp("HITS_RATE", null, 100);
    expect(overallChange([improved, regressed])).toBe("regressed");
    expect(overallChange([improved, same, unknown])).toBe("improved");
    expect(overallChange([same])).toBe("unchanged");
    expect(overallChange([unknown])).toBe("inconclusive");
  });
});
