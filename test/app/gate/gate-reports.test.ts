import { describe, expect, it } from "vitest";
import type { GateReport } from "../../../src/app/gate/gate-report.js";
import { toJUnitXml } from "../../../src/app/gate/junit-report.js";
import { toMarkdownSummary } from "../../../src/app/gate/markdown-summary.js";
import { junitSchemaErrors, parseJUnit } from "../../support/junit-xml.js";
import { SEED } from "../../support/seed-ids.js";

// Scenario names are free text typed in OctoPerf: markup, quotes, a CDATA end and a control character.
const HOSTILE = `Checkout <b>"&'</b> ]]> \u0001| *bold* [x](javascript:alert(1)) \ud800`;

const report: GateReport = {
  verdict: "FAIL",
  exitCode: 1,
  scenario: { id: SEED.scenario.checkoutSmoke, name: HOSTILE, url: "https://octoperf.example/ui/scenario/(x)" },
  run: {
    id: "run00000000000000001",
    state: "FINISHED",
    terminal: true,
    reportUrl: "https://octoperf.example/ui/report/r1",
    createdAt: "2026-11-30T10:00:00.000Z",
    updatedAt: "2026-11-30T10:12:30.000Z",
  },
  baseline: { id: "run00000000000000000", url: null, tolerancePercent: 5 },
  checks: [
    {
      kind: "sla",
      name: "SLA: Response time (95th percentile) < 800 ms",
      metricId: "RESPONSE_TIME_PERCENTILE_95",
      unit: "ms",
      observed: 912.4,
      threshold: "< 800 ms",
      verdict: "FAIL",
      message: "912 ms is not < 800 ms",
    },
    {
      kind: "sla",
      name: "SLA: Error percentage < 1%",
      metricId: "ERRORS_PERCENT",
      unit: "%",
      observed: null,
      threshold: "< 1%",
      verdict: "INCONCLUSIVE",
      message: "no value for Error percentage",
    },
    {
      kind: "baseline",
      name: "Baseline: Hits per second",
      metricId: "HITS_RATE",
      unit: "hits/s",
      observed: 120,
      threshold: "≥ 114 hits/s (baseline 120 hits/s − 5%)",
      verdict: "PASS",
      message: "120 hits/s against 120 hits/s (0%): unchanged within ±5%",
    },
  ],
  notes: [`Note with <xml> & a | pipe`],
  durationSeconds: 750,
  error: null,
};

describe("the gate's JUnit report", () => {
  it("is valid against the JUnit schema and reads back exactly, whatever the scenario's name holds", async () => {
    const xml = toJUnitXml(report, { timestamp: new Date("2026-11-30T10:12:31.000Z"), hostname: "ci-runner" });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const junit = parseJUnit(xml);
    const printable = HOSTILE.replace("\u0001", "").replace("\ud800", "");
    expect(junit.suiteName).toBe(`OctoPerf load test gate: ${printable}`);
    expect(junit.properties.scenarioName).toBe(printable);
    expect(junit).toMatchObject({ tests: 3, failures: 1, errors: 1 });
    expect(junit.cases.map((c) => [c.classname, c.name])).toEqual([
      ["octoperf.sla", "SLA: Response time (95th percentile) < 800 ms"],
      ["octoperf.sla", "SLA: Error percentage < 1%"],
      ["octoperf.baseline", "Baseline: Hits per second"],
    ]);
    expect(junit.cases[0]!.failure).toEqual({
      type: "SlaFailed",
      message: "912 ms is not < 800 ms",
      text: "RESPONSE_TIME_PERCENTILE_95\nobserved: 912 ms\nunit: ms\nthreshold: < 800 ms\n912 ms is not < 800 ms",
    });
    expect(junit.cases[1]!.error).toMatchObject({ type: "Inconclusive", message: "no value for Error percentage" });
    expect(junit.cases[2]!.failure).toBeUndefined();
    expect(junit.cases[2]!.systemOut).toContain("threshold: ≥ 114 hits/s (baseline 120 hits/s − 5%)");
  });
});

describe("the gate's Markdown summary", () => {
  it("keeps one row per check with four cells, shows free text literally, and links the report", () => {
    const markdown = toMarkdownSummary(report);
    const rows = markdown.split("\n").filter((line) => line.startsWith("| "));
    expect(rows).toHaveLength(1 + report.checks.length);
    // Unescaped pipes delimit cells: four cells per row, whatever the texts hold.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(rows[1]).toBe("| SLA: Response time (95th percentile) \\< 800 ms | 912 ms | \\< 800 ms | ❌ FAIL |");
    expect(rows[2]).toBe("| SLA: Error percentage \\< 1% | no value | \\< 1% | ⚠️ INCONCLUSIVE |");
    expect(markdown).toMatch(/^## ❌ FAIL: OctoPerf load test gate$/m);
    expect(markdown).not.toContain("<b>");
    expect(markdown).not.toContain("[x](javascript");
    expect(markdown).toContain("\\[x\\](javascript:alert(1))");
    expect(markdown).toContain("[`checkoutSmoke0000002`](https://octoperf.example/ui/scenario/%28x%29)");
    expect(markdown).toContain("after 12 min 30 s");
    expect(markdown).toContain("Compared with baseline run `run00000000000000000`, tolerance ±5%.");
    expect(markdown).toContain("> Note with \\<xml\\> \\& a \\| pipe");
    expect(markdown.trimEnd().endsWith("[Open the report in OctoPerf](https://octoperf.example/ui/report/r1)")).toBe(true);
  });

  it("shows figures (the trend chart) under the table, in the one place images go", () => {
    const markdown = toMarkdownSummary(report, { figures: [{ alt: "p95 over the last runs", src: "trend chart.png" }] });
    const image = markdown.indexOf("![p95 over the last runs](trend%20chart.png)");
    expect(image).toBeGreaterThan(markdown.indexOf("| Baseline: Hits per second"));
    expect(image).toBeLessThan(markdown.indexOf("[Open the report in OctoPerf]"));
  });

  it("puts a figure's caption under its image, or alone in its place when there is no image to show, as literal text", () => {
    const markdown = toMarkdownSummary(report, {
      figures: [
        { alt: "trend", src: "../charts/trend.png", caption: "Trend chart: the last 3 runs" },
        { alt: "trend", src: null, caption: "The trend chart could not be drawn: <b>boom</b> [x](javascript:1)" },
      ],
    });
    expect(markdown).toContain("![trend](../charts/trend.png)\n*Trend chart: the last 3 runs*\n\n");
    expect(markdown).toContain("\nThe trend chart could not be drawn: \\<b\\>boom\\</b\\> \\[x\\](javascript:1)\n");
    expect(markdown.match(/!\[/g)).toHaveLength(1);
  });
});
