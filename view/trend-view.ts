import { createTrendChart } from "./charts.js";
import { formatDate, formatMeasure } from "./format.js";

/** The parts of octoperf_trend's answer the interactive chart shows: the same series as its PNG. */
export interface Trend {
  readonly scenario: { readonly name: string; readonly url?: string };
  readonly runs: readonly { readonly benchResultId: string; readonly createdAt: string; readonly url?: string }[];
  readonly verdict: string;
  readonly metrics: readonly {
    readonly metricId: string;
    readonly label: string;
    readonly unit: string;
    readonly values: readonly (number | null)[];
    readonly verdict: string;
    readonly changePercent?: number | null;
  }[];
}

export function isTrend(content: Record<string, unknown>): content is Record<string, unknown> & Trend {
  return Array.isArray(content.runs) && Array.isArray(content.metrics) && typeof content.method === "object";
}

const COLORS = ["#3b82f6", "#f59e0b", "#ef4444", "#10b981", "#8b5cf6", "#ec4899"];

/** One small chart per metric (units differ), cursors in step; hovering a run shows its date and every value. */
export function renderTrend(section: HTMLElement, trend: Trend, openLink: (url: string) => void): void {
  const title = document.createElement("h2");
  title.textContent = `${trend.scenario.name}: ${trend.verdict} over ${trend.runs.length} run${trend.runs.length === 1 ? "" : "s"}`;
  const readout = document.createElement("div");
  readout.className = "trend-readout";
  readout.textContent = "Hover a point for that run's values and date.";
  const grid = document.createElement("div");
  grid.className = "charts";
  const verdicts = document.createElement("ul");
  verdicts.className = "trend-verdicts";
  for (const m of trend.metrics) {
    const item = document.createElement("li");
    const change =
      m.changePercent === undefined || m.changePercent === null ? "" : ` (${m.changePercent > 0 ? "+" : ""}${Number(m.changePercent.toPrecision(3))}%)`;
    item.textContent = `${m.label}: ${m.verdict}${change}`;
    item.dataset.verdict = m.verdict;
    verdicts.append(item);
  }
  section.replaceChildren(title, verdicts, readout, grid);
  section.hidden = false;

  const show = (index: number | null) => {
    const run = index === null ? undefined : trend.runs[index];
    if (run === undefined || index === null) return;
    readout.replaceChildren();
    const head = document.createElement("strong");
    head.textContent = `Run #${index + 1} · ${formatDate(run.createdAt)} · ${run.benchResultId}`;
    readout.append(head);
    for (const m of trend.metrics) {
      const line = document.createElement("span");
      line.textContent = `${m.label}: ${formatMeasure(m.values[index] ?? null, m.unit === "count" ? "" : m.unit)}`;
      readout.append(line);
    }
    if (run.url !== undefined) {
      const link = document.createElement("a");
      link.textContent = "Open in OctoPerf";
      link.href = run.url;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        openLink(run.url!);
      });
      readout.append(link);
    }
    readout.dataset.run = String(index);
  };
  trend.metrics.forEach((m, i) =>
    createTrendChart(grid, {
      title: m.label,
      unit: m.unit,
      color: COLORS[i % COLORS.length]!,
      labels: trend.runs.map((r) => formatDate(r.createdAt)),
      values: m.values,
      onHover: show,
    }),
  );
}
