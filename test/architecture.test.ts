import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The dependency rule lives in .dependency-cruiser.cjs and runs in `npm run lint` (inside
 * `npm test`). This file proves that each named rule fires: it builds a small hexagon in a
 * temporary folder, adds one violating file per case, and runs the project's depcruise CLI with
 * the project's own config against it. A rule that silently matched nothing would pass lint
 * forever; here it fails.
 */
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Legitimate code: every layer used the way the README says. None of it may be reported. */
const CLEAN: Record<string, string> = {
  "src/domain/model/ids.ts": `export type RunId = string & { readonly brand: "RunId" };\n`,
  "src/domain/errors.ts": `import type { RunId } from "./model/ids.js";\nexport class RunNotFound extends Error { constructor(readonly run: RunId) { super(run); } }\n`,
  "src/ports/octoperf-port.ts": `import type { RunId } from "../domain/model/ids.js";\nexport interface OctoPerfPort { stop(run: RunId): Promise<void>; }\nexport const OCTOPERF = Symbol("OctoPerfPort");\n`,
  "src/domain/use-cases/stop-run.ts": `import * as z from "zod";\nimport type { OctoPerfPort } from "../../ports/octoperf-port.js";\nimport type { RunId } from "../model/ids.js";\nimport { RunNotFound } from "../errors.js";\nexport const StopInput = z.object({ run: z.string() });\nexport class StopRun { constructor(private readonly port: OctoPerfPort) {} execute(run: RunId) { if (!run) throw new RunNotFound(run); return this.port.stop(run); } }\n`,
  "src/adapters/chart/chart.ts": `import type { Spec } from "vega";\nexport async function chart(spec: Spec) { const vega = await import("vega"); const { Resvg } = await import("@resvg/resvg-js"); return [vega, Resvg, spec]; }\n`,
  "src/adapters/mask-text.ts": `export const maskText = (text: string) => text.replace(/key/g, "***");\n`,
  "src/adapters/system-clock.ts": `export class SystemClock { now() { return new Date(); } }\n`,
  "src/adapters/http/http-adapter.ts": `import type { OctoPerfPort } from "../../ports/octoperf-port.js";\nimport { maskText } from "../mask-text.js";\nexport class HttpAdapter implements OctoPerfPort { async stop() { maskText(""); } }\n`,
  "src/ports/ui-links-port.ts": `import type { RunId } from "../domain/model/ids.js";\nexport interface UiLinksPort { run(run: RunId): Promise<string | null>; }\n`,
  "src/adapters/error-links.ts": `export const errorLinks = new WeakMap<Error, string>();\n`,
  "src/adapters/linked-use-cases.ts": `import type { StopRun } from "../domain/use-cases/stop-run.js";\nimport type { UiLinksPort } from "../ports/ui-links-port.js";\nimport { errorLinks } from "./error-links.js";\nexport type Linked = { stopRun: StopRun };\nexport const link = (stopRun: StopRun, links: UiLinksPort): Linked => (errorLinks.has(new Error()) ? { stopRun } : { stopRun: links && stopRun });\n`,
  "src/adapters/mcp/tools/stop-tool.ts": `import type { Linked } from "../../linked-use-cases.js";\nimport { errorLinks } from "../../error-links.js";\nimport { maskText } from "../../mask-text.js";\nexport const stopTool = (useCases: Linked) => maskText(String(useCases.stopRun) + String(errorLinks));\n`,
  "src/adapters/mcp/server.ts": `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";\nexport const serve = (t: Transport) => new McpServer({ name: "s", version: "0" }).connect(t);\n`,
  "src/app/container.ts": `import "reflect-metadata";\nimport { container } from "tsyringe";\nimport { createRequire } from "node:module";\nimport { SystemClock } from "../adapters/system-clock.js";\nimport { StopRun } from "../domain/use-cases/stop-run.js";\nimport { stopTool } from "../adapters/mcp/tools/stop-tool.js";\nimport { link } from "../adapters/linked-use-cases.js";\nimport { OCTOPERF } from "../ports/octoperf-port.js";\nexport const pkg = createRequire(import.meta.url)("../../package.json") as unknown;\nexport async function build() { const { HttpAdapter } = await import("../adapters/http/http-adapter.js"); container.register(OCTOPERF, { useValue: new HttpAdapter() }); const { chart } = await import("../adapters/chart/chart.js"); return stopTool(link(new StopRun(new HttpAdapter()), { run: async () => null })) + String(new SystemClock()) + String(chart); }\n`,
};

/** One violating file per case: [rule expected, file, its source, the module it must be reported against]. */
const CASES: ReadonlyArray<readonly [rule: string, file: string, source: string, to: string]> = [
  [
    "sdk-only-through-documented-entry-points",
    "src/adapters/mcp/sdk-internals.ts",
    `import { objectFromShape } from "@modelcontextprotocol/sdk/server/zod-compat.js";\nexport const o = objectFromShape;\n`,
    "@modelcontextprotocol/sdk/dist/esm/server/zod-compat",
  ],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/static-import.ts",
    `import { HttpAdapter } from "../../adapters/http/http-adapter.js";\nexport const a = HttpAdapter;\n`,
    "src/adapters/http/http-adapter.ts",
  ],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/dynamic-import.ts",
    `export const load = async () => (await import("../../adapters/http/http-adapter.js")).HttpAdapter;\n`,
    "src/adapters/http/http-adapter.ts",
  ],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/after-block-comment.ts",
    `/* a block comment the old regex stumbled on */ import { SystemClock } from "../../adapters/system-clock.js";\nexport const c = SystemClock;\n`,
    "src/adapters/system-clock.ts",
  ],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/type-only-import.ts",
    `import type { SystemClock } from "../../adapters/system-clock.js";\nexport type C = SystemClock;\n`,
    "src/adapters/system-clock.ts",
  ],
  ["domain-imports-only-domain-and-ports", "src/domain/model/reaches-app.ts", `export { build } from "../../app/container.js";\n`, "src/app/container.ts"],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/uses-axios.ts",
    `import axios from "axios";\nexport const get = axios.get;\n`,
    "node_modules/axios",
  ],
  [
    "domain-imports-only-domain-and-ports",
    "src/domain/use-cases/uses-node.ts",
    `import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`,
    "fs",
  ],
  [
    "domain-makes-no-links",
    "src/domain/use-cases/links-a-run.ts",
    `import type { UiLinksPort } from "../../ports/ui-links-port.js";\nexport const url = (links: UiLinksPort) => links.run("r" as never);\n`,
    "src/ports/ui-links-port.ts",
  ],
  [
    "domain-model-stands-alone",
    "src/domain/model/knows-use-case.ts",
    `import type { StopRun } from "../use-cases/stop-run.js";\nexport type S = StopRun;\n`,
    "src/domain/use-cases/stop-run.ts",
  ],
  [
    "ports-import-only-the-domain-model",
    "src/ports/knows-use-case.ts",
    `import type { StopRun } from "../domain/use-cases/stop-run.js";\nexport interface P { s: StopRun; }\n`,
    "src/domain/use-cases/stop-run.ts",
  ],
  ["adapters-never-import-app", "src/adapters/http/reaches-app.ts", `export const load = () => import("../../app/container.js");\n`, "src/app/container.ts"],
  [
    "mcp-adapter-calls-use-cases-not-port-adapters",
    "src/adapters/mcp/tools/uses-clock.ts",
    `import { SystemClock } from "../../system-clock.js";\nexport const clock = new SystemClock();\n`,
    "src/adapters/system-clock.ts",
  ],
  [
    "mcp-adapter-calls-use-cases-not-port-adapters",
    "src/adapters/mcp/tools/uses-http.ts",
    `import { HttpAdapter } from "../../http/http-adapter.js";\nexport const port = new HttpAdapter();\n`,
    "src/adapters/http/http-adapter.ts",
  ],
  [
    "adapters-stay-in-their-own-folder",
    "src/adapters/fake/uses-http.ts",
    `import type { HttpAdapter } from "../http/http-adapter.js";\nexport type H = HttpAdapter;\n`,
    "src/adapters/http/http-adapter.ts",
  ],
  [
    "only-app-uses-tsyringe",
    "src/adapters/http/injectable.ts",
    `import { injectable } from "tsyringe";\nexport const decorate = injectable;\n`,
    "node_modules/tsyringe",
  ],
  [
    "chart-libraries-only-in-adapters-chart",
    "src/adapters/mcp/tools/draws.ts",
    `export const draw = async () => (await import("vega")).parse;\n`,
    "node_modules/vega",
  ],
  [
    "chart-libraries-load-lazily",
    "src/adapters/chart/eager.ts",
    `import { Resvg } from "@resvg/resvg-js";\nexport const render = (svg: string) => new Resvg(svg).render();\n`,
    "node_modules/@resvg/resvg-js",
  ],
  [
    "create-require-only-in-app",
    "src/adapters/http/required.ts",
    `import { createRequire } from "node:module";\nconst load = createRequire(import.meta.url);\nexport const app = load("../../app/container.js") as unknown;\n`,
    "module",
  ],
  ["no-circular", "src/adapters/http/cycle-a.ts", `import { b } from "./cycle-b.js";\nexport const a = () => b;\n`, "src/adapters/http/cycle-b.ts"],
  ["no-orphans", "src/adapters/http/orphan.ts", `export const nobodyUsesMe = 1;\n`, "src/adapters/http/orphan.ts"],
];

const EXTRA: Record<string, string> = {
  "src/adapters/http/cycle-b.ts": `import { a } from "./cycle-a.js";\nexport const b = () => a;\n`,
};

interface Cruise {
  /** Exit status and text of the CLI as `npm run lint` runs it (the "err" reporter). */
  readonly status: number | null;
  readonly text: string;
  /** The same cruise as JSON, to tie each violation to its file. */
  readonly violations: Violation[];
}

function cruise(dir: string): Cruise {
  const depcruise = (...args: string[]) =>
    spawnSync(process.execPath, [DEPCRUISE, "src", "--config", ".dependency-cruiser.cjs", ...args], { cwd: dir, encoding: "utf8" });
  const lint = depcruise();
  const json = depcruise("--output-type", "json");
  const report = JSON.parse(json.stdout) as { summary: { violations: Violation[] } };
  return { status: lint.status, text: lint.stdout + lint.stderr, violations: report.summary.violations };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "octoperf-depcruise-"));
  copyFileSync(join(ROOT, ".dependency-cruiser.cjs"), join(dir, ".dependency-cruiser.cjs"));
  copyFileSync(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), source);
  }
  return dir;
}

describe("dependency-cruiser rules", () => {
  const dirs: string[] = [];
  let clean: Cruise;
  let dirty: Cruise;

  beforeAll(() => {
    dirs.push(tree(CLEAN));
    clean = cruise(dirs[0]!);
    // Every violation in one tree: one cruise (two seconds) instead of one per case.
    dirs.push(tree({ ...CLEAN, ...EXTRA, ...Object.fromEntries(CASES.map(([, file, source]) => [file, source])) }));
    dirty = cruise(dirs[1]!);
  }, 60_000);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("passes a hexagon that follows the rules (static, type-only and dynamic imports, createRequire in app/)", () => {
    expect(clean.violations, clean.text).toEqual([]);
    expect(clean.status).toBe(0);
  });

  it("fails the lint (non-zero exit) naming each broken rule and file", () => {
    expect(dirty.status).not.toBe(0);
    for (const [rule, file] of CASES) expect(dirty.text).toContain(`error ${rule}: ${file}`);
  });

  it.each(CASES)("%s fires on %s", (rule, file, _source, to) => {
    const hit = dirty.violations.find((v) => v.rule.name === rule && v.from === file);
    expect(hit, `${rule} not reported for ${file}: ${JSON.stringify(dirty.violations, null, 1)}`).toBeDefined();
    // node_modules is a symlink in the temporary tree, so a package resolves to its real path.
    expect(hit!.to.includes(to), `${file} -> ${hit!.to}`).toBe(true);
  });

  it("reports nothing against the legitimate files once violations sit next to them", () => {
    const cleanFiles = new Set(Object.keys(CLEAN));
    expect(dirty.violations.filter((v) => cleanFiles.has(v.from))).toEqual([]);
  });

  it("has a proving case for every rule of the config", async () => {
    const config = (await import(join(ROOT, ".dependency-cruiser.cjs"))) as { default: { forbidden: { name: string }[] } };
    const proven = new Set(CASES.map(([rule]) => rule));
    expect(config.default.forbidden.map((r) => r.name).filter((name) => !proven.has(name))).toEqual([]);
  });
});
