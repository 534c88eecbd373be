// `npm run check:portability`: the MCP Inspector 2.x CLI's schema portability check against the
// built bin's tools/list (every tool: demo mode, not read-only, every toolset). Prints each finding
// and exits 1 if there is any, warnings included.
//
// The Inspector needs Node >= 22.19 and the project runs on Node 20, so both live in a side folder
// (tools/portability, its own package.json and lock file): the npm package `node` there gives a
// Node 22 binary called by path. It is never a dependency of the project itself, where it would
// take over every npm script. The folder is installed from its lock file on first use (from the
// npm cache when it has the packages).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SIDE = join(ROOT, "tools", "portability");
const NODE22 = join(SIDE, "node_modules", ".bin", "node");
const INSPECTOR = join(SIDE, "node_modules", "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");
const BIN = join(ROOT, "dist", "bin", "octoperf-mcp.js");

if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: run npm run build first.`);
  process.exit(2);
}
if (!existsSync(NODE22) || !existsSync(INSPECTOR)) {
  console.error("[portability] installing tools/portability (Node 22 + MCP Inspector) from its lock file…");
  // Not `npm ci`: it refuses this lock file (npm leaves a Windows-only optional dependency of the
  // Inspector out of it); `install --no-save` installs the locked versions and leaves the lock as is.
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: SIDE, stdio: ["ignore", "ignore", "inherit"] });
}

// The Inspector writes a catalog under ~/.mcp-inspector: a scratch HOME keeps it out of the user's.
const home = mkdtempSync(join(tmpdir(), "octoperf-portability-"));
let envelope;
try {
  const out = execFileSync(NODE22, [INSPECTOR, "--cli", process.execPath, BIN, "--demo", "--method", "tools/list", "--strict", "--format", "json"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: home },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  envelope = JSON.parse(out.trim().split("\n").at(-1));
} finally {
  rmSync(home, { recursive: true, force: true });
}

const tools = envelope.result?.tools ?? [];
const results = envelope.schemaFindings ?? [];
const findings = results.flatMap(({ toolName, findings: list }) => list.map((f) => ({ toolName, ...f })));
for (const f of findings) console.log(`${f.severity}: ${f.toolName} ${f.schema}${f.path === "" ? "" : `.${f.path}`}: ${f.rule}`);
const warnings = findings.filter((f) => f.severity !== "error").length;
console.log(`${tools.length} tools checked: ${findings.length - warnings} errors, ${warnings} warnings.`);
if (tools.length === 0) {
  console.error("the Inspector listed no tool: the check did not run");
  process.exit(2);
}
process.exitCode = findings.length === 0 ? 0 : 1;
