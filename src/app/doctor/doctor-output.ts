import type { CheckId, CheckResult, DoctorReport } from "./doctor.js";

/** The CLI's words for doctor's facts. */
const TITLES: Record<CheckId, string> = {
  key: "API key accepted",
  workspaces: "Workspaces",
  projects: "Projects of the first workspace",
  scenarios: "Scenarios of the first project that has some",
  "newest-run": "Newest run (through the report listing)",
  report: "Its report",
  metrics: "Its key summary metrics",
  "report-listing": "Report listing (GET /analysis/bench-reports/by-project/{id})",
};

const MARK: Record<CheckResult["outcome"], string> = { pass: "✓", fail: "✗", skip: "–" };

export function renderDoctorText(report: DoctorReport): string {
  const lines = [`octoperf-mcp doctor ${report.version} · Node ${report.node} · ${report.baseUrl}`, ""];
  for (const check of report.checks) {
    const status = check.status === null ? "" : `HTTP ${check.status}`;
    const timing = check.outcome === "skip" || check.latencyMs === 0 ? "" : `${check.latencyMs} ms`;
    const meta = [status, timing].filter((part) => part !== "").join(", ");
    lines.push(`${MARK[check.outcome]} ${TITLES[check.id]}: ${check.detail}${meta === "" ? "" : ` [${meta}]`}`);
    if (check.hint !== null) lines.push(`    → ${check.hint}`);
  }
  lines.push("");
  const failed = report.checks.filter((c) => c.outcome === "fail").length;
  lines.push(failed === 0 ? "Everything the tools need works." : `${failed} check(s) failed: the tools that need them will not work as expected.`);
  if (report.recorded.length > 0) lines.push(`Recorded ${report.recorded.length} file(s) of raw answers (key, e-mail addresses and user names redacted).`);
  return `${lines.join("\n")}\n`;
}

export function renderDoctorJson(report: DoctorReport): string {
  const checks = report.checks.map((check) => ({ ...check, title: TITLES[check.id] }));
  return `${JSON.stringify({ ...report, checks }, null, 2)}\n`;
}
