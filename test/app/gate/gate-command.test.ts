/**
 * The gate in-process, on the in-memory OctoPerf with a clock that jumps: every exit code, the
 * files it writes (JUnit validated against the schema and read back with an XML parser,
 * Markdown table), and that a bad argument launches nothing. The built bin is tested in
 * test/e2e/gate-bin.test.ts.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { runGate } from "../../../src/app/gate/gate-command.js";
import { UpstreamContractError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { metricValue, unavailableMetric } from "../../../src/domain/model/metrics.js";
import { junitSchemaErrors, parseJUnit } from "../../support/junit-xml.js";
import { ManualClock } from "../../support/manual-clock.js";
import { VegaTrendChart } from "../../../src/adapters/chart/vega-trend-chart.js";
import type { ChartFormat, RenderedChart, TrendData } from "../../../src/domain/model/trend.js";
import type { TrendChartPort } from "../../../src/ports/trend-chart-port.js";
import { PNG } from "pngjs";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gate-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup(options: { runDurationMs?: number; env?: Record<string, string>; tty?: boolean; trendChart?: TrendChartPort } = {}) {
  const clock = new ManualClock(undefined, true);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: options.runDurationMs ?? 30_000, scenarioDurations: "match-run" });
  let launches = 0;
  const launch = fake.launchScenario.bind(fake);
  fake.launchScenario = async (...args) => {
    launches += 1;
    return launch(...args);
  };
  let stdout = "";
  let stderr = "";
  const run = (...argv: string[]) =>
    runGate(argv, {
      env: { OCTOPERF_DEMO: "1", ...options.env },
      cwd: dir,
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false, columns: 100 },
      overrides: { octoperf: fake, clock, ...(options.trendChart ? { trendChart: options.trendChart } : {}) },
    });
  return { fake, clock, run, launches: () => launches, stdout: () => stdout, stderr: () => stderr };
}

describe("octoperf-mcp gate: verdicts and exit codes", () => {
  it("PASS (0): launches once, follows with plain progress lines, writes a valid JUnit report and a Markdown table", async () => {
    const gate = setup();
    const args = [
      SEED.scenario.checkoutSmoke,
      "--sla",
      "RESPONSE_TIME_PERCENTILE_95<800,ERRORS_PERCENT<1",
      "--junit",
      "out/junit.xml",
      "--markdown",
      "summary.md",
    ];
    const code = await gate.run(...args);
    // The directory of --junit must exist: created here after a first refusal below.
    expect(code).toBe(2);
    expect(gate.stderr()).toMatch(/--junit: directory .*out does not exist\. Nothing was launched\./);
    expect(gate.launches()).toBe(0);

    mkdirSync(join(dir, "out"));
    expect(await gate.run(...args)).toBe(0);
    expect(gate.launches()).toBe(1);
    expect(gate.stdout()).toMatch(/^OctoPerf gate: PASS \(exit 0\)/m);
    // CI logs: whole lines, no carriage returns or escape sequences.
    expect(gate.stderr()).toMatch(/^gate: 100% FINISHED \(run fakeRun\w+\)$/m);
    // eslint-disable-next-line no-control-regex -- the assertion is about escape sequences
    expect(gate.stderr()).not.toMatch(/[\r\x1b]/);

    const xml = readFileSync(join(dir, "out/junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const junit = parseJUnit(xml);
    expect(junit).toMatchObject({ tests: 2, failures: 0, errors: 0, suiteName: "OctoPerf load test gate: Checkout smoke 20 VUs" });
    expect(junit.properties).toMatchObject({ scenarioId: SEED.scenario.checkoutSmoke, runState: "FINISHED", verdict: "PASS" });
    expect(junit.cases.map((c) => c.name)).toEqual(["SLA: Response time (95th percentile) < 800 ms", "SLA: Error percentage < 1%"]);
    expect(junit.cases[0]!.systemOut).toMatch(/observed: \d+ ms\nunit: ms\nthreshold: < 800 ms/);

    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    expect(markdown).toMatch(/^## ✅ PASS: OctoPerf load test gate/);
    expect(markdown).toContain("| Check | Observed | Threshold | Verdict |");
    expect(markdown).toMatch(/\| SLA: Response time \(95th percentile\) \\< 800 ms \| \d+ ms \| \\< 800 ms \| ✅ PASS \|/);
    expect(markdown).toMatch(/\[Open the report in OctoPerf\]\(https:\/\/api\.octoperf\.com\/ui\/workspace\/\w+\/project\/\w+\/analysis\/report\/\w+\)/);
  });

  it("FAIL (1): an SLA criterion fails, reported as a <failure> with the observed value, unit and threshold", async () => {
    const gate = setup();
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_PERCENTILE_95<100", "--junit", "junit.xml")).toBe(1);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    expect(junit).toMatchObject({ tests: 1, failures: 1, errors: 0 });
    expect(junit.cases[0]!.failure).toMatchObject({ type: "SlaFailed", message: expect.stringMatching(/^\d+ ms is not < 100 ms$/) });
    expect(junit.cases[0]!.failure!.text).toMatch(/^RESPONSE_TIME_PERCENTILE_95\nobserved: \d+ ms\nunit: ms\nthreshold: < 100 ms/);
  });

  it("FAIL (1): a regression against --baseline beyond the tolerance, one test case per compared metric; a wide tolerance passes", async () => {
    const gate = setup();
    const args = [
      SEED.scenario.checkoutNightly,
      "--sla",
      "RESPONSE_TIME_PERCENTILE_95<5000",
      "--baseline",
      SEED.run.checkoutBaseline,
      "--junit",
      "junit.xml",
      "--markdown",
      "s.md",
    ];
    expect(await gate.run(...args)).toBe(1);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    const baseline = junit.cases.filter((c) => c.classname === "octoperf.baseline");
    expect(baseline.map((c) => c.name)).toContain("Baseline: Response time (95th percentile)");
    expect(baseline.length).toBe(6);
    const p95 = baseline.find((c) => c.name === "Baseline: Response time (95th percentile)")!;
    expect(p95.failure).toMatchObject({ type: "Regression", message: expect.stringMatching(/against [\d,]+ ms \(\+\d+(\.\d+)?%\): regressed beyond ±5%/) });
    expect(p95.failure!.text).toMatch(/threshold: ≤ [\d,]+ ms \(baseline [\d,]+ ms \+ 5%\)/);
    expect(junit.properties).toMatchObject({ baselineBenchResultId: SEED.run.checkoutBaseline, tolerancePercent: "5" });
    expect(readFileSync(join(dir, "s.md"), "utf8")).toMatch(/Compared with baseline \[run `checkoutRunBase00001`\]\(.+\), tolerance ±5%\./);

    expect(
      await setup().run(
        SEED.scenario.checkoutNightly,
        "--sla",
        "RESPONSE_TIME_PERCENTILE_95<5000",
        "--baseline",
        SEED.run.checkoutBaseline,
        "--tolerance",
        "80",
      ),
    ).toBe(0);
  });

  it("INCONCLUSIVE (3): the run ends in ERROR; the JUnit report says the run did not finish", async () => {
    const gate = setup();
    expect(await gate.run(SEED.scenario.searchNoCapacity, "--junit", "junit.xml", "--markdown", "s.md")).toBe(3);
    expect(gate.stdout()).toMatch(/^OctoPerf gate: INCONCLUSIVE \(exit 3\)/m);
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const junit = parseJUnit(xml);
    expect(junit.cases[0]).toMatchObject({ name: "Run finished", error: { type: "RunNotFinished", message: "The run ended ERROR, not FINISHED" } });
    expect(junit.errors).toBe(junit.tests);
    expect(readFileSync(join(dir, "s.md"), "utf8")).toMatch(/^## ⚠️ INCONCLUSIVE/);
  });

  it("INCONCLUSIVE (3): a metric without a value in a finished run, even beside passing criteria", async () => {
    const gate = setup();
    const getMetrics = gate.fake.getMetrics.bind(gate.fake);
    gate.fake.getMetrics = async (id, metricIds, options) =>
      (await getMetrics(id, metricIds, options)).map((m) => (m.metricId === "ERRORS_PERCENT" ? metricValue("ERRORS_PERCENT", null) : m));
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--junit", "junit.xml")).toBe(3);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    expect(junit.cases.find((c) => c.name.startsWith("SLA: Error percentage"))?.error).toMatchObject({
      type: "Inconclusive",
      message: "no value for Error percentage",
    });
    expect(gate.stdout()).toMatch(/note: No value for ERRORS_PERCENT/);
  });

  it("INCONCLUSIVE (3): a metric OctoPerf refuses, and a baseline of another scenario, each said in the gate's words", async () => {
    const gate = setup();
    const getMetrics = gate.fake.getMetrics.bind(gate.fake);
    const refusal = { cause: "refused", httpStatus: 400, serverMessage: "Metric ERRORS_PERCENT is not supported by SummaryReportItem" } as const;
    gate.fake.getMetrics = async (id, metricIds, options) =>
      (await getMetrics(id, metricIds, options)).map((m) => (m.metricId === "ERRORS_PERCENT" ? unavailableMetric("ERRORS_PERCENT", refusal) : m));
    const code = await gate.run(SEED.scenario.checkoutSmoke, "--baseline", SEED.run.authSpike, "--tolerance", "1000", "--junit", "junit.xml");
    expect(code).toBe(3);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    const refused = "no value for Error percentage: OctoPerf refused it (HTTP 400: Metric ERRORS_PERCENT is not supported by SummaryReportItem)";
    expect(junit.cases.find((c) => c.name.startsWith("SLA: Error percentage"))?.error).toMatchObject({ type: "Inconclusive", message: refused });
    const notes = gate.stdout().match(/^ {2}note: .*$/gm) ?? [];
    // Refused in both runs alike: one note. Both scenarios named.
    expect(notes.filter((n) => n.includes("OctoPerf refused it"))).toEqual([
      "  note: No value for ERRORS_PERCENT: OctoPerf refused it (HTTP 400: Metric ERRORS_PERCENT is not supported by SummaryReportItem).",
    ]);
    expect(notes).toContain(
      `  note: The baseline run is of scenario ${SEED.scenario.authLoginSpike}, this one of ${SEED.scenario.checkoutSmoke}: ` +
        "differences may come from the load, not the system.",
    );
  });

  it("ERROR (4): the wait budget is spent; the message names the run and says not to launch again", async () => {
    const gate = setup({ runDurationMs: 3_600_000 });
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--max-wait", "60", "--junit", "junit.xml", "--markdown", "s.md")).toBe(4);
    expect(gate.launches()).toBe(1);
    // The reports still name the run, so the CI page shows where to look.
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const junit = parseJUnit(xml);
    expect(junit).toMatchObject({ tests: 1, errors: 1, properties: { benchResultId: expect.stringMatching(/^fakeRun/), verdict: "ERROR" } });
    expect(junit.cases[0]).toMatchObject({
      name: "Run finished",
      error: { type: "RunNotFinished", message: expect.stringMatching(/^The run is still [A-Z]+: the gate stopped following it \(--max-wait\)$/) },
    });
    expect(readFileSync(join(dir, "s.md"), "utf8")).toMatch(/\) is still \*\*[A-Z]+\*\* after 1 min 0 s\./);
    // Exit 4 is an error, and its headline says so (INCONCLUSIVE is exit 3's).
    expect(readFileSync(join(dir, "s.md"), "utf8")).toMatch(/^## 🛑 ERROR: OctoPerf load test gate/);
    expect(gate.stdout()).toMatch(/^OctoPerf gate: ERROR \(exit 4\)$/m);
    expect(gate.stderr()).toMatch(
      /run "fakeRun\w+" is still [A-Z]+ after \d+(\.\d+)? s \(--max-wait 60\)\. It goes on in OctoPerf \(https:\S+\): do not launch it again/,
    );
  });

  it("ERROR (4): OctoPerf fails while following: names the run, never invites a relaunch, and still writes both reports", async () => {
    const gate = setup();
    gate.fake.getRunProgress = async () => {
      throw new UpstreamContractError("OctoPerf's answer to GET /x is not the documented shape: value is a string.", {
        what: "OctoPerf's answer to GET /x is not the documented shape",
      });
    };
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--junit", "junit.xml", "--markdown", "s.md")).toBe(4);
    expect(gate.launches()).toBe(1);
    expect(gate.stderr()).toMatch(
      /scenario "checkoutSmoke0000002" was launched as run "fakeRun\w+".*under way, but following it failed: OctoPerf's answer to GET \/x is not the documented shape\. Do not launch it again/,
    );
    expect(gate.stderr()).not.toMatch(/try again/i);
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const junit = parseJUnit(xml);
    expect(junit).toMatchObject({ tests: 1, errors: 1, properties: { verdict: "ERROR", benchResultId: expect.stringMatching(/^fakeRun/) } });
    expect(junit.cases[0]).toMatchObject({ name: "Gate completed", error: { type: "GateError", message: expect.stringMatching(/following it failed/) } });
    const markdown = readFileSync(join(dir, "s.md"), "utf8");
    expect(markdown).toMatch(/^## 🛑 ERROR: OctoPerf load test gate\n/);
    expect(markdown).toMatch(/run `fakeRun\w+`/);
    expect(markdown).toMatch(/Do not launch it again/);
  });

  it("rides out a blip at OctoPerf while following (four 503s in a row on the state read): PASS, one launch", async () => {
    const gate = setup();
    let failures = 0;
    const getRun = gate.fake.getRun.bind(gate.fake);
    gate.fake.getRun = async (...args) => {
      if (failures < 4 && gate.launches() > 0) {
        failures += 1;
        throw new UpstreamUnavailableError("OctoPerf answered HTTP 503 to GET /x: it is having trouble, try again later.");
      }
      return getRun(...args);
    };
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--max-wait", "60", "--junit", "junit.xml"), gate.stderr()).toBe(0);
    expect(failures).toBe(4);
    expect(gate.launches()).toBe(1);
    expect(parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8")).properties.verdict).toBe("PASS");
  });

  it("ERROR (4) with both reports when OctoPerf fails before the launch: nothing launched, said in the files too", async () => {
    const gate = setup();
    gate.fake.getScenario = async () => {
      throw new UpstreamUnavailableError("OctoPerf could not be reached at http://127.0.0.1:9 (ECONNREFUSED): check OCTOPERF_BASE_URL.");
    };
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--junit", "junit.xml", "--markdown", "s.md")).toBe(4);
    expect(gate.launches()).toBe(0);
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(parseJUnit(xml)).toMatchObject({ tests: 1, errors: 1, properties: { verdict: "ERROR" } });
    expect(parseJUnit(xml).properties.benchResultId).toBeUndefined();
    expect(readFileSync(join(dir, "s.md"), "utf8")).toMatch(/^## 🛑 ERROR[^]*no run to judge[^]*Nothing was launched\./);
  });

  it("ERROR (4): OctoPerf unreachable before the launch says nothing was launched", async () => {
    const gate = setup();
    gate.fake.getScenario = async () => {
      throw new UpstreamUnavailableError("OctoPerf could not be reached at http://127.0.0.1:9 (ECONNREFUSED): check OCTOPERF_BASE_URL.");
    };
    expect(await gate.run(SEED.scenario.checkoutSmoke)).toBe(4);
    expect(gate.launches()).toBe(0);
    expect(gate.stderr()).toMatch(/could not be reached.*Nothing was launched\.$/m);
  });

  it("ERROR (4): cancelled (Ctrl-C, a CI's cancel) while following: names the run, which goes on", async () => {
    const clock = new ManualClock(undefined, true);
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000, scenarioDurations: "match-run" });
    const controller = new AbortController();
    let stderr = "";
    const code = await runGate([SEED.scenario.checkoutSmoke], {
      env: { OCTOPERF_DEMO: "1" },
      cwd: dir,
      stdout: { write: () => true },
      // Cancels as soon as the gate says which run it follows.
      stderr: { write: (t: string) => ((stderr += t), t.includes("following run") && controller.abort()) },
      signal: controller.signal,
      overrides: { octoperf: fake, clock },
    });
    expect(code).toBe(4);
    expect(stderr).toMatch(/cancelled while following run "fakeRun\w+" \(https:\S+\), which goes on in OctoPerf: do not launch it again/);
  });

  it("appends the summary to GITHUB_STEP_SUMMARY when it is set, and draws a live bar on a terminal", async () => {
    const summary = join(dir, "step-summary.md");
    writeFileSync(summary, "# Earlier step\n");
    const gate = setup({ env: { GITHUB_STEP_SUMMARY: summary }, tty: true });
    expect(await gate.run(SEED.scenario.checkoutSmoke)).toBe(0);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# Earlier step\n## ✅ PASS: OctoPerf load test gate")).toBe(true);
    // eslint-disable-next-line no-control-regex -- the assertion is about escape sequences
    expect(gate.stderr()).toMatch(/\r\x1b\[2K\[#{24}\] 100% FINISHED/);
  });

  it("--markdown naming the GITHUB_STEP_SUMMARY file: the summary is appended once, after the earlier steps' summaries", async () => {
    const summary = join(dir, "step-summary-also-markdown.md");
    writeFileSync(summary, "# Earlier step\n");
    const gate = setup({ env: { GITHUB_STEP_SUMMARY: summary } });
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--markdown", "step-summary-also-markdown.md")).toBe(0);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# Earlier step\n## ✅ PASS: OctoPerf load test gate")).toBe(true);
    expect(text.split("OctoPerf load test gate")).toHaveLength(2);
  });
});

describe("octoperf-mcp gate: nothing is launched when an argument, the configuration or the baseline is wrong (exit 2)", () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["no scenario id", [], {}, /^octoperf-mcp gate: <scenarioId> is missing/],
    ["a bad scenario id", ["../etc"], {}, /<scenarioId> may only contain letters/],
    ["two scenario ids", ["a1", "b2"], {}, /unexpected argument "b2"/],
    ["an unknown option", [SEED.scenario.checkoutSmoke, "--slo", "x"], {}, /unknown option --slo/],
    ["a malformed --sla", [SEED.scenario.checkoutSmoke, "--sla", "p95 under 800"], {}, /--sla: "p95 under 800" is not METRIC_ID<threshold/],
    ["an unknown metric id", [SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_P95<800"], {}, /--sla: unknown metric id "RESPONSE_TIME_P95"/],
    [
      "a threshold with a unit",
      [SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_PERCENTILE_95<800ms"],
      {},
      /--sla: threshold of RESPONSE_TIME_PERCENTILE_95 must be a plain number/,
    ],
    ["an empty --sla criterion", [SEED.scenario.checkoutSmoke, "--sla", "ERRORS_PERCENT<1,"], {}, /--sla: empty criterion/],
    [
      "a bad --tolerance",
      [SEED.scenario.checkoutSmoke, "--baseline", SEED.run.checkoutBaseline, "--tolerance", "five"],
      {},
      /--tolerance must be a number, not "five"/,
    ],
    [
      "a negative --tolerance",
      [SEED.scenario.checkoutSmoke, "--baseline", SEED.run.checkoutBaseline, "--tolerance=-1"],
      {},
      /--tolerance must be a number, not "-1"/,
    ],
    ["--tolerance without --baseline", [SEED.scenario.checkoutSmoke, "--tolerance", "5"], {}, /--tolerance applies to the comparison with --baseline/],
    ["a --max-wait of 0", [SEED.scenario.checkoutSmoke, "--max-wait", "0"], {}, /--max-wait must be more than 0 and at most 3600 seconds/],
    ["a --max-wait too long", [SEED.scenario.checkoutSmoke, "--max-wait", "7200"], {}, /--max-wait must be more than 0 and at most 3600/],
    ["a repeated option", [SEED.scenario.checkoutSmoke, "--sla", "ERRORS_PERCENT<1", "--sla", "ERRORS_PERCENT<2"], {}, /--sla is given twice/],
    ["an option without its value", [SEED.scenario.checkoutSmoke, "--junit"], {}, /--junit needs a value/],
    ["--junit and --markdown on one file", [SEED.scenario.checkoutSmoke, "--junit", "r.txt", "--markdown", "r.txt"], {}, /name the same file/],
    [
      "a --chart that is neither .png nor .svg",
      [SEED.scenario.checkoutSmoke, "--chart", "trend.jpg"],
      {},
      /^octoperf-mcp gate: --chart: "trend\.jpg" must end in \.png or \.svg/,
    ],
    ["a --chart without an extension", [SEED.scenario.checkoutSmoke, "--chart", "trend"], {}, /--chart: "trend" must end in \.png or \.svg/],
    ["an empty --chart", [SEED.scenario.checkoutSmoke, "--chart="], {}, /--chart needs a file path/],
    [
      "--chart and --markdown on one file",
      [SEED.scenario.checkoutSmoke, "--markdown", "r.svg", "--chart", "./r.svg"],
      {},
      /--markdown and --chart name the same file/,
    ],
    [
      "--chart in a directory that does not exist",
      [SEED.scenario.checkoutSmoke, "--chart", "no/such/dir/trend.png"],
      {},
      /--chart: directory .*dir does not exist/,
    ],
    [
      "--chart on the GitHub step summary",
      [SEED.scenario.checkoutSmoke, "--chart", "step.svg"],
      { GITHUB_STEP_SUMMARY: "step.svg" },
      /--chart names the GITHUB_STEP_SUMMARY file/,
    ],
    ["a bad configuration", [SEED.scenario.checkoutSmoke], { OCTOPERF_TIMEOUT_MS: "soon" }, /OCTOPERF_TIMEOUT_MS must be a number/],
    ["read-only mode", [SEED.scenario.checkoutSmoke], { OCTOPERF_READ_ONLY: "1" }, /read-only/],
    [
      "a scenario outside the allowlist",
      [SEED.scenario.checkoutSmoke],
      { OCTOPERF_ALLOWED_SCENARIOS: SEED.scenario.checkoutNightly },
      /not in OCTOPERF_ALLOWED_SCENARIOS/,
    ],
    ["an unknown scenario", [UNKNOWN.scenario], {}, /<scenarioId>: no scenario "noSuchScenario000000"/],
    ["an unknown baseline", [SEED.scenario.checkoutSmoke, "--baseline", UNKNOWN.run], {}, /--baseline: no run \(bench result\) "noSuchRun00000000000"/],
    [
      "a baseline that did not finish",
      [SEED.scenario.checkoutNightly, "--baseline", SEED.run.checkoutStopped],
      {},
      /--baseline: run "checkoutRunAbrt00002" is ABORTED, not FINISHED/,
    ],
  ];
  it.each(cases)("%s", async (_, argv, env, message) => {
    const gate = setup({ env });
    expect(await gate.run(...argv)).toBe(2);
    expect(gate.stderr()).toMatch(message);
    expect(gate.stderr()).toMatch(/Nothing was launched\.\n$/);
    // One line, after the demo-mode notice when the check needed OctoPerf.
    expect(
      gate
        .stderr()
        .trim()
        .split("\n")
        .filter((line) => !line.includes("demo mode")),
    ).toHaveLength(1);
    expect(gate.launches()).toBe(0);
    expect(gate.stdout()).toBe("");
  });

  it("a --chart that names a directory", async () => {
    mkdirSync(join(dir, "charts.png"));
    const gate = setup();
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--chart", "charts.png")).toBe(2);
    expect(gate.stderr()).toMatch(/^octoperf-mcp gate: --chart: .*charts\.png is a directory, not a file\. Nothing was launched\.\n$/);
    expect(gate.launches()).toBe(0);
  });

  it("an output file in a directory it cannot write to", async () => {
    if (process.getuid?.() === 0) {
      // root writes everywhere: a read-only directory proves nothing, a path under a file does.
      writeFileSync(join(dir, "plain-file"), "");
      const gate = setup();
      expect(await gate.run(SEED.scenario.checkoutSmoke, "--markdown", "plain-file/summary.md")).toBe(2);
      expect(gate.stderr()).toMatch(/--markdown: directory .*plain-file does not exist/);
      expect(gate.launches()).toBe(0);
      return;
    }
    mkdirSync(join(dir, "locked"));
    chmodSync(join(dir, "locked"), 0o500);
    const gate = setup();
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--markdown", "locked/summary.md")).toBe(2);
    expect(gate.stderr()).toMatch(/--markdown: directory .*locked is not writable/);
    expect(gate.launches()).toBe(0);
  });
});

/** The real chart adapter, recording what it was asked to draw. */
class RecordingChart implements TrendChartPort {
  readonly drawn: { trend: TrendData; chart: RenderedChart }[] = [];
  private readonly real = new VegaTrendChart();
  async render(trend: TrendData, format: ChartFormat): Promise<RenderedChart> {
    const chart = await this.real.render(trend, format);
    this.drawn.push({ trend, chart });
    return chart;
  }
}

describe("octoperf-mcp gate --chart: the scenario's trend, drawn after the verdict", () => {
  const launchedRun = (stdout: string) => /run (fakeRun\w+)/.exec(stdout)![1]!;

  it("writes a PNG of the trend that includes the run just judged, and the Markdown shows it under the table by a relative path", async () => {
    mkdirSync(join(dir, "charts"));
    mkdirSync(join(dir, "reports"));
    const chart = new RecordingChart();
    const gate = setup({ trendChart: chart });
    expect(await gate.run(SEED.scenario.checkoutSmoke, "--chart", "charts/trend.png", "--markdown", "reports/summary.md")).toBe(0);
    expect(gate.launches()).toBe(1);
    const runId = launchedRun(gate.stdout());
    expect(chart.drawn).toHaveLength(1);
    const { trend, chart: rendered } = chart.drawn[0]!;
    expect(trend.scenario.id).toBe(SEED.scenario.checkoutSmoke);
    expect(trend.runs.at(-1)!.benchResultId).toBe(runId);

    const bytes = readFileSync(join(dir, "charts/trend.png"));
    expect(bytes.toString("latin1", 12, 16)).toBe("IHDR");
    expect(bytes.readUInt32BE(16)).toBe(rendered.widthPx);
    expect(rendered.widthPx).toBeGreaterThanOrEqual(900);
    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([rendered.widthPx, rendered.heightPx]);

    const markdown = readFileSync(join(dir, "reports/summary.md"), "utf8");
    const image = markdown.indexOf("![Trend of Checkout smoke 20 VUs](../charts/trend.png)");
    expect(image).toBeGreaterThan(markdown.indexOf("| SLA: Error percentage"));
    expect(image).toBeLessThan(markdown.indexOf("[Open the report in OctoPerf]"));
    expect(trend.runs.length).toBeGreaterThanOrEqual(1);
    const runs = `the last ${trend.runs.length} finished run${trend.runs.length === 1 ? "" : "s"} of the scenario, oldest to newest${trend.runs.length < 3 ? " (too few for a trend, which takes 3)" : ""}`;
    expect(markdown).toContain(`*Trend chart: ${runs}.*`);
    expect(gate.stdout()).toContain(`\nTrend chart: charts/trend.png (${runs})\n`);
    expect(gate.stderr()).not.toMatch(/warning/);
  });

  it("writes an SVG when the file ends in .svg; the GitHub step summary names the file instead of an image it could not show", async () => {
    const step = join(dir, "step.md");
    const chart = new RecordingChart();
    const gate = setup({ trendChart: chart, env: { GITHUB_STEP_SUMMARY: step } });
    expect(await gate.run(SEED.scenario.checkoutNightly, "--sla", "ERRORS_PERCENT<50", "--chart", "Trend (nightly).SVG", "--markdown", "summary.md")).toBe(0);
    const svg = readFileSync(join(dir, "Trend (nightly).SVG"), "utf8");
    expect(svg).toBe(chart.drawn[0]!.chart.data);
    expect(svg).toMatch(/^<svg[^>]* width="\d+"/);
    expect(svg).toContain("</svg>");
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("![Trend of Checkout nightly 500 VUs](Trend%20%28nightly%29.SVG)");
    const summary = readFileSync(step, "utf8");
    expect(summary).not.toContain("![");
    expect(summary).toMatch(
      /^Trend chart \(the last [3-9]\d* finished runs of the scenario, oldest to newest\): Trend \(nightly\)\.SVG, in the job's artifacts if the workflow uploads it\.$/m,
    );
  });

  it("a chart that cannot be drawn is a warning: the verdict, the exit code and the other reports stand", async () => {
    const failing: TrendChartPort = { render: async () => Promise.reject(new Error("resvg: out of memory")) };
    for (const [sla, exitCode] of [
      ["ERRORS_PERCENT<50", 0],
      ["RESPONSE_TIME_PERCENTILE_95<1", 1],
    ] as const) {
      const gate = setup({ trendChart: failing });
      expect(await gate.run(SEED.scenario.checkoutSmoke, "--sla", sla, "--chart", "trend.png", "--markdown", "summary.md", "--junit", "junit.xml")).toBe(
        exitCode,
      );
      expect(gate.stderr()).toMatch(/^octoperf-mcp gate: warning: the trend chart could not be drawn: resvg: out of memory\. The verdict stands\.$/m);
      expect(gate.stdout()).toMatch(new RegExp(`^OctoPerf gate: ${exitCode === 0 ? "PASS" : "FAIL"} \\(exit ${exitCode}\\)`, "m"));
      expect(gate.stdout()).not.toContain("Trend chart:");
      const markdown = readFileSync(join(dir, "summary.md"), "utf8");
      expect(markdown).toContain("The trend chart could not be drawn: resvg: out of memory.");
      expect(markdown).not.toContain("![");
      expect(parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8")).failures).toBe(exitCode);
      expect(() => readFileSync(join(dir, "trend.png"))).toThrow(/ENOENT/);
    }
  });

  it("OctoPerf failing while the trend is read is a warning too, and the trend of a run that did not finish leaves it out", async () => {
    const chart = new RecordingChart();
    const gate = setup({ trendChart: chart });
    expect(await gate.run(SEED.scenario.searchNoCapacity, "--chart", "trend.svg", "--markdown", "summary.md")).toBe(3);
    const runId = launchedRun(gate.stdout());
    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    // The demo's scenario has no finished run: still a chart (an empty one), and the words say so.
    expect(chart.drawn).toHaveLength(1);
    expect(chart.drawn[0]!.trend.runs).toEqual([]);
    expect(markdown).toContain(`![Trend of Search load (ap-south, no capacity)](trend.svg)`);
    expect(markdown).toContain(`*Trend chart: no finished run of the scenario yet, so it is empty; run ${runId} did not finish, so it is not among them.*`);
    expect(readFileSync(join(dir, "trend.svg"), "utf8")).toMatch(/^<svg/);

    const broken = setup();
    broken.fake.listReports = async () => Promise.reject(new UpstreamUnavailableError("OctoPerf is unreachable (ECONNREFUSED)."));
    expect(await broken.run(SEED.scenario.checkoutSmoke, "--sla", "ERRORS_PERCENT<50", "--chart", "trend2.png")).toBe(0);
    expect(broken.stderr()).toMatch(/warning: the trend chart could not be drawn: OctoPerf is unreachable/);
  });
});
