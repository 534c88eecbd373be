import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { runLabels, shortMetricLabel } from "../../../src/adapters/chart/trend-chart-spec.js";
import { renderTrendChart } from "../../../src/adapters/chart/vega-trend-chart.js";
import type { MetricId } from "../../../src/domain/model/metrics.js";
import { metricTrend, MIN_TREND_RUNS, overallTrend, type TrendData } from "../../../src/domain/model/trend.js";
import { SEED } from "../../support/seed-ids.js";

/** A trend built from known numbers: p95 and p99 climbing, errors creeping up, hits flat. */
function knownTrend(runCount: number, options: { sameDay?: boolean } = {}): TrendData {
  const runs = Array.from({ length: runCount }, (_, i) => ({
    benchResultId: `run${String(i).padStart(17, "0")}`,
    createdAt: new Date(Date.UTC(2026, 9, 1 + (options.sameDay ? 0 : i * 3), 9 + (options.sameDay ? i : 0))).toISOString(),
    benchReportId: null,
  }));
  const series: [MetricId, (i: number) => number][] = [
    ["RESPONSE_TIME_MEDIAN", (i) => 120 + 2 * i + (i % 3)],
    ["RESPONSE_TIME_PERCENTILE_95", (i) => 300 + 9 * i + ((i * 7) % 5) * 3],
    ["RESPONSE_TIME_PERCENTILE_99", (i) => 450 + 14 * i + ((i * 5) % 4) * 6],
    ["ERRORS_PERCENT", (i) => 0.3 + 0.02 * i + ((i * 3) % 4) * 0.01],
    ["HITS_RATE", (i) => 250 + ((i * 7) % 5)],
  ];
  const metrics = series.map(([id, value]) =>
    metricTrend(
      id,
      runs.map((r, i) => ({ benchResultId: r.benchResultId, createdAt: r.createdAt, value: value(i) })),
      5,
    ),
  );
  return {
    scenario: { id: SEED.scenario.checkoutNightly, name: "Checkout nightly 500 VUs", projectId: SEED.project.checkoutApi },
    requestedRuns: runCount,
    runs,
    unfinishedRunsSkipped: 0,
    metrics,
    verdict: overallTrend(metrics),
    method: { fit: "least-squares", significance: "student-t", confidence: 0.95, tolerancePercent: 5, minimumRuns: MIN_TREND_RUNS },
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which the PNG format puts first, right after the signature. */
function ihdr(bytes: Uint8Array): { width: number; height: number; type: string } {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { type: view.toString("latin1", 12, 16), width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe("renderTrendChart", () => {
  it("draws a PNG at chat width, a few tens of KiB, that decodes, with a white background and its text drawn", async () => {
    const chart = await renderTrendChart(knownTrend(10), { format: "png" });
    expect(chart.format).toBe("png");
    expect(chart.mimeType).toBe("image/png");
    const bytes = chart.data as Uint8Array;
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const header = ihdr(bytes);
    expect(header).toEqual({ type: "IHDR", width: chart.widthPx, height: chart.heightPx });
    expect(chart.widthPx).toBeGreaterThanOrEqual(900);
    expect(chart.widthPx).toBeLessThanOrEqual(1050);
    expect(chart.heightPx).toBeGreaterThanOrEqual(450);
    expect(chart.heightPx).toBeLessThanOrEqual(800);
    expect(bytes.byteLength).toBeGreaterThan(15 * 1024);
    expect(bytes.byteLength).toBeLessThan(120 * 1024);

    // A full decode checks every chunk's CRC and the compressed pixels.
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([chart.widthPx, chart.heightPx]);
    const pixel = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];
    expect(pixel(0, 0)).toEqual([255, 255, 255, 255]);
    // The title is dark text in the top-left band: without a font, resvg would leave it blank.
    let dark = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 420; x++)
        if (
          pixel(x, y)
            .slice(0, 3)
            .every((c) => c < 90)
        )
          dark += 1;
    expect(dark).toBeGreaterThan(300);
  });

  it("says what it shows in its SVG: title, axes with units, runs oldest → newest, each metric with its verdict", async () => {
    const trend = knownTrend(8);
    const chart = await renderTrendChart(trend, { format: "svg" });
    expect(chart).toMatchObject({ format: "svg", mimeType: "image/svg+xml" });
    const svg = chart.data as string;
    expect(svg.startsWith("<svg")).toBe(true);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(texts).toContain("Checkout nightly 500 VUs: last 8 finished runs");
    expect(texts).toEqual(expect.arrayContaining(["Response time (ms)", "Errors (%)", "Hits (hits/s)", "Run start (UTC), oldest → newest"]));
    const p95 = trend.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")!;
    expect(p95.verdict).toBe("worsening");
    expect(texts.some((t) => /^p95 · worsening ▲ \+\d+%$/.test(t))).toBe(true);
    expect(texts).toContain("Hits per second · stable");
    // The x labels, in the runs' order (an ordinal axis would otherwise sort them as text).
    const labels = runLabels(trend.runs.map((r) => r.createdAt));
    expect(labels).toEqual(["Oct 1", "Oct 4", "Oct 7", "Oct 10", "Oct 13", "Oct 16", "Oct 19", "Oct 22"]);
    const axisLabels = texts.filter((t) => labels.includes(t));
    expect(axisLabels).toEqual(labels);
    expect(chart.widthPx).toBeGreaterThan(900);
  });

  it("draws too few runs, and no runs at all, without a fitted line and says so", async () => {
    const few = knownTrend(2);
    expect(few.verdict).toBe("not-enough-runs");
    const svg = (await renderTrendChart(few, { format: "svg" })).data as string;
    expect(svg).toContain("Not enough runs for a trend: it takes at least 3 finished runs.");
    expect(svg).not.toContain("stroke-dasharray");
    const none = await renderTrendChart(knownTrend(0), { format: "png" });
    expect(ihdr(none.data as Uint8Array).type).toBe("IHDR");
  });

  it("labels thirty runs of one day apart by their time, each distinct", async () => {
    const trend = knownTrend(30, { sameDay: false });
    const labels = runLabels(trend.runs.map((r) => r.createdAt));
    expect(new Set(labels).size).toBe(30);
    const sameDay = runLabels(knownTrend(4, { sameDay: true }).runs.map((r) => r.createdAt));
    expect(sameDay).toEqual(["Oct 1 09:00", "Oct 1 10:00", "Oct 1 11:00", "Oct 1 12:00"]);
    expect(runLabels(["2026-10-01T09:00:00.000Z", "2026-10-01T09:00:30.000Z", "2026-10-02T09:00:00.000Z"])).toEqual([
      "Oct 1 09:00 #1",
      "Oct 1 09:00 #2",
      "Oct 2 09:00",
    ]);
    const chart = await renderTrendChart(trend, { format: "png" });
    expect(chart.widthPx).toBeLessThanOrEqual(1050);
  });

  it("names response-time percentiles the way people say them", () => {
    expect(shortMetricLabel({ label: "Response time (95th percentile)", unit: "ms" })).toBe("p95");
    expect(shortMetricLabel({ label: "Response time (median)", unit: "ms" })).toBe("median");
    expect(shortMetricLabel({ label: "Error percentage", unit: "%" })).toBe("Error percentage");
  });
});
