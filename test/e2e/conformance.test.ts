/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, server mode) against the
 * built bin in `--http --demo`. The suite needs Node 22: tools/conformance holds it (the npm
 * package `node`) with its own package.json and lock file, apart from the project, which stays on
 * Node 20 (a `node` dependency of the project would put that binary first on PATH for every npm
 * script). Installed here from its lock file when missing. Scenarios that call the suite's own
 * fixtures are in tools/conformance/expected-failures.yml; the suite fails on any other failure,
 * and on a baseline entry that now passes.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";

const DIR = fileURLToPath(new URL("../../tools/conformance/", import.meta.url));
const NODE22 = `${DIR}node_modules/.bin/node`;
const SUITE = `${DIR}node_modules/@modelcontextprotocol/conformance/dist/index.js`;
const BASELINE = `${DIR}expected-failures.yml`;
/** The scenarios that test any server: each must pass, not merely be absent from the baseline. */
const MUST_PASS = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "resources-list",
  "prompts-list",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

beforeAll(() => {
  if (existsSync(NODE22) && existsSync(SUITE)) return;
  const install = spawnSync("npm", ["ci", "--prefix", DIR, "--no-audit", "--no-fund", "--prefer-offline"], { encoding: "utf8", timeout: 240_000 });
  if (install.status !== 0) throw new Error(`npm ci --prefix tools/conformance failed:\n${install.stdout}\n${install.stderr}`);
}, 300_000);
afterAll(() => stopAllHttpServers());

describe("the MCP conformance suite (server mode) against --http --demo", () => {
  it("passes every scenario outside the fixture-only baseline", { timeout: 300_000 }, async () => {
    const server = await spawnHttpServer(["--demo"]);
    const child = spawn(NODE22, [SUITE, "server", "--url", server.url, "--expected-failures", BASELINE], {
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += String(d)));
    child.stderr.on("data", (d) => (output += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const summary = output.slice(output.indexOf("=== SUMMARY ==="));
    expect(summary, output.slice(-4000)).toMatch(/Baseline check passed/);
    expect(code, summary).toBe(0);
    for (const scenario of MUST_PASS) expect(summary, scenario).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`));
    expect((await server.stop()).code).toBe(0);
  });
});
