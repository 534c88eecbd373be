import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../support/seed-ids.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });

/**
 * What a user of the published package gets: `npm pack`, install the tarball into an empty
 * project (dependencies come from npm's cache that npm ci filled; only their metadata may be fetched from the registry), then use it.
 */
describe("the package, installed from its tarball", () => {
  let dir: string;
  let app: string;
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "octoperf-mcp-pack-"));
    // npm test has just built dist/; packing again would only rebuild it.
    const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(dir, packed[0]!.filename)], app);
  }, 120_000);

  // A whole node_modules tree: on a loaded machine this takes longer than the default 10 s.
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

  it("ships the build, the README, the LICENSE and server.json, not the sources, tests or source maps", () => {
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/app/main.js");
    expect(files).toContain("dist/bin/octoperf-mcp.js");
    expect(files).toContain("README.md");
    expect(files).toContain("LICENSE");
    expect(files).toContain("server.json");
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || f.endsWith(".map"))).toEqual([]);
  });

  it("ships the two fonts the chart draws with, with their licence, instead of the whole font family", () => {
    expect(files.filter((f) => f.startsWith("fonts/")).sort()).toEqual([
      "fonts/DejaVuSans-Bold.ttf",
      "fonts/DejaVuSans.ttf",
      "fonts/LICENSE",
      "fonts/README.md",
    ]);
    expect(existsSync(join(app, "node_modules/dejavu-fonts-ttf"))).toBe(false);
  });

  it("type-checks a strict consumer that checks every shipped .d.ts (skipLibCheck: false)", () => {
    // The public-API type test, compiled as a consumer would: against the packed types, with the
    // strictest settings, no @types/node, and the library's own declarations checked too.
    copyFileSync(join(ROOT, "test/package/public-api.types.ts"), join(app, "consumer.ts"));
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          noEmit: true,
        },
        files: ["consumer.ts"],
      }),
    );
    const result = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: app, encoding: "utf8", timeout: 120_000 });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 150_000);

  it("imports from the package root and runs the demo workflow in ten lines", () => {
    writeFileSync(
      join(app, "workflow.mjs"),
      `import { createDemoOctoPerf, NotFoundError } from "octoperf-mcp";
const octoperf = createDemoOctoPerf({ demoRunSeconds: 1 });
const run = await octoperf.launchScenario({ scenarioId: "${SEED.scenario.checkoutSmoke}" });
let wait;
do wait = await octoperf.waitForRun({ benchResultId: run.benchResultId, pollIntervalSeconds: 1 });
while (!wait.terminal);
const sla = await octoperf.evaluateSla({ benchResultId: run.benchResultId });
const missing = await octoperf.getRunStatus({ benchResultId: "nope" }).catch((e) => e instanceof NotFoundError);
console.log(JSON.stringify({ state: wait.run.state, verdict: sla.verdict, missing }));
`,
    );
    const out = execFileSync(process.execPath, ["workflow.mjs"], { cwd: app, encoding: "utf8", timeout: 30_000 });
    expect(JSON.parse(out)).toEqual({ state: "FINISHED", verdict: "PASS", missing: true });
  });

  it("is ESM only, and a CommonJS program loads it with the one line the README shows: await import()", () => {
    writeFileSync(
      join(app, "consumer.cjs"),
      `(async () => {
  const { createDemoOctoPerf } = await import("octoperf-mcp");
  const workspaces = await createDemoOctoPerf().listWorkspaces();
  let required;
  try { require("octoperf-mcp"); required = "loaded"; } catch (error) { required = error.code; }
  console.log(JSON.stringify({ workspaces: workspaces.length, required }));
})();
`,
    );
    const out = execFileSync(process.execPath, ["consumer.cjs"], { cwd: app, encoding: "utf8", timeout: 30_000 });
    expect(JSON.parse(out)).toEqual({ workspaces: 2, required: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
  });

  it("draws a trend chart from the installed package: the chart libraries are real dependencies, the fonts are found in the package", () => {
    writeFileSync(
      join(app, "trend.mjs"),
      `import { createDemoOctoPerf, renderTrendChart } from "octoperf-mcp";
const trend = await createDemoOctoPerf().getScenarioTrend({ scenarioId: "${SEED.scenario.searchRelevance}", chart: "png" });
const svg = await renderTrendChart(trend, { format: "svg" });
const png = Buffer.from(trend.chart.data);
console.log(JSON.stringify({ verdict: trend.verdict, signature: png.subarray(1, 4).toString(), width: png.readUInt32BE(16), svg: svg.data.startsWith("<svg"), png: png.toString("base64") }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ["trend.mjs"], { cwd: app, encoding: "utf8", timeout: 60_000 })) as { width: number; png: string };
    expect(out).toMatchObject({ verdict: "worsening", signature: "PNG", svg: true });
    expect(out.width).toBeGreaterThan(900);
    // The title is dark text in the top-left band: resvg draws no text when it finds no font.
    const png = PNG.sync.read(Buffer.from(out.png, "base64"));
    let dark = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 420; x++) if ([0, 1, 2].every((c) => png.data[(y * png.width + x) * 4 + c]! < 90)) dark += 1;
    expect(dark).toBeGreaterThan(300);
  });

  it("answers octoperf_trend with its PNG from the installed bin (the bundle finds the chart libraries in node_modules)", async () => {
    const client = new Client({ name: "tarball-trend", version: "0" });
    await client.connect(
      new StdioClientTransport({ command: "npx", args: ["--offline", "octoperf-mcp", "--demo"], cwd: app, env: getDefaultEnvironment(), stderr: "ignore" }),
      { timeout: 30_000 },
    );
    try {
      const result = (await client.callTool({ name: "octoperf_trend", arguments: { scenarioId: SEED.scenario.searchRelevance } })) as {
        isError?: boolean;
        content: { type: string; mimeType?: string }[];
      };
      expect(result.isError, JSON.stringify(result.content).slice(0, 300)).toBeFalsy();
      expect(result.content.map((c) => c.mimeType ?? c.type)).toEqual(["text", "image/png"]);
    } finally {
      await client.close();
    }
  });

  it("starts with npx octoperf-mcp --demo and lists its tools over MCP", async () => {
    const client = new Client({ name: "tarball", version: "0" });
    await client.connect(
      new StdioClientTransport({
        command: "npx",
        args: ["--offline", "octoperf-mcp", "--demo"],
        cwd: app,
        env: getDefaultEnvironment(),
        stderr: "ignore",
      }),
      { timeout: 30_000 },
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["octoperf_run_test", "octoperf_run_and_analyze"]));
    } finally {
      await client.close();
    }
  });
});
