import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The bin is a minified bundle (scripts/bundle-bin.mjs); what it reads before answering is its
 * start-up time. esbuild's metafile (dist/bin.meta.json, written by the build, not shipped) says
 * which sources each output file holds and what it imports.
 */
const BIN_DIR = fileURLToPath(new URL("../../dist/bin/", import.meta.url));
const files = readdirSync(BIN_DIR).filter((f) => f.endsWith(".js"));
const read = (file: string) => readFileSync(`${BIN_DIR}${file}`, "utf8");

interface Metafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown>; readonly imports: readonly { readonly path: string; readonly kind: string }[] }>;
}
const meta = JSON.parse(readFileSync(fileURLToPath(new URL("../../dist/bin.meta.json", import.meta.url)), "utf8")) as Metafile;
const output = (file: string) => {
  const entry = meta.outputs[`dist/bin/${file}`];
  if (entry === undefined) throw new Error(`dist/bin/${file} is not in the metafile: stale build?`);
  return entry;
};
/** The sources bundled into an output file (paths from the repo root, e.g. node_modules/axios/…). */
const inputsOf = (file: string) => Object.keys(output(file).inputs);
const importsOf = (file: string, kind: string) =>
  output(file)
    .imports.filter((i) => i.kind === kind)
    .map((i) => i.path.replace(/^dist\/bin\//, ""));

/** The entry and every file it imports statically, transitively: what Node reads before the first line runs. */
function filesReadAtStart(): Set<string> {
  return staticClosure(["octoperf-mcp.js"]);
}

/** These files and every file they import statically, transitively. */
function staticClosure(from: readonly string[]): Set<string> {
  const loaded = new Set(from);
  for (let grew = true; grew;) {
    grew = false;
    for (const file of [...loaded]) {
      for (const dep of importsOf(file, "import-statement").filter((path) => files.includes(path))) {
        if (loaded.has(dep)) continue;
        loaded.add(dep);
        grew = true;
      }
    }
  }
  return loaded;
}

/** Sources of a package found in any output file. */
const bundled = (pattern: RegExp) =>
  files.flatMap((file) =>
    inputsOf(file)
      .filter((input) => pattern.test(input))
      .map((input) => `${file}: ${input}`),
  );

describe("the bundled bin", () => {
  it("is the build's: the metafile lists exactly the files in dist/bin", () => {
    expect(
      Object.keys(meta.outputs)
        .filter((o) => o.endsWith(".js"))
        .map((o) => o.replace(/^dist\/bin\//, ""))
        .sort(),
    ).toEqual([...files].sort());
  });

  it("reads no axios before its first call to OctoPerf: the HTTP adapter is a chunk of its own, import()ed", () => {
    const entry = read("octoperf-mcp.js");
    expect(entry.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const loadedAtStart = filesReadAtStart();
    for (const file of loadedAtStart)
      expect(
        inputsOf(file).filter((i) => /node_modules\/(axios|axios-retry|form-data|follow-redirects)\//.test(i)),
        file,
      ).toEqual([]);
    expect(loadedAtStart.size, "the entry and its shared chunks").toBeGreaterThan(1);
    const adapterChunk = files.find((f) => f.startsWith("http-octoperf-adapter-"));
    expect(adapterChunk).toBeDefined();
    expect(loadedAtStart.has(adapterChunk!)).toBe(false);
    // Loaded on demand, by the container's chunk (itself import()ed on the first call) or a chunk it shares with the gate's.
    const importers = files.filter((file) => importsOf(file, "dynamic-import").includes(adapterChunk!));
    expect(importers).toHaveLength(1);
    expect(loadedAtStart.has(importers[0]!)).toBe(false);
    expect(bundled(/node_modules\/axios\//).length, "axios is bundled, in a chunk read later").toBeGreaterThan(0);
    // The HTTP server (with the SDK's node-server glue) is read only with --http.
    const httpChunk = files.find((f) => f.startsWith("start-http-server-"));
    expect(httpChunk).toBeDefined();
    expect(loadedAtStart.has(httpChunk!)).toBe(false);
    for (const file of loadedAtStart)
      expect(
        inputsOf(file).filter((i) => /node_modules\/@hono\/node-server\//.test(i)),
        file,
      ).toEqual([]);
  });

  it("reads the Redis client only when OCTOPERF_REDIS_URL is set: neither at stdio start nor with the HTTP server alone", () => {
    const redisChunks = files.filter((f) => inputsOf(f).some((i) => /node_modules\/@redis\/client\//.test(i)));
    expect(redisChunks.length).toBeGreaterThan(0);
    const httpChunk = files.find((f) => f.startsWith("start-http-server-"))!;
    // What the HTTP server reads statically, from its own chunk on.
    const readWithHttp = new Set([...filesReadAtStart(), httpChunk]);
    for (let grew = true; grew;) {
      grew = false;
      for (const file of [...readWithHttp]) {
        for (const dep of importsOf(file, "import-statement").filter((path) => files.includes(path))) {
          if (readWithHttp.has(dep)) continue;
          readWithHttp.add(dep);
          grew = true;
        }
      }
    }
    for (const chunk of redisChunks) expect(readWithHttp.has(chunk), chunk).toBe(false);
  });

  it("reads no tool module at start: the build computed the tools' cards, and the tools are one chunk import()ed on the first call", () => {
    const toolSources = (file: string) => inputsOf(file).filter((i) => /^dist\/adapters\/mcp\/tools\//.test(i));
    const loadedAtStart = filesReadAtStart();
    for (const file of loadedAtStart) expect(toolSources(file), file).toEqual([]);
    // Nor the tools' shared output schemas (the run resource import()s them on its first read).
    for (const file of loadedAtStart) expect(inputsOf(file), file).not.toContain("dist/adapters/mcp/output-schemas.js");
    const toolsChunks = files.filter((file) => toolSources(file).length > 0);
    expect(toolsChunks).toHaveLength(1);
    expect(toolSources(toolsChunks[0]!)).toContain("dist/adapters/mcp/tools/index.js");
    expect([...loadedAtStart].some((file) => importsOf(file, "dynamic-import").includes(toolsChunks[0]!))).toBe(true);
    // The catalog the bin starts with is the build's (cards as JSON), not the one that converts zod schemas at runtime.
    const catalogs = files.flatMap((file) =>
      inputsOf(file)
        .filter((i) => /tool-catalog/.test(i))
        .map((i) => `${file}: ${i}`),
    );
    expect(catalogs).toHaveLength(1);
    expect(catalogs[0]).toMatch(/: built:tool-catalog$/);
    expect(loadedAtStart.has(catalogs[0]!.split(":")[0]!)).toBe(true);
  });

  it("reads no container at start: tsyringe, the use cases and the demo adapter are import()ed on the first call that needs them", () => {
    const deferred = /^(node_modules\/(tsyringe|reflect-metadata)\/|dist\/app\/container\.js$|dist\/domain\/use-cases\/(?!input\.js$)|dist\/adapters\/fake\/)/;
    for (const file of filesReadAtStart())
      expect(
        inputsOf(file).filter((i) => deferred.test(i)),
        file,
      ).toEqual([]);
    expect(files.some((file) => inputsOf(file).includes("dist/app/container.js"))).toBe(true);
    // start-server.ts import()s it: the entry point of that import is a chunk named after it.
    const containerChunks = importsOf("octoperf-mcp.js", "dynamic-import").filter((file) => file.startsWith("container-"));
    expect(containerChunks).toHaveLength(1);
    // The in-memory OctoPerf (demo mode) and its seed data: a chunk of their own, which a server against the real API never reads.
    const fakeChunks = files.filter((file) => inputsOf(file).some((i) => i.startsWith("dist/adapters/fake/")));
    expect(fakeChunks).toEqual([expect.stringMatching(/^fake-octoperf-adapter-/)]);
    const readWithContainer = staticClosure([...filesReadAtStart(), containerChunks[0]!]);
    expect(readWithContainer.has(fakeChunks[0]!)).toBe(false);
  });

  it("reads no package.json at start: the build wrote the name and version into the bin", () => {
    const bin = files
      .filter((file) => filesReadAtStart().has(file))
      .map(read)
      .join("\n");
    expect(bin).not.toContain("package.json");
    const { version } = JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8")) as { version: string };
    expect(bin).toContain(JSON.stringify(version));
  });

  it("loads the gate command only for `octoperf-mcp gate`: the MCP server's start-up does not read it", () => {
    const gateChunk = files.find((f) => f.startsWith("gate-command-"));
    expect(gateChunk).toBeDefined();
    expect(importsOf("octoperf-mcp.js", "dynamic-import")).toContain(gateChunk);
    expect(filesReadAtStart().has(gateChunk!)).toBe(false);
  });

  it("carries no chart library: Vega, Vega-Lite and resvg are import()ed from node_modules when a trend chart is drawn", () => {
    expect(bundled(/node_modules\/(vega[^/]*|@resvg\/[^/]+|d3-[^/]+)\//)).toEqual([]);
    const dynamic = files.flatMap((file) => importsOf(file, "dynamic-import"));
    const staticImports = files.flatMap((file) => importsOf(file, "import-statement"));
    for (const library of ["vega", "vega-lite", "@resvg/resvg-js"]) {
      expect(dynamic).toContain(library);
      // Never a static import of them, which would load them at start.
      expect(staticImports).not.toContain(library);
    }
  });

  it("carries no JSON Schema validator (ajv): the SDK only needs one for elicitation, which this server never sends", () => {
    expect(bundled(/node_modules\/(ajv|ajv-formats|fast-uri)\//)).toEqual([]);
    expect(files.filter((file) => read(file).includes("it never sends elicitation requests"))).toHaveLength(1);
  });

  it("carries no zod 3 and no zod-to-json-schema: the SDK's compatibility layer for zod 3 schemas gets stand-ins that fail loudly", () => {
    expect(bundled(/node_modules\/(zod\/v3|zod-to-json-schema)\//)).toEqual([]);
    const bin = files.map(read).join("\n");
    expect(bin).toContain("bundles no zod 3: every schema it registers is zod 4");
    expect(bin).toContain("bundles no zod-to-json-schema: every schema it registers is zod 4");
    // zod 4 itself is there: the tools' schemas and the SDK's protocol types use it.
    expect(bundled(/node_modules\/zod\/v4\/core\//).length).toBeGreaterThan(0);
  });

  it("is minified: Node compiles fewer bytes before it answers", () => {
    const size = files.filter((file) => filesReadAtStart().has(file)).reduce((sum, file) => sum + read(file).length, 0);
    // Unminified, the files read at start weighed about 650 KB; minified, about half.
    expect(size).toBeLessThan(450_000);
    expect(read("octoperf-mcp.js")).not.toMatch(/^\/\/ node_modules\//m);
  });
});
