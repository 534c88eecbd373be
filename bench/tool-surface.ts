/**
 * The tool surface every conversation pays for: the bytes of `tools/list` (and the part a model
 * reads), and the server's time to answer it, next to the reference server
 * `@modelcontextprotocol/server-everything` measured the same way in the same run.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { startSession, summarize, type Summary } from "./support.js";

export interface ListSize {
  readonly tools: number;
  readonly toolsWithOutputSchema: number;
  /** The `result` of tools/list as sent, UTF-8 bytes of its JSON. */
  readonly totalBytes: number;
  /** Sum over tools of the JSON of `outputSchema`. */
  readonly outputSchemaBytes: number;
  /**
   * Sum over the tools a model is shown of the JSON of `{name, description, inputSchema}`: what a
   * model reads of each. A tool for a view only (`_meta.ui.visibility: ["app"]`, MCP Apps) is left
   * out, as test/adapters/mcp/tool-list-budget.test.ts leaves it out: hosts that render views never
   * show it to the model (the whole list's bytes count it).
   */
  readonly modelReadBytes: number;
}

const forAppOnly = (tool: { _meta?: unknown }) => JSON.stringify((tool._meta as { ui?: unknown } | undefined)?.ui ?? {}).includes('"visibility":["app"]');

export interface ServerSurface {
  readonly server: string;
  readonly list: ListSize;
  /** The first tools/list after initialize, round trip on the wire. */
  readonly firstListMs: number;
  /** Later tools/list round trips (raw JSON-RPC, timed from write to the answer's arrival). */
  readonly listRoundTrip: Summary;
  /** ping round trips, interleaved with the lists: the transport's own cost. */
  readonly pingRoundTrip: Summary;
  /** median(list) − median(ping): the server's own time per tools/list (handler + serialisation). */
  readonly serverMsPerList: number;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));

export function listSize(result: unknown): ListSize {
  const tools = (result as { tools: { name: string; description?: string; inputSchema: unknown; outputSchema?: unknown; _meta?: unknown }[] }).tools;
  return {
    tools: tools.length,
    toolsWithOutputSchema: tools.filter((t) => t.outputSchema !== undefined).length,
    totalBytes: bytes(result),
    outputSchemaBytes: tools.reduce((s, t) => s + (t.outputSchema === undefined ? 0 : bytes(t.outputSchema)), 0),
    modelReadBytes: tools
      .filter((t) => !forAppOnly(t))
      .reduce((s, t) => s + bytes({ name: t.name, description: t.description, inputSchema: t.inputSchema }), 0),
  };
}

export interface PeerServer {
  readonly name: string;
  /** Script node runs, and its arguments. */
  readonly script: string;
  readonly args: readonly string[];
}

export interface Peers {
  /** server-everything as published (its dist/, file by file). */
  readonly everything: PeerServer;
  /** The same, bundled into one file with esbuild, as our bin is. */
  readonly everythingBundled: PeerServer;
  readonly version: string;
  close(): void;
}

/** Locates server-everything (a devDependency) and bundles its stdio entry into a scratch folder. */
export async function preparePeers(): Promise<Peers> {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@modelcontextprotocol/server-everything/package.json");
  const root = dirname(packageJson);
  const version = (require(packageJson) as { version: string }).version;
  const scratch = mkdtempSync(join(tmpdir(), "octoperf-bench-peer-"));
  // It reads ../docs/instructions.md next to its own file at start: the bundle gets the same layout.
  cpSync(join(root, "dist", "docs"), join(scratch, "docs"), { recursive: true });
  await build({
    entryPoints: [join(root, "dist", "transports", "stdio.js")],
    // .mjs: an ES module by its name, as the package it comes from says its files are (a .js file
    // outside any package is first tried as CommonJS, which would slow its start).
    outfile: join(scratch, "dist", "everything.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    logLevel: "error",
  });
  return {
    everything: { name: `server-everything ${version}`, script: join(root, "dist", "index.js"), args: ["stdio"] },
    everythingBundled: { name: `server-everything ${version}, bundled`, script: join(scratch, "dist", "everything.mjs"), args: [] },
    version,
    close: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** One session: the first tools/list, then `rounds` interleaved ping / tools/list round trips. */
export async function measureSurface(server: string, script: string | undefined, args: readonly string[], rounds: number): Promise<ServerSurface> {
  const session = await startSession(args, script === undefined ? {} : { script });
  try {
    const first = await session.rawRequest("tools/list");
    const lists: number[] = [];
    const pings: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate the order so neither always runs on a warmer pipe.
      if (i % 2 === 0) {
        pings.push((await session.rawRequest("ping")).ms);
        lists.push((await session.rawRequest("tools/list")).ms);
      } else {
        lists.push((await session.rawRequest("tools/list")).ms);
        pings.push((await session.rawRequest("ping")).ms);
      }
    }
    const listRoundTrip = summarize(lists);
    const pingRoundTrip = summarize(pings);
    return {
      server,
      list: listSize(first.result),
      firstListMs: first.ms,
      listRoundTrip,
      pingRoundTrip,
      serverMsPerList: Math.max(0, listRoundTrip.median - pingRoundTrip.median),
    };
  } finally {
    await session.close();
  }
}

export interface ToolSurfaceResult {
  readonly ours: ServerSurface;
  readonly peer: ServerSurface;
  readonly rounds: number;
}

export async function measureToolSurface(peers: Peers, rounds = 200): Promise<ToolSurfaceResult> {
  const ours = await measureSurface("octoperf-mcp --demo", undefined, ["--demo"], rounds);
  const peer = await measureSurface(peers.everythingBundled.name, peers.everythingBundled.script, peers.everythingBundled.args, rounds);
  return { ours, peer, rounds };
}
