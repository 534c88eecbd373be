import { formatValue, type GateCheck, type GateReport } from "./gate-report.js";

/**
 * The gate as JUnit XML, the format every CI displays (GitLab, Jenkins, Azure, GitHub through
 * report actions): one test case per check, a FAIL as <failure>, an INCONCLUSIVE check as
 * <error> (the check could not be made), and, when the run itself did not finish, one more
 * test case that says so. Follows the common (Jenkins/Surefire junit-10) schema.
 */
export function toJUnitXml(report: GateReport, options: { readonly timestamp: Date; readonly hostname?: string }): string {
  const cases = report.checks.map(checkCase);
  const run = report.run;
  if (report.error !== null) {
    // The gate failed before a verdict: one test case says why, so the CI shows an error, not a missing file.
    cases.unshift(testCase("octoperf.gate", "Gate completed", `<error type="GateError" message="${attr(report.error)}">${text(report.error)}</error>`));
  } else if (run !== null && run.state !== "FINISHED") {
    cases.unshift(
      testCase("octoperf.run", "Run finished", `<error type="RunNotFinished" message="${attr(runOutcome(run))}">${text(report.notes.join("\n"))}</error>`),
    );
  }
  const tests = cases.length;
  const failures = report.checks.filter((c) => c.verdict === "FAIL").length;
  const errors = report.checks.filter((c) => c.verdict === "INCONCLUSIVE").length + cases.length - report.checks.length;
  const time = report.durationSeconds.toFixed(3);
  const properties = [
    ["scenarioId", report.scenario.id],
    ["scenarioName", report.scenario.name],
    ["benchResultId", run?.id ?? null],
    ["runState", run?.state ?? null],
    ["reportUrl", run?.reportUrl ?? null],
    ["baselineBenchResultId", report.baseline?.id ?? null],
    ["baselineUrl", report.baseline?.url ?? null],
    ["tolerancePercent", report.baseline === null ? null : String(report.baseline.tolerancePercent)],
    ["verdict", report.verdict],
  ]
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`);
  const suiteName = `OctoPerf load test gate: ${report.scenario.name}`;
  const summary = [
    `Verdict: ${report.verdict}`,
    ...(run === null ? [] : [`Run ${run.id}: ${run.state}`]),
    ...(run?.reportUrl ? [`Report: ${run.reportUrl}`] : []),
    ...(report.error === null ? [] : [report.error]),
    ...report.notes,
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="octoperf-mcp gate" tests="${tests}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${attr(suiteName)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${time}"` +
      ` timestamp="${options.timestamp.toISOString().replace(/\.\d{3}Z$/, "")}"${options.hostname ? ` hostname="${attr(options.hostname)}"` : ""}>`,
    `    <properties>`,
    ...properties,
    `    </properties>`,
    ...cases.map((c) => `    ${c}`),
    `    <system-out>${text(summary.join("\n"))}</system-out>`,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

function runOutcome(run: NonNullable<GateReport["run"]>): string {
  return run.terminal ? `The run ended ${run.state}, not FINISHED` : `The run is still ${run.state}: the gate stopped following it (--max-wait)`;
}

function checkCase(check: GateCheck): string {
  const classname = check.kind === "sla" ? "octoperf.sla" : "octoperf.baseline";
  const observed = check.observed === null ? "no value" : formatValue(check.observed, check.unit);
  const details = `${check.metricId}\nobserved: ${observed}\nunit: ${check.unit}\nthreshold: ${check.threshold}\n${check.message}`;
  if (check.verdict === "FAIL") {
    return testCase(
      classname,
      check.name,
      `<failure type="${check.kind === "sla" ? "SlaFailed" : "Regression"}" message="${attr(check.message)}">${text(details)}</failure>`,
    );
  }
  if (check.verdict === "INCONCLUSIVE") {
    return testCase(classname, check.name, `<error type="Inconclusive" message="${attr(check.message)}">${text(details)}</error>`);
  }
  return testCase(classname, check.name, `<system-out>${text(details)}</system-out>`);
}

function testCase(classname: string, name: string, body: string): string {
  return `<testcase classname="${attr(classname)}" name="${attr(name)}" time="0">${body}</testcase>`;
}

/**
 * XML 1.0 cannot carry most control characters even escaped, and an OctoPerf scenario name is
 * free text: they are dropped rather than producing a file no CI can read.
 */
function clean(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}

function text(value: string): string {
  return clean(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
