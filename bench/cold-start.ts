/**
 * Cold start: spawning `node dist/bin/octoperf-mcp.js --demo` (what `octoperf-mcp --demo` runs) until the
 * answer to the first `tools/list` arrives over stdio, next to a bare `node -e 0` measured in the
 * same loop (interleaved, so drift on the machine hits both alike).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "../scripts/bundle-options.mjs";
import { now, SERVER_BIN, startSession, summarize, type Summary } from "./support.js";
import type { Peers } from "./tool-surface.js";

export interface ColdStartResult {
  readonly runs: number;
  readonly warmups: number;
  /** Spawn → initialize handshake done. */
  readonly initialize: Summary;
  /** Spawn → first tools/list answer: the figure the target is about. */
  readonly firstToolsList: Summary;
  /** Spawn → exit of `node -e 0`. */
  readonly bareNode: Summary;
  readonly toolCount: number;
  /** median(firstToolsList) / median(bareNode). */
  readonly ratio: number;
  /** The same measure (spawn → the host's listTools() resolving) for server-everything, bundled and as published. */
  readonly peerBundled: Summary;
  readonly peerPublished: Summary;
  readonly peerName: string;
  /** median(firstToolsList) / median(peerBundled). */
  readonly peerRatio: number;
  /** The floor: a server on the same SDK, bundled the same way, with nothing of its own (bench/floor-server.ts); spawn → listTools() resolved. */
  readonly floor: Summary;
  /**
   * Spawn → the tools/list answer off the wire, before the host's listTools() compiles a validator
   * for each output schema listed (the floor lists none): ours, and the floor's.
   */
  readonly answered: { readonly ours: Summary; readonly floor: Summary };
  /** median(floor) / median(bareNode): the least any server on this SDK can reach. */
  readonly floorRatio: number;
  readonly breakdown: ImportBreakdown;
}

/** Where the start-up time goes: what the server's imports cost, one step after the other. */
export interface ImportBreakdown {
  readonly samples: number;
  /** Node's own boot, until the first line of a script runs (median, ms). */
  readonly nodeBootMs: number;
  /** Each step's extra import time (median, ms); a package shared by later steps is counted once, where first loaded. */
  readonly steps: readonly { readonly step: string; readonly ms: number }[];
  /** ESM modules the server loads before it answers, by package ("own" = dist/). */
  readonly esmModules: number;
  readonly esmModulesByPackage: Record<string, number>;
}

/** The server's imports in load order: dependencies first, then our layers (ESM specifiers, from the repo root). */
const IMPORT_STEPS: readonly (readonly [string, string])[] = [
  // The first dynamic import starts the ESM loader itself: measured apart, so no package is charged for it.
  ["ESM loader start (an empty module)", "data:text/javascript,export default 0"],
  ["reflect-metadata + tsyringe", "reflect-metadata"],
  ["", "tsyringe"],
  ["zod", "zod"],
  ["@modelcontextprotocol/sdk (server, stdio)", "@modelcontextprotocol/sdk/server/mcp.js"],
  ["", "@modelcontextprotocol/sdk/server/stdio.js"],
  ["axios + axios-retry", "axios"],
  ["", "axios-retry"],
  ["our code: domain, adapters, tools (dist/)", "./dist/app/start-server.js"],
];

const IMPORT_TIMER = `
const t0 = performance.now();
const out = [];
for (const specifier of JSON.parse(process.argv[1])) {
  const t = performance.now();
  await import(specifier);
  out.push(performance.now() - t);
}
process.stdout.write(JSON.stringify({ boot: t0, steps: out }));
`;

function runNode(
  args: readonly string[],
  cwd: string,
  input?: string,
  options: { waitFor?: string; killAfterMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const { waitFor, killAfterMs = 15_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: getDefaultEnvironment(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.stdout.on("data", (d: Buffer) => {
      stdout += String(d);
      // A server keeps reading stdin: close it once it has answered, and it exits.
      if (waitFor !== undefined && stdout.includes(waitFor)) child.stdin.end();
    });
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
    if (input === undefined) child.stdin.end();
    else if (waitFor === undefined) child.stdin.end(input);
    else child.stdin.write(input);
  });
}

/** Loader hook (runs off-thread): counts the ESM modules loaded, by package, and posts the tally. */
const COUNTING_HOOK = [
  "let port; const counts = {};",
  "export function initialize(data) { port = data.port; }",
  "export async function load(url, context, next) {",
  "  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url);",
  "  const key = m ? m[1] : url.startsWith('node:') ? 'node:' : url.startsWith('file:') ? 'own' : 'other';",
  "  counts[key] = (counts[key] ?? 0) + 1;",
  "  port.postMessage(counts);",
  "  return next(url, context);",
  "}",
].join("\n");

/** Preloaded with --import: registers the hook and prints the last tally on stderr when the process exits. */
const COUNTING_PRELOAD = [
  "import { register } from 'node:module';",
  "import { MessageChannel } from 'node:worker_threads';",
  "import { writeSync } from 'node:fs';",
  "const { port1, port2 } = new MessageChannel();",
  "let counts = {};",
  "port1.on('message', (c) => { counts = c; });",
  "port1.unref();",
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(COUNTING_HOOK)}`)}, { data: { port: port2 }, transferList: [port2] });`,
  "process.on('exit', () => writeSync(2, 'BENCH_MODULES ' + JSON.stringify(counts) + '\\n'));",
].join("\n");

async function measureBreakdown(samples: number): Promise<ImportBreakdown> {
  const root = dirname(dirname(dirname(SERVER_BIN)));
  const specifiers = IMPORT_STEPS.map(([, s]) => s);
  const boots: number[] = [];
  const perStep: number[][] = specifiers.map(() => []);
  for (let i = 0; i < samples; i++) {
    const { stdout, stderr } = await runNode(["--input-type=module", "-e", IMPORT_TIMER, JSON.stringify(specifiers)], root);
    let parsed: { boot: number; steps: number[] };
    try {
      parsed = JSON.parse(stdout) as { boot: number; steps: number[] };
    } catch {
      throw new Error(`import timer failed: ${stderr.slice(0, 300)}`);
    }
    boots.push(parsed.boot);
    parsed.steps.forEach((t, k) => perStep[k]!.push(t));
  }
  // Merge the steps that share a label ("" continues the previous one).
  const steps: { step: string; ms: number }[] = [];
  IMPORT_STEPS.forEach(([label], k) => {
    const median = summarize(perStep[k]!).median;
    if (label === "" && steps.length > 0) steps[steps.length - 1]!.ms += median;
    else steps.push({ step: label, ms: median });
  });
  const counts = await countModules(root);
  return {
    samples,
    nodeBootMs: summarize(boots).median,
    steps,
    esmModules: Object.values(counts).reduce((a, b) => a + b, 0),
    esmModulesByPackage: counts,
  };
}

/** Starts the server with the counting hook, answers initialize, closes stdin, and reads the tally off stderr. */
async function countModules(root: string): Promise<Record<string, number>> {
  const initialize = {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
  };
  const { stdout, stderr } = await runNode(
    ["--import", `data:text/javascript,${encodeURIComponent(COUNTING_PRELOAD)}`, SERVER_BIN, "--demo"],
    root,
    `${JSON.stringify(initialize)}\n`,
    { waitFor: '"id":0' },
  );
  const line = stderr.split("\n").find((l) => l.startsWith("BENCH_MODULES "));
  if (line === undefined || !stdout.includes('"id":0')) throw new Error(`module count failed: ${stderr.slice(0, 300)}`);
  return JSON.parse(line.slice("BENCH_MODULES ".length)) as Record<string, number>;
}

function bareNodeStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = now();
    const child = spawn(process.execPath, ["-e", "0"], { env: getDefaultEnvironment(), stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(now() - startedAt) : reject(new Error(`node -e 0 exited with ${code}`))));
  });
}

async function serverStart(
  args: readonly string[] = ["--demo"],
  script?: string,
): Promise<{ initialize: number; toolsList: number; answered: number; tools: number }> {
  const session = await startSession(args, script === undefined ? {} : { script });
  try {
    const { tools } = await session.client.listTools();
    const resolvedAt = now();
    return {
      initialize: session.connectedAt - session.spawnedAt,
      toolsList: resolvedAt - session.spawnedAt,
      answered: session.lastResultAt() - session.spawnedAt,
      tools: tools.length,
    };
  } finally {
    await session.close();
  }
}

/**
 * Bundles bench/floor-server.ts as the bin is bundled (same esbuild options) into a scratch folder,
 * started as the bin starts: an ES module by its name (the bin's package says `"type": "module"`;
 * a `.js` file outside any package is first tried as CommonJS, about 10 ms on Node 20), behind an
 * entry that turns Node's compile cache on first, as src/app/bin.ts does.
 */
async function bundleFloor(): Promise<{ script: string; close: () => void }> {
  const scratch = mkdtempSync(join(tmpdir(), "octoperf-bench-floor-"));
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [fileURLToPath(new URL("./floor-server.ts", import.meta.url))],
    outfile: join(scratch, "floor-server.mjs"),
  });
  const script = join(scratch, "floor.mjs");
  writeFileSync(script, 'import module from "node:module";\nmodule.enableCompileCache?.();\nawait import("./floor-server.mjs");\n');
  return { script, close: () => rmSync(scratch, { recursive: true, force: true }) };
}

export async function measureColdStart(peers: Peers, runs = 15, warmups = 2): Promise<ColdStartResult> {
  const floorServer = await bundleFloor();
  try {
    return await measureWithFloor(peers, floorServer.script, runs, warmups);
  } finally {
    floorServer.close();
  }
}

async function measureWithFloor(peers: Peers, floorScript: string, runs: number, warmups: number): Promise<ColdStartResult> {
  const initialize: number[] = [];
  const toolsList: number[] = [];
  const bare: number[] = [];
  const peerBundled: number[] = [];
  const peerPublished: number[] = [];
  const floor: number[] = [];
  const oursAnswered: number[] = [];
  const floorAnswered: number[] = [];
  let toolCount = 0;
  const { everything, everythingBundled } = peers;
  for (let i = 0; i < warmups + runs; i++) {
    // Each round starts all five once, in an order that rotates, so drift on a shared machine and
    // the teardown of the previous start hit each of them alike.
    const starts = [
      async () => bare.push(await bareNodeStart()),
      async () => {
        const s = await serverStart();
        initialize.push(s.initialize);
        toolsList.push(s.toolsList);
        oursAnswered.push(s.answered);
        toolCount = s.tools;
      },
      async () => peerBundled.push((await serverStart(everythingBundled.args, everythingBundled.script)).toolsList),
      async () => peerPublished.push((await serverStart(everything.args, everything.script)).toolsList),
      async () => {
        const s = await serverStart([], floorScript);
        floor.push(s.toolsList);
        floorAnswered.push(s.answered);
      },
    ];
    for (let k = 0; k < starts.length; k++) await starts[(i + k) % starts.length]!();
    if (i < warmups) {
      for (const samples of [bare, initialize, toolsList, peerBundled, peerPublished, floor, oursAnswered, floorAnswered]) samples.length = 0;
    }
  }
  const firstToolsList = summarize(toolsList);
  const bareNode = summarize(bare);
  const bundled = summarize(peerBundled);
  return {
    runs,
    warmups,
    initialize: summarize(initialize),
    firstToolsList,
    bareNode,
    toolCount,
    ratio: firstToolsList.median / bareNode.median,
    peerBundled: bundled,
    peerPublished: summarize(peerPublished),
    peerName: everythingBundled.name.replace(/, bundled$/, ""),
    peerRatio: firstToolsList.median / bundled.median,
    floor: summarize(floor),
    floorRatio: summarize(floor).median / bareNode.median,
    answered: { ours: summarize(oursAnswered), floor: summarize(floorAnswered) },
    breakdown: await measureBreakdown(5),
  };
}
