import { formatValue, type GateReport, type GateVerdict } from "./gate-report.js";

/** An image the summary shows under its table (the trend chart), or the words that stand in for it. */
export interface SummaryFigure {
  readonly alt: string;
  /** A path relative to the summary file, or a URL; null where no image can be shown (the caption says why). */
  readonly src: string | null;
  /** Plain text under the image (or in its place). */
  readonly caption?: string;
}

export interface MarkdownSummaryOptions {
  /** Images to show after the table, in order: the one place a chart link goes. */
  readonly figures?: readonly SummaryFigure[];
}

const BADGE: Record<GateVerdict, string> = { PASS: "✅ PASS", FAIL: "❌ FAIL", INCONCLUSIVE: "⚠️ INCONCLUSIVE", ERROR: "🛑 ERROR" };

/** A GitHub-flavoured Markdown summary: the verdict, one table row per check, and the links to OctoPerf. */
export function toMarkdownSummary(report: GateReport, options: MarkdownSummaryOptions = {}): string {
  const scenario = `**${escape(report.scenario.name)}** (${link(code(report.scenario.id), report.scenario.url)})`;
  const run = report.run;
  const runLink = run === null ? "" : link(`run ${code(run.id)}`, run.reportUrl);
  const lines = [
    `## ${BADGE[report.verdict]}: OctoPerf load test gate`,
    "",
    run === null
      ? `${scenario}: no run to judge.`
      : report.error !== null
        ? `${scenario}: ${runLink}.`
        : `${scenario}: ${runLink} ${run.terminal ? "ended" : "is still"} **${escape(run.state)}** after ${duration(report.durationSeconds)}.`,
  ];
  if (report.error !== null) lines.push("", `> ${escape(report.error)}`);
  if (report.baseline !== null) {
    lines.push(`Compared with baseline ${link(`run ${code(report.baseline.id)}`, report.baseline.url)}, tolerance ±${report.baseline.tolerancePercent}%.`);
  }
  lines.push("");
  if (report.checks.length > 0) {
    lines.push("| Check | Observed | Threshold | Verdict |", "|---|---:|---|---|");
    for (const check of report.checks) {
      const observed = check.observed === null ? "no value" : formatValue(check.observed, check.unit);
      lines.push(`| ${escape(check.name)} | ${escape(observed)} | ${escape(check.threshold)} | ${BADGE[check.verdict]} |`);
    }
    lines.push("");
  }
  for (const note of report.notes) lines.push(`> ${escape(note)}`, "");
  for (const figure of options.figures ?? []) {
    if (figure.src !== null) lines.push(`![${escape(figure.alt)}](${url(figure.src)})`);
    if (figure.caption !== undefined) lines.push(figure.src === null ? escape(figure.caption) : `*${escape(figure.caption)}*`);
    lines.push("");
  }
  if (run?.reportUrl) lines.push(`[Open the report in OctoPerf](${url(run.reportUrl)})`, "");
  return `${lines.join("\n")}\n`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function link(label: string, href: string | null): string {
  return href === null ? label : `[${label}](${url(href)})`;
}

/** Ids are URL-safe letters and digits; a backtick in one would only be a broken id. */
function code(id: string): string {
  return `\`${id.replace(/`/g, "")}\``;
}

/** Scenario names are free text from OctoPerf: Markdown and HTML in them are shown, not rendered. */
function escape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point of this pattern
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
      .replace(/[\\`*_[\]#!|<>~&]/g, (c) => `\\${c}`)
      .replace(/\r?\n/g, " ")
  );
}

/** Parentheses and spaces would end a Markdown link early. */
function url(href: string): string {
  return href.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}
