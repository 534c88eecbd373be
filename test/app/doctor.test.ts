import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../src/adapters/http/http-octoperf-adapter.js";
import { ListTestRuns } from "../../src/domain/use-cases/list-test-runs.js";
import { ListScenarios } from "../../src/domain/use-cases/list-scenarios.js";
import { FIXTURES_DIR, startFixtureOctoPerf, type FixtureOctoPerf } from "../support/fixture-octoperf-server.js";
import { SERVER_BIN } from "../support/spawn-server.js";

/** `octoperf-mcp doctor`, run as users run it (the built bin), against loopback OctoPerfs served from fixtures. */
const KEY = "5ecret00-k3y0-4d1e-9a8e-doctorcanary";
const P1 = "OWA7I2wB6ANMBjnljPXv";

let server: FixtureOctoPerf | undefined;
const tempDirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface DoctorRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function doctor(args: string[], env: Record<string, string>): Promise<DoctorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BIN, "doctor", ...args], {
      env: { PATH: process.env["PATH"] ?? "", HOME: tmpdir(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function doctorOn(set: string, args: string[] = [], key = KEY, dir = `${FIXTURES_DIR}${set}`): Promise<DoctorRun> {
  server = await startFixtureOctoPerf({ dir, apiKey: KEY });
  return doctor(args, { OCTOPERF_API_KEY: key, OCTOPERF_BASE_URL: server.baseUrl });
}

const lineOf = (out: string, title: string) => out.split("\n").find((l) => l.includes(title)) ?? "";

describe("octoperf-mcp doctor", () => {
  it("on a healthy OctoPerf: every check ✓ with status and latency, version, Node and base URL, never the key; exit 0", async () => {
    const run = await doctorOn("healthy");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^octoperf-mcp doctor \d+\.\d+\.\d+ · Node v\d+\.\d+\.\d+ · http:\/\/127\.0\.0\.1:\d+\n/);
    expect(lineOf(out, "API key accepted")).toMatch(/^✓ .*\[HTTP 200, \d+ ms\]$/);
    expect(lineOf(out, "Workspaces")).toMatch(/^✓ Workspaces: 2 \(first: "Default"\) \[HTTP 200, \d+ ms\]$/);
    expect(lineOf(out, "Projects of the first workspace")).toContain('2 in "Default"');
    expect(lineOf(out, "Scenarios of the first project")).toContain('4 in "Checkout API"');
    expect(lineOf(out, "Newest run")).toMatch(/^✓ .*rcFdvIYBUDjbSvwJ1EC_: FINISHED \(finished, 100%\)/);
    expect(lineOf(out, "Its report")).toContain('WKuEtoYBUDjbSvwJho_T "Checkout 500 VUs" (run');
    expect(lineOf(out, "Its key summary metrics")).toMatch(/^✓ .*11 of 11 read/);
    expect(lineOf(out, "Report listing")).toMatch(/^✓ .*offered/);
    expect(out).toContain("Everything the tools need works.");
    expect(out + run.stderr).not.toContain(KEY);
  });

  it("never launches, stops or changes anything: the only POST it sends is the summary read", async () => {
    await doctorOn("healthy");
    const methods = new Set(server!.requests.map((r) => `${r.method} ${r.method === "POST" ? r.path : ""}`.trim()));
    expect([...methods].sort()).toEqual(["GET", "POST /analysis/metrics/summary"]);
    expect(server!.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it("with a wrong key: ✗ with HTTP 401 and a hint, the rest skipped, exit 1", async () => {
    const run = await doctorOn("healthy", [], "wrong-key-0000-0000-0000-000000000000");
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, "API key accepted")).toMatch(/^✗ .*\[HTTP 401, \d+ ms\]$/);
    expect(run.stdout).toContain("→ OctoPerf rejected the API key: copy it again from Account > Profile > API Key");
    expect(lineOf(run.stdout, "Workspaces")).toMatch(/^– Workspaces: needs an accepted key/);
    expect(run.stdout).not.toContain("wrong-key-0000");
  });

  it("without the report listing: the newest run and the listing ✗ (HTTP 404), the rest ✓, exit 1", async () => {
    const run = await doctorOn("no-report-listing");
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, "Scenarios of the first project")).toMatch(/^✓/);
    expect(lineOf(run.stdout, "Newest run")).toMatch(/^✗ .*not offered.*\[HTTP 404, \d+ ms\]$/);
    expect(lineOf(run.stdout, "Report listing")).toMatch(/^✗ .*answered HTTP 404 \[HTTP 404\]$/);
    expect(run.stdout).toContain("run history and finding the run of a lost launch do not work; everything else does");
  });

  it("with a refused metric: reports it, keeps the other values, exit 1", async () => {
    const run = await doctorOn("refused-metric");
    expect(run.code).toBe(1);
    const line = lineOf(run.stdout, "Its key summary metrics");
    expect(line).toMatch(/^✗ .*10 of 11 read; refused: RESPONSE_TIME_MEDIAN \(HTTP 400: Metric RESPONSE_TIME_MEDIAN is not supported by SummaryReportItem\)/);
    expect(run.stdout).toContain("judge criteria on them INCONCLUSIVE");
  });

  it("--json prints the same facts as JSON on stdout", async () => {
    const run = await doctorOn("refused-metric", ["--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      baseUrl: string;
      node: string;
      checks: { id: string; outcome: string; status: number | null; latencyMs: number; hint: string | null }[];
    };
    expect(report.ok).toBe(false);
    expect(report.baseUrl).toBe(server!.baseUrl);
    expect(report.node).toBe(process.version);
    expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
      ["key", "pass"],
      ["workspaces", "pass"],
      ["projects", "pass"],
      ["scenarios", "pass"],
      ["newest-run", "pass"],
      ["report", "pass"],
      ["metrics", "fail"],
      ["report-listing", "pass"],
    ]);
    expect(report.checks.find((c) => c.id === "metrics")).toMatchObject({ status: 200, hint: expect.stringContaining("unavailable") });
  });

  it("never prints the key, in its text or in --json, when OctoPerf echoes it back (in a workspace name)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "doctor-echo-"));
    tempDirs.push(dir);
    cpSync(`${FIXTURES_DIR}healthy`, dir, { recursive: true });
    const workspaces = join(dir, "GET", "workspaces", "member-of.json");
    const answer = JSON.parse(readFileSync(workspaces, "utf8")) as { body: { name: string }[] };
    answer.body[0]!.name = `Team of ${KEY} (${Buffer.from(KEY).toString("hex").toUpperCase()})`;
    writeFileSync(workspaces, JSON.stringify(answer));
    for (const args of [[], ["--json"]]) {
      const run = await doctorOn("", args, KEY, dir);
      await server?.close();
      server = undefined;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("[REDACTED]");
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(KEY);
        expect(text.toLowerCase()).not.toContain(Buffer.from(KEY).toString("hex"));
      }
    }
  });

  it("never prints the key in a usage error, even when an argument is the key itself", async () => {
    const run = await doctor([KEY], { OCTOPERF_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown argument "\[REDACTED\]"/);
    expect(run.stderr).not.toContain(KEY);
  });

  it("exits 2 on bad usage and without a key", async () => {
    expect((await doctor(["--bogus"], { OCTOPERF_API_KEY: KEY })).code).toBe(2);
    expect((await doctor(["--record"], { OCTOPERF_API_KEY: KEY })).code).toBe(2);
    const used = mkdtempSync(join(tmpdir(), "doctor-used-"));
    tempDirs.push(used);
    writeFileSync(join(used, "old.json"), "{}");
    const notEmpty = await doctor(["--record", used], { OCTOPERF_API_KEY: KEY });
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toContain("is not empty");
    const noKey = await doctor([], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("OCTOPERF_API_KEY is required");
  });

  it("--record DIR saves every raw answer, redacted, in the fixture layout: it drops into the fixtures and serves the same answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "doctor-record-"));
    tempDirs.push(dir);
    const run = await doctorOn("recordable", ["--record", dir]);
    expect(run.code).toBe(1); // the fixture refuses one metric, so the narrowing is recorded too
    expect(run.stdout).toMatch(/Recorded \d+ file\(s\) of raw answers/);
    const files = listFiles(dir);
    expect(files).toContain("fixture.json");
    expect(files).toContain("GET/workspaces/member-of.json");
    expect(files).toContain(`GET/analysis/bench-reports/by-project/${P1}.json`);
    expect(files).toContain("POST/analysis/metrics/summary.json");
    const everything = files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
    expect(everything).not.toContain(KEY);
    expect(everything).not.toMatch(/jane\.doe@example\.com|"Jane"|"Doe"|jdoe/);
    expect(everything).toContain("Authorization: Bearer [REDACTED]");
    expect(everything).toContain("[REDACTED]");
    expect(everything).toContain("Gdz5nIYBhM3oiEdLW1y6"); // ids are kept
    await server!.close();
    server = undefined;

    // The recording, served as a fixture set, answers the HTTP adapter and the use cases as the original did.
    const replay = await startFixtureOctoPerf({ dir, apiKey: KEY });
    try {
      const adapter = new HttpOctoPerfAdapter({ baseUrl: replay.baseUrl, apiKey: KEY, timeoutMs: 2000, maxRetries: 0 });
      const scenarios = await new ListScenarios(adapter).execute({ projectId: P1 });
      expect(scenarios.map((s) => s.summary.totalVus)).toEqual([500, null, null, 40]);
      const history = await new ListTestRuns(adapter).execute({ projectId: P1 });
      expect(history[0]!.run).toMatchObject({ id: "rcFdvIYBUDjbSvwJ1EC_", benchReportId: "WKuEtoYBUDjbSvwJho_T" });
      const metrics = await adapter.getMetrics("rcFdvIYBUDjbSvwJ1EC_", ["RESPONSE_TIME_PERCENTILE_95", "RESPONSE_TIME_MEDIAN"]);
      expect(metrics.map((m) => [m.metricId, m.value, m.unavailable?.cause ?? null])).toEqual([
        ["RESPONSE_TIME_PERCENTILE_95", 612, null],
        ["RESPONSE_TIME_MEDIAN", null, "refused"],
      ]);
    } finally {
      await replay.close();
    }
    // And doctor on the recording finds what it found on the original.
    const again = await doctorOn("", [], KEY, dir);
    expect(
      again.stdout
        .split("\n")
        .slice(2)
        .map((l) => l.replace(/ \[.*\]$/, "")),
    ).toEqual(
      run.stdout
        .split("\n")
        .slice(2)
        .map((l) => l.replace(/ \[.*\]$/, ""))
        .filter((l) => !l.startsWith("Recorded")),
    );
  });
});

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path)];
  });
}
