import type { RunViewData } from "../src/adapters/mcp/apps/view-data.js";
import { formatMeasure } from "./format.js";

/** The parts of octoperf_run_and_analyze's answer the verdict shows (the SLA and the baseline comparison, when the call had them). */
export interface Analysis {
  readonly metrics: readonly { readonly metricId: string; readonly label: string; readonly unit: string; readonly value: number | null }[];
  readonly sla?: {
    readonly verdict: "PASS" | "FAIL" | "INCONCLUSIVE";
    readonly results: readonly {
      readonly metricId: string;
      readonly operator: string;
      readonly threshold: number;
      readonly verdict: string;
      readonly basis: string;
    }[];
  };
  readonly comparison?: {
    readonly baseline: { readonly benchResultId: string; readonly createdAt: string };
    readonly tolerancePercent: number;
    readonly verdict: string;
    readonly comparisons: readonly {
      readonly metricId: string;
      readonly baseline: number | null;
      readonly percentDelta: number | null;
      readonly verdict: string;
    }[];
  };
}

const ENDINGS: Record<string, string> = {
  FINISHED: "The run finished.",
  ABORTED: "The run was stopped before its planned end: its metrics are partial.",
  ERROR: "The run failed before or during load (often provisioning): check the scenario's load generators in OctoPerf.",
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

/** The end of a run: how it ended, the SLA and baseline verdicts when the call had them, and the key metrics. */
export function renderVerdict(section: HTMLElement, data: RunViewData, analysis: Analysis | null): void {
  const parts: HTMLElement[] = [];
  const headline = element("h2", "", "verdict-headline");
  const sla = analysis?.sla;
  const comparison = analysis?.comparison;
  const verdict = sla?.verdict ?? (data.run.state === "FINISHED" ? null : data.run.state);
  headline.dataset.verdict = verdict ?? "DONE";
  headline.textContent = sla !== undefined ? `SLA ${sla.verdict}` : data.run.state === "FINISHED" ? "Finished" : data.run.state;
  parts.push(headline, element("p", ENDINGS[data.run.state] ?? `The run ended in state ${data.run.state}.`));

  const metrics = analysis?.metrics ?? data.summary ?? [];
  const metricOf = (id: string) => metrics.find((m) => m.metricId === id);
  if (sla !== undefined && sla.results.length > 0) {
    const table = element("table", undefined, "criteria");
    table.append(headerRow(["Criterion", "Observed", "Verdict"]));
    for (const r of sla.results) {
      const metric = metricOf(r.metricId);
      const unit = metric?.unit ?? "";
      const row = element("tr");
      row.dataset.verdict = r.verdict;
      row.append(
        element("td", `${metric?.label ?? r.metricId} ${r.operator} ${formatMeasure(r.threshold, unit)}`),
        element("td", formatMeasure(metric?.value, unit)),
        element("td", r.basis === "measured" ? r.verdict : `${r.verdict} (${r.basis})`, `v ${r.verdict}`),
      );
      table.append(row);
    }
    parts.push(table);
  } else {
    parts.push(element("p", "No SLA criteria were given to this call: ask for an SLA evaluation of this run to get a PASS or FAIL.", "hint"));
  }
  if (comparison !== undefined) {
    parts.push(
      element(
        "h3",
        `Against baseline ${comparison.baseline.benchResultId}: ${comparison.verdict.toUpperCase()} (tolerance ±${comparison.tolerancePercent}%)`,
        `comparison v ${comparison.verdict}`,
      ),
    );
    const table = element("table", undefined, "comparison-table");
    table.append(headerRow(["Metric", "Baseline", "This run", "Change", "Verdict"]));
    for (const c of comparison.comparisons) {
      const metric = metricOf(c.metricId);
      const unit = metric?.unit ?? "";
      const row = element("tr");
      row.append(
        element("td", metric?.label ?? c.metricId),
        element("td", formatMeasure(c.baseline, unit)),
        element("td", formatMeasure(metric?.value, unit)),
        element("td", c.percentDelta === null ? "–" : `${c.percentDelta > 0 ? "+" : ""}${c.percentDelta}%`),
        element("td", c.verdict, `v ${c.verdict}`),
      );
      table.append(row);
    }
    parts.push(table);
  }
  section.replaceChildren(...parts);
}

function headerRow(titles: readonly string[]): HTMLTableRowElement {
  const row = element("tr");
  row.append(...titles.map((title) => element("th", title)));
  return row;
}
