import type { Data, GroupMark, Scale, Spec } from "vega";
import type { MetricUnit } from "../../domain/model/metrics.js";
import type { MetricTrend, TrendData, TrendVerdict } from "../../domain/model/trend.js";

/**
 * The Vega spec of a trend chart: one panel per unit (response times in ms on top, then
 * error percentage, then the rest), the runs oldest → newest along a shared x axis labelled with
 * their start dates, one line per metric, and the fitted line dashed where a metric trends.
 * Sized for a chat window: about 960 px wide, drawn 1:1.
 */

export const CHART_FONT_FAMILY = "DejaVu Sans";
const PLOT_WIDTH = 640;
const MAIN_PANEL_HEIGHT = 230;
const OTHER_PANEL_HEIGHT = 120;

// Tableau 10 (Vega's default) without its reds, kept for the error percentage: red means errors here.
const PALETTE = ["#4c78a8", "#f58518", "#72b7b2", "#54a24b", "#b279a2", "#eeca3b", "#9d755d", "#bab0ac", "#17becf", "#7f7f7f", "#bcbd22", "#8c564b"];
const ERROR_RED = "#d62728";

const VERDICT_MARK: Record<TrendVerdict, string> = {
  worsening: "worsening ▲",
  improving: "improving ▼",
  stable: "stable",
  changing: "changing",
  "not-enough-runs": "too few runs",
};

/** "Response time (95th percentile)" → "p95": the panel's title already says "Response time". */
export function shortMetricLabel(trend: Pick<MetricTrend, "label" | "unit">): string {
  const inner = /^Response time \((.+)\)$/.exec(trend.label)?.[1];
  if (inner === undefined) return trend.label;
  return inner.replace(/^(\d+)th percentile$/, "p$1");
}

function verdictText(trend: MetricTrend): string {
  if (trend.verdict === "improving" || trend.verdict === "worsening" || trend.verdict === "changing") {
    const arrow = trend.movement === "up" ? "▲" : "▼";
    const percent = trend.fit?.changePercent;
    const change = percent === null || percent === undefined ? "" : ` ${percent > 0 ? "+" : ""}${percent.toFixed(0)}%`;
    return `${trend.verdict} ${arrow}${change}`;
  }
  return VERDICT_MARK[trend.verdict];
}

/** One label per run, unique, short: "Nov 21", or "Nov 21 14:05" when two runs share a day. */
export function runLabels(createdAt: readonly string[]): string[] {
  const day = (iso: string) => new Date(iso).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const time = (iso: string) => new Date(iso).toISOString().slice(11, 16);
  const days = createdAt.map(day);
  const sameDay = new Set(days).size < days.length;
  const labels = createdAt.map((iso, i) => (sameDay ? `${days[i]} ${time(iso)}` : days[i]!));
  // An ordinal axis needs distinct values: runs in the same minute get their position.
  return labels.map((label, i) => (labels.indexOf(label) === i && labels.lastIndexOf(label) === i ? label : `${label} #${i + 1}`));
}

const UNIT_ORDER: readonly MetricUnit[] = ["ms", "%"];

interface Panel {
  readonly unit: MetricUnit;
  readonly metrics: readonly MetricTrend[];
}

function panelsOf(metrics: readonly MetricTrend[]): Panel[] {
  const units = [...new Set(metrics.map((m) => m.unit))].sort((a, b) => rank(a) - rank(b));
  return units.map((unit) => ({ unit, metrics: metrics.filter((m) => m.unit === unit) }));
}

function rank(unit: MetricUnit): number {
  const index = UNIT_ORDER.indexOf(unit);
  return index === -1 ? UNIT_ORDER.length : index;
}

/** Short names for the y axis of a one-metric panel: the legend beside it gives the full label. */
const AXIS_NAMES: Partial<Record<string, string>> = {
  ERRORS_PERCENT: "Errors",
  ERRORS_RATE: "Errors",
  HITS_RATE: "Hits",
  HITS_SUCCESSFUL_PERCENT: "Successful hits",
  THROUGHPUT_RATE: "Throughput",
  USERLOAD: "Virtual users",
};

function yTitle(panel: Panel): string {
  if (panel.unit === "ms" && panel.metrics.every((m) => m.label.startsWith("Response time"))) return "Response time (ms)";
  const name = panel.metrics.length === 1 ? AXIS_NAMES[panel.metrics[0]!.metricId] : undefined;
  return name === undefined ? panel.unit : `${name} (${panel.unit})`;
}

/** What the lines, points and fitted lines of a panel draw: one row per run and metric that has a value. */
interface Row {
  readonly run: string;
  readonly value: number;
  readonly series: string;
}

/**
 * The Vega spec of a trend chart, written for Vega itself (no Vega-Lite compile step, nor its
 * 8 MiB in every install): the panels stacked in a one-column grid layout, each a group with its
 * own x, y and colour scales, its axes and its legend on the right.
 */
export function trendChartSpec(trend: TrendData): Spec {
  const labels = runLabels(trend.runs.map((r) => r.createdAt));
  const panels = panelsOf(trend.metrics);
  const others = trend.metrics.filter((m) => m.metricId !== "ERRORS_PERCENT");
  const colourOf = new Map(trend.metrics.map((m) => [m.metricId, m.metricId === "ERRORS_PERCENT" ? ERROR_RED : PALETTE[others.indexOf(m) % PALETTE.length]!]));
  const manyRuns = labels.length > 12 || labels.some((l) => l.length > 6);

  const data: Data[] = [];
  const scales: Scale[] = [];
  const marks = panels.map((panel, index): GroupMark => {
    const last = index === panels.length - 1;
    const name = (what: string) => `panel${index}_${what}`;
    const series = (m: MetricTrend) => `${shortMetricLabel(m)} · ${verdictText(m)}`;
    const values: Row[] = panel.metrics.flatMap((m) =>
      m.points.flatMap((p, i) => (p.value === null ? [] : [{ run: labels[i]!, value: p.value, series: series(m) }])),
    );
    const fits: Row[] = panel.metrics.flatMap((m) =>
      m.fit === null || m.verdict === "stable" || labels.length === 0
        ? []
        : [
            { run: labels[0]!, value: m.fit.fittedFirst, series: series(m) },
            { run: labels.at(-1)!, value: m.fit.fittedLast, series: series(m) },
          ],
    );
    const height = index === 0 ? MAIN_PANEL_HEIGHT : OTHER_PANEL_HEIGHT;
    const title = yTitle(panel);
    const tickCount = index === 0 ? 6 : 3;
    // 2.6M reads better than 2,600,000 (bytes per second, totals).
    const format = Math.max(0, ...values.map((v) => Math.abs(v.value))) >= 100_000 ? "~s" : "";
    // What a screen reader says of a point or a line in the SVG.
    const description = {
      signal: `"run: " + datum.run + "; " + ${JSON.stringify(title)} + ": " + format(datum.value, "${format}") + "; series: " + datum.series`,
    };
    data.push(
      { name: name("values"), values },
      { name: name("points"), source: name("values"), transform: [{ type: "filter", expr: VALID }] },
      { name: name("fits"), values: fits },
    );
    scales.push(
      // Oldest → newest as given, evenly spaced (the points of an ordinal axis).
      { name: name("x"), type: "point", domain: labels, range: [0, PLOT_WIDTH], padding: 0.5 },
      {
        name: name("y"),
        type: "linear",
        domain: { fields: [name("values"), name("points"), name("fits")].map((source) => ({ data: source, field: "value" })) },
        range: [height, 0],
        // Errors near 0% read best from 0; times read best zoomed on their range.
        zero: panel.unit === "%",
        nice: true,
      },
      { name: name("colour"), type: "ordinal", domain: panel.metrics.map(series), range: panel.metrics.map((m) => colourOf.get(m.metricId)!) },
    );
    const position = { x: { scale: name("x"), field: "run" }, y: { scale: name("y"), field: "value" } };
    const lines = (from: string, update: Record<string, unknown>): GroupMark => ({
      type: "group",
      from: { facet: { name: name(`${from}_by_series`), data: name(from), groupby: ["series"] } },
      encode: { update: { width: { field: { group: "width" } }, height: { field: { group: "height" } } } },
      marks: [
        {
          type: "line",
          style: "line",
          // Along the x axis, whatever the order of the rows.
          sort: { field: "x" },
          from: { data: name(`${from}_by_series`) },
          encode: { update: { ...update, stroke: { scale: name("colour"), field: "series" }, description, ...position, defined: { signal: VALID } } },
        },
      ],
    });
    return {
      type: "group",
      name: name("group"),
      style: "cell",
      encode: { update: { width: { value: PLOT_WIDTH }, height: { value: height } } },
      marks: [
        lines("values", { strokeWidth: { value: 2.5 }, interpolate: { value: "linear" } }),
        {
          type: "symbol",
          style: "point",
          from: { data: name("points") },
          encode: {
            update: {
              opacity: { value: 1 },
              size: { value: 45 },
              fill: { scale: name("colour"), field: "series" },
              ariaRoleDescription: { value: "point" },
              description,
              ...position,
            },
          },
        },
        lines("fits", { opacity: { value: 0.8 }, strokeWidth: { value: 1.5 }, strokeDash: { value: [6, 4] } }),
      ],
      axes: [
        // The grid alone, under the marks; the y axis proper comes last with its labels and title.
        {
          scale: name("y"),
          orient: "left",
          tickCount,
          gridScale: name("x"),
          grid: true,
          domain: false,
          labels: false,
          aria: false,
          maxExtent: 0,
          minExtent: 0,
          ticks: false,
        },
        last
          ? {
              scale: name("x"),
              orient: "bottom",
              grid: false,
              title: "Run start (UTC), oldest → newest",
              labelAlign: manyRuns ? "right" : "center",
              // -40°: long or many labels slant.
              labelAngle: manyRuns ? 320 : 0,
              labelBaseline: "top",
            }
          : { scale: name("x"), orient: "bottom", grid: false, domain: true, labels: false, ticks: false },
        { scale: name("y"), orient: "left", grid: false, title, tickCount, labelOverlap: true, ...(format === "" ? {} : { format }) },
      ],
      legends: [
        {
          stroke: name("colour"),
          fill: name("colour"),
          orient: "right",
          labelLimit: 250,
          symbolType: "stroke",
          symbolStrokeWidth: 3,
          encode: { symbols: { update: { opacity: { value: 1 } } } },
        },
      ],
    };
  });

  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    background: "white",
    padding: { left: 12, right: 12, top: 10, bottom: 10 },
    width: PLOT_WIDTH,
    title: {
      text: `${trend.scenario.name}: ${trend.runs.length === 1 ? "the last finished run" : `last ${trend.runs.length} finished runs`}`,
      subtitle: subtitle(trend),
      anchor: "start",
      fontSize: 17,
      subtitleFontSize: 12.5,
      subtitleColor: "#444",
      offset: 12,
    },
    data,
    // The panels in one column, each as wide as its plot, legend and axes make it.
    layout: { padding: 14, columns: 1, bounds: "full", align: "each" },
    marks,
    scales,
    config: {
      axis: { labelFontSize: 12, titleFontSize: 12.5, titleFontWeight: "normal", titleColor: "#333", labelColor: "#333", gridColor: "#eee" },
      legend: { labelFontSize: 12.5 },
      style: {
        "guide-label": { font: CHART_FONT_FAMILY },
        "guide-title": { font: CHART_FONT_FAMILY },
        "group-title": { font: CHART_FONT_FAMILY },
        "group-subtitle": { font: CHART_FONT_FAMILY },
        text: { font: CHART_FONT_FAMILY },
        // Each panel's frame.
        cell: { stroke: "#ddd" },
      },
    },
  };
}

/** A value a line or point can be drawn at. */
const VALID = "isValid(datum.value) && isFinite(+datum.value)";

function subtitle(trend: TrendData): string[] {
  const { method } = trend;
  const test = `t-test, ${Math.round(method.confidence * 100)}%`;
  if (trend.verdict === "not-enough-runs") {
    return [`Not enough runs for a trend: it takes at least ${method.minimumRuns} finished runs.`];
  }
  if (trend.verdict === "stable") {
    return [`Trend: stable. No metric moves beyond its run-to-run noise (${test}) and ±${method.tolerancePercent}% across the window.`];
  }
  const verdict = { worsening: "WORSENING", improving: "improving", changing: "changing (no better direction)" }[trend.verdict];
  return [
    `Trend: ${verdict}. Dashed: the least-squares line of each metric that trends: its slope`,
    `beats the run-to-run noise (${test}) and it moves more than ±${method.tolerancePercent}% across the window.`,
  ];
}
