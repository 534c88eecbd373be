/**
 * `octoperf-mcp gate` through the BUILT bin (dist/bin/octoperf-mcp.js), as a CI job runs it:
 * in demo mode, and in HTTP mode against the loopback OctoPerf stub, whose record of requests
 * proves what was (not) launched. Exit codes, stdout/stderr and the files it writes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LAUNCH_ROUTE, launchCount, undocumentedRequests } from "../support/octoperf-routes.js";
import { reportLink } from "../support/demo-links.js";
import { junitSchemaErrors, parseJUnit } from "../support/junit-xml.js";
import { CANARY_API_KEY } from "../support/secret-scan.js";
import { SERVER_BIN } from "../support/spawn-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED, UNKNOWN } from "../support/seed-ids.js";

const KEY = CANARY_API_KEY;

/** Runs the bin to its end without blocking this process (the stub answers from here). */
function gate(args: string[], env: Record<string, string>, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BIN, "gate", ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gate-bin-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("octoperf-mcp gate, built bin, demo mode", () => {
  const demo = { OCTOPERF_DEMO_RUN_SECONDS: "1" };

  it("--help documents the options and every exit code", async () => {
    const { status, stdout } = await gate(["--help"], {}, dir);
    expect(status).toBe(0);
    for (const text of ["--sla", "--baseline", "--tolerance", "--max-wait", "--junit", "--markdown", "--chart", "--demo", "GITHUB_STEP_SUMMARY"])
      expect(stdout).toContain(text);
    for (const code of ["0  PASS", "1  FAIL", "2  usage error", "3  INCONCLUSIVE", "4  error"]) expect(stdout).toContain(code);
  });

  it("PASS (0) with a JUnit report and a Markdown summary, and the summary appended to GITHUB_STEP_SUMMARY", { timeout: 60_000 }, async () => {
    const { status, stdout, stderr } = await gate(
      [SEED.scenario.checkoutSmoke, "--demo", "--sla", "RESPONSE_TIME_PERCENTILE_95<800,ERRORS_PERCENT<1", "--junit", "junit.xml", "--markdown", "summary.md"],
      { ...demo, GITHUB_STEP_SUMMARY: join(dir, "step.md") },
      dir,
    );
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^OctoPerf gate: PASS \(exit 0\)$/m);
    expect(stderr).toMatch(/^gate: 100% FINISHED \(run fakeRun\w+\)$/m);
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(parseJUnit(xml)).toMatchObject({ tests: 2, failures: 0, errors: 0 });
    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    expect(markdown).toMatch(/\| SLA: Error percentage \\< 1% \| [\d.]+% \| \\< 1% \| ✅ PASS \|/);
    expect(readFileSync(join(dir, "step.md"), "utf8")).toBe(`${markdown}\n`);
  });

  it("FAIL (1) against a baseline; INCONCLUSIVE (3) when the run ends in ERROR", { timeout: 60_000 }, async () => {
    const [regressed, errored] = await Promise.all([
      gate([SEED.scenario.checkoutNightly, "--demo", "--baseline", SEED.run.checkoutBaseline, "--junit", "junit.xml", "--markdown", "regressed.md"], demo, dir),
      gate([SEED.scenario.searchNoCapacity, "--demo", "--markdown", "summary.md"], demo, dir),
    ]);
    expect(regressed.status, regressed.stderr).toBe(1);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    expect(junit.cases.filter((c) => c.classname === "octoperf.baseline" && c.failure?.type === "Regression").length).toBeGreaterThan(0);
    // The baseline (a run read by id, whose bench result does not name its report) links to its own report, not the scenario page.
    const baselineReport = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, SEED.report.checkoutBaseline);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toContain(`<property name="baselineUrl" value="${baselineReport}"/>`);
    expect(readFileSync(join(dir, "regressed.md"), "utf8")).toContain(`Compared with baseline [run \`${SEED.run.checkoutBaseline}\`](${baselineReport})`);
    expect(errored.status, errored.stderr).toBe(3);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(/^## ⚠️ INCONCLUSIVE/);
  });

  it("--chart writes a PNG of the trend that decodes, shown under the Markdown table; a bad --chart exits 2", { timeout: 60_000 }, async () => {
    const bad = await gate([SEED.scenario.checkoutNightly, "--demo", "--chart", "trend.gif"], demo, dir);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^octoperf-mcp gate: --chart: "trend\.gif" must end in \.png or \.svg.*Nothing was launched\.\n$/);

    const { status, stdout, stderr } = await gate(
      [SEED.scenario.checkoutNightly, "--demo", "--sla", "ERRORS_PERCENT<50", "--markdown", "summary.md", "--chart", "trend.png"],
      { ...demo, GITHUB_STEP_SUMMARY: join(dir, "step.md") },
      dir,
    );
    expect(status, stderr).toBe(0);
    expect(stderr).not.toMatch(/warning/);
    expect(stdout).toMatch(/^Trend chart: trend\.png \(the last \d+ finished runs of the scenario, oldest to newest\)$/m);
    const bytes = readFileSync(join(dir, "trend.png"));
    expect(bytes.toString("latin1", 12, 16)).toBe("IHDR");
    const png = PNG.sync.read(bytes);
    expect(png.width).toBe(bytes.readUInt32BE(16));
    expect(png.width).toBeGreaterThanOrEqual(900);
    expect(png.width).toBeLessThanOrEqual(1050);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(
      /\n!\[Trend of Checkout nightly 500 VUs\]\(trend\.png\)\n\*Trend chart: the last \d+ finished runs/,
    );
    expect(readFileSync(join(dir, "step.md"), "utf8")).toMatch(
      /^Trend chart \(the last \d+ finished runs.*\): trend\.png, in the job's artifacts if the workflow uploads it\.$/m,
    );
  });

  it("a bad --sla exits 2 with one line naming the argument", async () => {
    const { status, stdout, stderr } = await gate([SEED.scenario.checkoutSmoke, "--demo", "--sla", "RESPONSE_TIME_PERCENTIL_95<800"], demo, dir);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^octoperf-mcp gate: --sla: unknown metric id "RESPONSE_TIME_PERCENTIL_95": did you mean RESPONSE_TIME_PERCENTILE_95\?.*Nothing was launched\.\n$/,
    );
  });
});

describe("octoperf-mcp gate, built bin, against the loopback OctoPerf", () => {
  let stub: StubOctoPerf;
  beforeAll(async () => {
    stub = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 1_500, scenarioDurations: "match-run" } });
  });
  afterAll(async () => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
  });
  const env = () => ({ OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_TIMEOUT_MS: "5000", OCTOPERF_MAX_RETRIES: "0" });

  it("PASS (0): one launch, documented requests only, deep links to the stub's UI, the trend chart, no key anywhere", { timeout: 60_000 }, async () => {
    const { status, stdout, stderr } = await gate(
      [SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_PERCENTILE_95<800", "--junit", "junit.xml", "--markdown", "summary.md", "--chart", "trend.svg"],
      env(),
      dir,
    );
    expect(status, stderr).toBe(0);
    expect(stderr).not.toMatch(/warning/);
    const svg = readFileSync(join(dir, "trend.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).not.toContain(KEY);
    expect(launchCount(stub.requests)).toBe(1);
    expect(undocumentedRequests(stub.requests)).toEqual([]);
    const junit = parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8"));
    expect(junit.properties.reportUrl).toMatch(new RegExp(`^${stub.baseUrl}/ui/workspace/\\w+/project/\\w+/analysis/report/\\w+$`));
    const markdown = readFileSync(join(dir, "summary.md"), "utf8");
    expect(markdown).toContain(`[Open the report in OctoPerf](${junit.properties.reportUrl})`);
    for (const text of [stdout, stderr, markdown, readFileSync(join(dir, "junit.xml"), "utf8")]) expect(text).not.toContain(KEY);
  });

  const refused: [string, string[], RegExp][] = [
    ["a bad --sla", [SEED.scenario.checkoutSmoke, "--sla", "ERRORS_PERCENT<one"], /--sla: threshold of ERRORS_PERCENT must be a plain number/],
    ["an unknown metric id", [SEED.scenario.checkoutSmoke, "--sla", "P95<800"], /--sla: unknown metric id "P95"/],
    ["a bad number", [SEED.scenario.checkoutSmoke, "--max-wait", "1h"], /--max-wait must be a number, not "1h"/],
    ["an unwritable report path", [SEED.scenario.checkoutSmoke, "--junit", "no/such/dir/junit.xml"], /--junit: directory .*no\/such\/dir does not exist/],
    ["a --chart that is not .png or .svg", [SEED.scenario.checkoutSmoke, "--chart", "trend.pdf"], /--chart: "trend\.pdf" must end in \.png or \.svg/],
    ["an unwritable --chart path", [SEED.scenario.checkoutSmoke, "--chart", "no/such/dir/trend.png"], /--chart: directory .*no\/such\/dir does not exist/],
    ["an unknown baseline", [SEED.scenario.checkoutSmoke, "--baseline", UNKNOWN.run], /--baseline: no run \(bench result\) "noSuchRun00000000000"/],
    [
      "a device as --junit (/dev/full takes the open, fails the write)",
      [SEED.scenario.checkoutSmoke, "--junit", "/dev/full"],
      /--junit: \/dev\/full is not a regular file/,
    ],
    ["a device as --markdown", [SEED.scenario.checkoutSmoke, "--markdown", "/dev/null"], /--markdown: \/dev\/null is not a regular file/],
    [
      "an --sla that can never pass",
      [SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_PERCENTILE_95<-1"],
      /--sla: .*RESPONSE_TIME_PERCENTILE_95<-1 can never pass/,
    ],
    ["a percentage above 100", [SEED.scenario.checkoutSmoke, "--sla", "ERRORS_PERCENT>100"], /can never pass: ERRORS_PERCENT is a percentage/],
    ["an unknown scenario", [UNKNOWN.scenario], /<scenarioId>: no scenario "noSuchScenario000000"/],
  ];
  it.each(refused)("bad argument (%s) → exit 2, nothing launched: the stub saw no POST", async (_, args, message) => {
    const { status, stdout, stderr } = await gate(args, env(), dir);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Nothing was launched\.\n$/);
    expect(stub.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("a wrong API key → exit 2 before any launch", async () => {
    const { status, stderr } = await gate([SEED.scenario.checkoutSmoke], { ...env(), OCTOPERF_API_KEY: "wrong-key-0000000000" }, dir);
    expect(status).toBe(2);
    expect(stderr).toMatch(/OctoPerf rejected the API key/);
    expect(launchCount(stub.requests)).toBe(0);
  });

  it("four 503s in a row on the run-status read (a blip) are ridden out: PASS, one launch, both reports", { timeout: 60_000 }, async () => {
    // Its own stub: the scripted failures must not outlive this test.
    const failing = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 1_500, scenarioDurations: "match-run" } });
    try {
      failing.script(
        "GET",
        /^\/runtime\/bench-results\/[\w-]+$/,
        Array.from({ length: 4 }, () => ({ status: 503 })),
      );
      const { status, stdout, stderr } = await gate(
        [SEED.scenario.checkoutSmoke, "--max-wait", "60", "--junit", "junit.xml", "--markdown", "summary.md"],
        { ...env(), OCTOPERF_BASE_URL: failing.baseUrl },
        dir,
      );
      expect(status, stderr).toBe(0);
      expect(stdout).toMatch(/^OctoPerf gate: PASS \(exit 0\)$/m);
      expect(failing.pendingScripts()).toBe(0);
      expect(launchCount(failing.requests)).toBe(1);
      expect(parseJUnit(readFileSync(join(dir, "junit.xml"), "utf8")).properties.verdict).toBe("PASS");
      expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(/^## ✅ PASS/);
    } finally {
      await failing.close();
    }
  });

  it(
    "OctoPerf failing through the whole --max-wait after the launch → exit 4 at the budget, ERROR in both reports, one launch",
    { timeout: 60_000 },
    async () => {
      const failing = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 60_000, scenarioDurations: "match-run" } });
      try {
        failing.script(
          "GET",
          /^\/runtime\/bench-results\/[\w-]+$/,
          Array.from({ length: 1_000 }, () => ({ status: 503 })),
        );
        const startedAt = Date.now();
        const { status, stdout, stderr } = await gate(
          [SEED.scenario.checkoutSmoke, "--max-wait", "4", "--junit", "junit.xml", "--markdown", "summary.md"],
          { ...env(), OCTOPERF_BASE_URL: failing.baseUrl },
          dir,
        );
        expect(status, stderr).toBe(4);
        // Kept polling to the end of the budget (not given up at the first 503), and answered within budget + 2 s.
        expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3_000);
        expect(failing.requestsTo("GET", /^\/runtime\/bench-results\/[\w-]+$/).length).toBeGreaterThan(2);
        expect(stdout).toBe("");
        expect(launchCount(failing.requests)).toBe(1);
        expect(stderr).toMatch(
          /scenario "checkoutSmoke0000002" was launched as run "\w+", which is under way, but following it failed: .*503.* Do not launch it again/,
        );
        const xml = readFileSync(join(dir, "junit.xml"), "utf8");
        expect(await junitSchemaErrors(xml)).toEqual([]);
        expect(parseJUnit(xml)).toMatchObject({ errors: 1, properties: { verdict: "ERROR", benchResultId: expect.stringMatching(/^\w+$/) } });
        expect(readFileSync(join(dir, "summary.md"), "utf8")).toMatch(/^## 🛑 ERROR: OctoPerf load test gate/);
        for (const text of [stderr, xml, readFileSync(join(dir, "summary.md"), "utf8")]) expect(text).not.toContain(KEY);
      } finally {
        await failing.close();
      }
    },
  );

  it("a launch whose answer is lost is reconciled, not resent: PASS with one launch", { timeout: 60_000 }, async () => {
    const lossy = await startStubOctoPerf({ apiKey: KEY, fake: { runDurationMs: 1_500, scenarioDurations: "match-run" } });
    try {
      // The run starts, then the connection drops before the answer.
      lossy.script("POST", LAUNCH_ROUTE, [{ reset: true, handled: true }]);
      const { status, stdout, stderr } = await gate(
        [SEED.scenario.checkoutSmoke, "--sla", "RESPONSE_TIME_PERCENTILE_95<800"],
        { ...env(), OCTOPERF_BASE_URL: lossy.baseUrl },
        dir,
      );
      expect(status, stderr).toBe(0);
      expect(stdout).toMatch(/^OctoPerf gate: PASS/m);
      expect(lossy.pendingScripts()).toBe(0);
      expect(launchCount(lossy.requests)).toBe(1);
    } finally {
      await lossy.close();
    }
  });

  it("OctoPerf unreachable → exit 4, nothing launched", async () => {
    const { status, stderr } = await gate([SEED.scenario.checkoutSmoke], { ...env(), OCTOPERF_BASE_URL: "http://127.0.0.1:9" }, dir);
    expect(status).toBe(4);
    expect(stderr).toMatch(/Nothing was launched\.\n$/);
  });
});
