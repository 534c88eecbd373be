import uPlot from "uplot";
import { formatDuration, formatMeasure } from "./format.js";

/**
 * One small line chart of the live view (uPlot: canvas, ~20 KB gzipped, no dependencies, made
 * for streaming time series: `setData` redraws thousands of points in a millisecond).
 */
export interface LiveChart {
  /** Replaces the points (x: seconds since the run was created). */
  setPoints(xs: readonly number[], ys: readonly (number | null)[], unit: string): void;
  readonly element: HTMLElement;
}

const HEIGHT = 140;

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === "" ? fallback : value;
}

/** A chart's frame: a figure with its caption and the area uPlot draws in. */
function chartCard(parent: HTMLElement): { card: HTMLElement; caption: HTMLElement; plotArea: HTMLElement } {
  const card = document.createElement("figure");
  card.className = "chart";
  const caption = document.createElement("figcaption");
  const plotArea = document.createElement("div");
  plotArea.className = "plot";
  card.append(caption, plotArea);
  parent.append(card);
  return { card, caption, plotArea };
}

/** Both kinds share the host's colours and the value axis; only the x axis differs. */
function axes(x: Pick<uPlot.Axis, "incrs" | "values">): uPlot.Axis[] {
  const stroke = cssColor("--color-text-secondary", "#666");
  const gridColor = cssColor("--color-border-secondary", "rgba(127,127,127,0.18)");
  const frame = { stroke, grid: { stroke: gridColor }, ticks: { stroke: gridColor } };
  return [
    { ...frame, ...x },
    { ...frame, size: 52, values: (_u, values) => values.map((v) => formatMeasure(v, "")) },
  ];
}

/** The host's frame may change width (a sidebar opening): the plot follows. */
function followWidth(plot: uPlot, plotArea: HTMLElement): void {
  new ResizeObserver(() => plot.setSize({ width: Math.max(200, plotArea.clientWidth), height: HEIGHT })).observe(plotArea);
}

export function createLiveChart(parent: HTMLElement, options: { id: string; title: string; color: string; unit: string }): LiveChart {
  const { card, caption, plotArea } = chartCard(parent);
  card.dataset.chart = options.id;
  const title = document.createElement("span");
  title.className = "chart-title";
  const current = document.createElement("span");
  current.className = "chart-value";
  caption.append(title, current);

  let unit = options.unit;
  const setTitle = () => (title.textContent = unit === "" ? options.title : `${options.title} (${unit})`);
  setTitle();
  const plot = new uPlot(
    {
      width: Math.max(200, plotArea.clientWidth || 320),
      height: HEIGHT,
      legend: { show: false },
      cursor: { y: false, points: { size: 6 } },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max === min ? (max ?? 0) + 1 : (max ?? 1) * 1.1] } },
      axes: axes({
        // Whole seconds at least: a tick every half second would print "0:13" twice.
        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
        values: (_u, values) => values.map((v) => formatDuration(v * 1000)),
      }),
      series: [{}, { label: options.title, stroke: options.color, width: 2, fill: `${options.color}22`, points: { show: false }, spanGaps: false }],
    },
    [[], []],
    plotArea,
  );
  followWidth(plot, plotArea);

  return {
    element: card,
    setPoints(xs, ys, newUnit) {
      if (newUnit !== unit) {
        unit = newUnit;
        setTitle();
      }
      plot.setData([[...xs], [...ys]] as uPlot.AlignedData);
      const last = [...ys].reverse().find((y) => y !== null);
      current.textContent = last === undefined ? "" : formatMeasure(last, unit);
      card.dataset.points = String(ys.filter((y) => y !== null).length);
    },
  };
}

/** A trend chart: one line per metric is too many units for one axis, so one small chart per metric, with a shared hover. */
export function createTrendChart(
  parent: HTMLElement,
  options: {
    title: string;
    unit: string;
    color: string;
    labels: readonly string[];
    values: readonly (number | null)[];
    onHover: (index: number | null) => void;
  },
): uPlot {
  const { caption, plotArea } = chartCard(parent);
  caption.textContent = options.unit === "" || options.unit === "count" ? options.title : `${options.title} (${options.unit})`;
  const xs = options.values.map((_, i) => i + 1);
  const plot = new uPlot(
    {
      width: Math.max(200, plotArea.clientWidth || 320),
      height: HEIGHT,
      legend: { show: false },
      cursor: { y: false, points: { size: 8 }, sync: { key: "trend" } },
      scales: { x: { time: false } },
      axes: axes({
        incrs: [1, 2, 5, 10],
        values: (_u, values) => values.map((v) => (Number.isInteger(v) ? `#${v}` : "")),
      }),
      series: [{}, { label: options.title, stroke: options.color, width: 2, points: { show: true, size: 6 }, spanGaps: true }],
      hooks: { setCursor: [(u) => options.onHover(u.cursor.idx ?? null)] },
    },
    [xs, [...options.values]] as uPlot.AlignedData,
    plotArea,
  );
  followWidth(plot, plotArea);
  return plot;
}
