import { describe, expect, it } from "vitest";
import type { MetricId } from "../../../src/domain/model/metrics.js";
import { fitTrend, metricTrend, overallTrend, tCritical95, type MetricTrend, type TrendPoint } from "../../../src/domain/model/trend.js";

const points = (values: readonly (number | null)[]): TrendPoint[] =>
  values.map((value, i) => ({ benchResultId: `run${String(i).padStart(17, "0")}`, createdAt: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(), value }));
const trend = (metricId: MetricId, values: readonly (number | null)[], tolerancePercent = 5) => metricTrend(metricId, points(values), tolerancePercent);

describe("fitTrend: the least-squares line and its significance, on data worked by hand", () => {
  it("fits y over run index and tests the slope against the residual scatter", () => {
    // x = 0..5, y = 10 12 11 14 13 16: slope = Sxy/Sxx = 18/17.5, residual SD = sqrt(SSR/4), t = slope / (SD/sqrt(Sxx)).
    const fit = fitTrend(points([10, 12, 11, 14, 13, 16]))!;
    expect(fit.slopePerRun).toBeCloseTo(18 / 17.5, 10);
    expect(fit.fittedFirst).toBeCloseTo(76 / 6 - (18 / 17.5) * 2.5, 10);
    expect(fit.changeOverWindow).toBeCloseTo((18 / 17.5) * 5, 10);
    expect(fit.changePercent).toBeCloseTo(((18 / 17.5) * 5 * 100) / (76 / 6 - (18 / 17.5) * 2.5), 8);
    expect(fit.noise).toBeCloseTo(1.0976, 3);
    expect(fit.tStatistic).toBeCloseTo(3.92, 2);
    expect(fit.tCritical).toBe(2.776); // 4 degrees of freedom
    expect(fit.significant).toBe(true);
  });

  it("keeps the runs' spacing when a run has no value: x is the run's place in the window", () => {
    const fit = fitTrend(points([10, null, 14, 16]))!;
    // Points (0,10) (2,14) (3,16): slope = 2 exactly, on a line.
    expect(fit.slopePerRun).toBeCloseTo(2, 10);
    expect(fit.noise).toBe(0);
    expect(fit.tStatistic).toBeNull();
    expect(fit.fittedLast).toBeCloseTo(16, 10);
  });

  it("needs three values", () => {
    expect(fitTrend(points([1, 2]))).toBeNull();
    expect(fitTrend(points([1, null, null, 2]))).toBeNull();
    expect(fitTrend(points([]))).toBeNull();
  });

  it("uses the two-sided 95% Student-t value for n − 2 degrees of freedom", () => {
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(8)).toBe(2.306);
    expect(tCritical95(28)).toBe(2.048);
  });
});

describe("metricTrend: direction-aware verdicts", () => {
  const rising = [500, 512, 507, 530, 541, 536, 560, 571, 566, 590];
  const falling = [...rising].reverse();

  it("response time rising beyond the noise is worsening", () => {
    const t = trend("RESPONSE_TIME_PERCENTILE_95", rising);
    expect(t).toMatchObject({ verdict: "worsening", movement: "up", unit: "ms", direction: "lower-is-better", valueCount: 10 });
    expect(t.fit!.changePercent).toBeGreaterThan(5);
  });

  it("response time falling is improving", () => {
    expect(trend("RESPONSE_TIME_PERCENTILE_95", falling)).toMatchObject({ verdict: "improving", movement: "down" });
  });

  it("the same rising numbers are improving for hits per second (higher is better), falling ones worsening", () => {
    expect(trend("HITS_RATE", rising)).toMatchObject({ verdict: "improving", movement: "up", unit: "hits/s" });
    expect(trend("HITS_RATE", falling)).toMatchObject({ verdict: "worsening", movement: "down" });
  });

  it("a metric with no better direction that moves is changing", () => {
    expect(trend("USERLOAD", rising)).toMatchObject({ verdict: "changing", movement: "up", direction: "neutral" });
  });

  it("noise around a level is stable: the slope does not beat the scatter", () => {
    const t = trend("RESPONSE_TIME_PERCENTILE_95", [500, 540, 470, 520, 480, 530, 490, 510, 505, 495]);
    expect(t).toMatchObject({ verdict: "stable", movement: "flat" });
    expect(t.fit!.significant).toBe(false);
  });

  it("a regular drift smaller than the tolerance is stable, however significant; a smaller tolerance catches it", () => {
    const drift = [500, 501, 502, 503, 504, 505, 506, 507, 508, 509]; // +1.8% across the window, on a perfect line
    expect(trend("RESPONSE_TIME_AVG", drift)).toMatchObject({ verdict: "stable", movement: "flat" });
    expect(trend("RESPONSE_TIME_AVG", drift).fit!.significant).toBe(true);
    expect(trend("RESPONSE_TIME_AVG", drift, 1)).toMatchObject({ verdict: "worsening", movement: "up" });
  });

  it("a big jump with as big a scatter is not a trend: few runs need a strong slope", () => {
    // n = 3, 1 degree of freedom: t must reach 12.7.
    expect(trend("RESPONSE_TIME_AVG", [100, 180, 150])).toMatchObject({ verdict: "stable" });
    expect(trend("RESPONSE_TIME_AVG", [100, 150, 201])).toMatchObject({ verdict: "worsening" });
  });

  it("a constant series is stable with no noise", () => {
    const t = trend("ERRORS_PERCENT", [0, 0, 0, 0]);
    expect(t).toMatchObject({ verdict: "stable", movement: "flat" });
    expect(t.fit).toMatchObject({ slopePerRun: 0, noise: 0, tStatistic: null, significant: false });
  });

  it("errors rising from zero are worsening: from a zero level any significant change counts", () => {
    const t = trend("ERRORS_PERCENT", [0, 0.1, 0.2, 0.3, 0.4]);
    expect(t.fit!.changePercent).toBeNull();
    expect(t).toMatchObject({ verdict: "worsening", movement: "up" });
  });

  it("fewer than three values is not-enough-runs, honestly, with no made-up numbers", () => {
    for (const values of [[], [300], [300, 400], [300, null, 400, null]]) {
      expect(trend("RESPONSE_TIME_PERCENTILE_95", values)).toMatchObject({ verdict: "not-enough-runs", movement: null, fit: null });
    }
  });
});

describe("overallTrend", () => {
  const of = (...verdicts: MetricTrend["verdict"][]) => overallTrend(verdicts.map((verdict) => ({ verdict }) as MetricTrend));
  it("a worsening metric anywhere makes the scenario worsening", () => {
    expect(of("improving", "stable", "worsening")).toBe("worsening");
  });
  it("otherwise improving, then changing, then stable; not-enough-runs only when nothing could be judged", () => {
    expect(of("improving", "stable")).toBe("improving");
    expect(of("changing", "stable", "not-enough-runs")).toBe("changing");
    expect(of("stable", "not-enough-runs")).toBe("stable");
    expect(of("not-enough-runs", "not-enough-runs")).toBe("not-enough-runs");
    expect(of()).toBe("not-enough-runs");
  });
});
