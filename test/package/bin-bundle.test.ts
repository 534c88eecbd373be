import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * What Node reads before the server answers: the entry, the CLI it import()s at once (after
 * turning the compile cache on), and every file they import statically, transitively.
 */
function filesReadAtStart(): Set<string> {
  return staticClosure(["octoperf-mcp.js", ...importsOf("octoperf-mcp.js", "dynamic-import")]);
}

/** The CLI's chunk (dist/app/main.js): the one file the entry import()s. */
const cliChunk = (): string => {
  const imported = importsOf("octoperf-mcp.js", "dynamic-import");
  expect(imported).toHaveLength(1);
  return imported[0]!;
};

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
    // Loaded on demand: import()ed by the container's code on the first call to OctoPerf.
    const importers = files.filter((file) => importsOf(file, "dynamic-import").includes(adapterChunk!));
    expect(importers).toHaveLength(1);
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

  it("bundles only files on disk: no module is generated or swapped by the build", () => {
    // A plugin's module (a stand-in, a generated catalog) would be an input of a namespace of its own ("ns:path").
    const inputs = files.flatMap(inputsOf);
    expect(inputs.filter((input) => /^[a-z-]+:/.test(input))).toEqual([]);
    for (const input of inputs) expect(existsSync(fileURLToPath(new URL(`../../${input}`, import.meta.url))), input).toBe(true);
  });

  it("loads the gate command only for `octoperf-mcp gate`: the MCP server's start-up does not read it", () => {
    const gateChunk = files.find((f) => f.startsWith("gate-command-"));
    expect(gateChunk).toBeDefined();
    expect(importsOf(cliChunk(), "dynamic-import")).toContain(gateChunk);
    expect(filesReadAtStart().has(gateChunk!)).toBe(false);
  });

  it("carries no chart library: Vega and resvg are import()ed from node_modules when a trend chart is drawn", () => {
    expect(bundled(/node_modules\/(vega[^/]*|@resvg\/[^/]+|d3-[^/]+)\//)).toEqual([]);
    const dynamic = files.flatMap((file) => importsOf(file, "dynamic-import"));
    const staticImports = files.flatMap((file) => importsOf(file, "import-statement"));
    for (const library of ["vega", "@resvg/resvg-js"]) {
      expect(dynamic).toContain(library);
      // Never a static import of them, which would load them at start.
      expect(staticImports).not.toContain(library);
    }
  });

  it("starts from an entry that turns the compile cache on before anything else loads, then import()s the CLI", () => {
    const entry = read("octoperf-mcp.js");
    // Nothing of ours or of a package is imported statically: it would be compiled before the cache is on.
    expect(importsOf("octoperf-mcp.js", "import-statement").filter((path) => files.includes(path))).toEqual([]);
    expect(inputsOf("octoperf-mcp.js")).toEqual(["dist/app/bin.js"]);
    expect(entry.indexOf("enableCompileCache")).toBeGreaterThan(0);
    expect(entry.indexOf("enableCompileCache")).toBeLessThan(entry.indexOf(`import("./${cliChunk()}")`));
    expect(inputsOf(cliChunk())).toContain("dist/app/main.js");
  });

  it("is minified: Node compiles fewer bytes before it answers", () => {
    const size = files.filter((file) => filesReadAtStart().has(file)).reduce((sum, file) => sum + read(file).length, 0);
    // Unminified, the files read at start would weigh about twice as much.
    expect(size).toBeLessThan(600_000);
    expect(read("octoperf-mcp.js")).not.toMatch(/^\/\/ node_modules\//m);
  });
});
