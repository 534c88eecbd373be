/**
 * `npm run bench`: builds (npm script), then runs every measure one after the other, prints the
 * figures vs targets and rewrites BENCHMARKS.md. Loopback only; every child process and server is
 * closed by the measure that started it, and a watchdog kills what is left if anything hangs.
 */
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { fileURLToPath } from "node:url";
import { measureAnswerSizes } from "./answer-size.js";
import { measureHttpThroughput } from "./http-throughput.js";
import { measureInstalledSize } from "./installed-size.js";
import { measureKeyMemory } from "./key-memory.js";
import { measureClaimCost } from "./redis-claim.js";
import { measureFrozenRedis } from "./frozen-redis.js";
import { measureColdStart } from "./cold-start.js";
import { measureMemory } from "./memory.js";
import { measurePerCallOverhead } from "./per-call-overhead.js";
import { readBaseline } from "./baseline.js";
import { renderConsole, renderMarkdown, type BenchMeta, type BenchResults } from "./report.js";
import { killTrackedChildren, now, SERVER_BIN, trackedChildren, withDeadline } from "./support.js";
import { measureThroughput } from "./throughput.js";
import { measureToolSurface, preparePeers } from "./tool-surface.js";
import { measureWaitEfficiency } from "./wait-efficiency.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUTPUT = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url));
const WATCHDOG_MS = 6 * 60_000;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function git(args: readonly string[]): string {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function commitDescription(): string {
  const head = git(["rev-parse", "--short", "HEAD"]);
  if (head === "") return "not a git checkout";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  return dirty ? `commit ${head} + uncommitted changes` : `commit ${head}`;
}

async function step<T>(index: number, name: string, deadlineMs: number, fn: () => Promise<T>): Promise<T> {
  log(`${index}/13 ${name}…`);
  const startedAt = now();
  const result = await withDeadline(name, deadlineMs, fn);
  log(`${index}/13 ${name}: ${((now() - startedAt) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_BIN)) throw new Error(`${SERVER_BIN} is missing: run npm run build first (npm run bench does).`);
  const startedAt = now();
  const loadAverageStart = loadavg();

  const peers = await preparePeers();
  let coldStart, toolSurface;
  try {
    coldStart = await step(1, "cold start, next to server-everything", 240_000, () => measureColdStart(peers, 21, 2));
    toolSurface = await step(2, "tools/list: bytes and server time, next to server-everything", 90_000, () => measureToolSurface(peers, 300));
  } finally {
    peers.close();
  }
  const perCall = await step(3, "per-call overhead", 90_000, () => measurePerCallOverhead(400, 200));
  const throughput = await step(4, "throughput", 90_000, () => measureThroughput(2000, 16, 5, 500));
  const memory = await step(5, "memory", 90_000, () => measureMemory(50, 4));
  const answers = await step(6, "answer size", 90_000, () => measureAnswerSizes());
  const wait = await step(7, "wait efficiency (about 35 s)", 150_000, () => measureWaitEfficiency());
  const httpThroughput = await step(8, "throughput over HTTP, one replica", 120_000, () => measureHttpThroughput());
  const httpTwoReplicas = await step(9, "throughput over HTTP, two replicas", 120_000, () => measureHttpThroughput(4000, 32, 800, 2));
  const claimCost = await step(10, "Redis claim per launch", 120_000, () => measureClaimCost());
  const frozenRedis = await step(11, "a frozen Redis: /readyz and a refused launch", 90_000, () => measureFrozenRedis());
  const installedSize = await step(12, "installed size, from the packed tarball", 180_000, () => Promise.resolve(measureInstalledSize()));
  const keyMemory = await step(13, "RSS per 1,000 distinct keys, per-user HTTP", 420_000, () => measureKeyMemory());

  const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  const cpu = cpus();
  const meta: BenchMeta = {
    date: new Date().toISOString(),
    cpuModel: cpu[0]?.model.trim() ?? "unknown CPU",
    cores: cpu.length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    packageVersion: packageJson.version,
    commit: commitDescription(),
    loadAverageStart,
    loadAverageEnd: loadavg(),
    totalSeconds: (now() - startedAt) / 1000,
  };
  const results: BenchResults = {
    meta,
    coldStart,
    toolSurface,
    baseline: readBaseline(),
    perCall,
    wait,
    answers,
    memory,
    throughput,
    httpThroughput,
    httpTwoReplicas,
    claimCost,
    frozenRedis,
    installedSize,
    keyMemory,
  };
  const view = viewSize();
  writeFileSync(OUTPUT, `${renderMarkdown(results)}\n${view}\n`);
  process.stdout.write(`\n${renderConsole(results)}\n${view}\n\nWrote ${OUTPUT} (${meta.totalSeconds.toFixed(1)} s).\n`);

  const left = trackedChildren();
  if (left.length > 0) {
    log(`children still running after the bench: ${left.join(", ")}; killing them`);
    killTrackedChildren();
    process.exitCode = 1;
  }
}

const watchdog = setTimeout(() => {
  log(`still running after ${WATCHDOG_MS / 60_000} min: killing ${killTrackedChildren()} child process(es) and stopping`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killTrackedChildren();
    process.exit(130);
  });
}

main()
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killTrackedChildren();
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(watchdog);
    // Everything is closed; if a handle still kept the loop alive, say which and leave anyway.
    setTimeout(() => {
      log(`open handles at exit: ${process.getActiveResourcesInfo().join(", ")}`);
      process.exit(process.exitCode ?? 0);
    }, 3_000).unref();
  });

/**
 * The live view's HTML (issue 22): what a host fetches each time it renders a run, built by
 * `npm run build`. Its budget, 150 KB gzipped, is a test (test/adapters/mcp/apps-view-size.test.ts).
 */
function viewSize(): string {
  const html = readFileSync(new URL("../dist/views/view.html", import.meta.url));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return `## Live run view (MCP Apps)\n\nThe view's HTML (\`ui://octoperf/view\`, one self-contained file): ${kb(html.length)}, ${kb(gzipSync(html).length)} gzipped (budget 150 KB gzipped).`;
}
