import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The bin is a bundle (scripts/bundle-bin.mjs); what it reads before answering is its start-up time. */
const BIN_DIR = fileURLToPath(new URL("../../dist/bin/", import.meta.url));
const files = readdirSync(BIN_DIR).filter((f) => f.endsWith(".js"));
const read = (file: string) => readFileSync(`${BIN_DIR}${file}`, "utf8");
/** Files an ES module imports statically, i.e. before its first line runs. */
const staticImports = (source: string) => [...source.matchAll(/^(?:import|} from)\s*(?:[^"'\n]*from\s*)?["'](\.\/[^"']+)["']/gm)].map((m) => m[1]!.slice(2));

/** The entry and every file it imports statically, transitively: what Node reads before the first line runs. */
function filesReadAtStart(): Set<string> {
  const loaded = new Set(["octoperf-mcp.js"]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of [...loaded]) {
      for (const dep of staticImports(read(file))) {
        if (loaded.has(dep)) continue;
        loaded.add(dep);
        grew = true;
      }
    }
  }
  return loaded;
}

describe("the bundled bin", () => {
  it("reads no axios before its first call to OctoPerf: the HTTP adapter is a chunk of its own, import()ed", () => {
    const entry = read("octoperf-mcp.js");
    expect(entry.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const loadedAtStart = filesReadAtStart();
    for (const file of loadedAtStart) expect(read(file), file).not.toMatch(/\/\/ node_modules\/(axios|axios-retry|form-data|follow-redirects)\//);
    expect(loadedAtStart.size, "the entry and its shared chunk").toBeGreaterThan(1);
    const adapterChunk = files.find((f) => f.startsWith("http-octoperf-adapter-"));
    expect(adapterChunk).toBeDefined();
    expect(loadedAtStart.has(adapterChunk!)).toBe(false);
    // Loaded on demand from a file read at start (the entry, or a chunk it shares with the gate's).
    expect([...loadedAtStart].some((file) => read(file).includes(`import("./${adapterChunk}")`))).toBe(true);
  });

  it("loads the gate command only for `octoperf-mcp gate`: the MCP server's start-up does not read it", () => {
    const gateChunk = files.find((f) => f.startsWith("gate-command-"));
    expect(gateChunk).toBeDefined();
    expect(read("octoperf-mcp.js")).toContain(`import("./${gateChunk}")`);
    const loadedAtStart = filesReadAtStart();
    expect(loadedAtStart.has(gateChunk!)).toBe(false);
  });

  it("carries no chart library: Vega, Vega-Lite and resvg are import()ed from node_modules when a trend chart is drawn", () => {
    for (const file of files) {
      expect(read(file), file).not.toMatch(/\/\/ node_modules\/(vega[^/]*|@resvg\/[^/]+|d3-[^/]+)\//);
      // Never a static import of them, which would load them at start.
      expect(read(file), file).not.toMatch(/^import[^;]*from\s*["'](vega|vega-lite|@resvg\/resvg-js)["']/m);
    }
    // import()ed where the chart is drawn (esbuild may place that code in a chunk shared with the
    // gate), so the start reads none of them.
    const bin = files.map(read).join("\n");
    expect(bin).toContain('import("vega")');
    expect(bin).toContain('import("vega-lite")');
    expect(bin).toContain('import("@resvg/resvg-js")');
  });

  it("carries no JSON Schema validator (ajv): the SDK only needs one for elicitation, which this server never sends", () => {
    for (const file of files) expect(read(file), file).not.toMatch(/\/\/ node_modules\/(ajv|ajv-formats|fast-uri)\//);
    expect(read("octoperf-mcp.js")).toContain("it never sends elicitation requests");
  });

  it("carries no zod 3 and no zod-to-json-schema: the SDK's compatibility layer for zod 3 schemas gets stand-ins that fail loudly", () => {
    for (const file of files) expect(read(file), file).not.toMatch(/\/\/ node_modules\/(zod\/v3|zod-to-json-schema)\//);
    const entry = read("octoperf-mcp.js");
    expect(entry).toContain("bundles no zod 3: every schema it registers is zod 4");
    expect(entry).toContain("bundles no zod-to-json-schema: every schema it registers is zod 4");
    // zod 4 itself is there: the tools' schemas and the SDK's protocol types use it.
    expect(files.map(read).join("\n")).toMatch(/\/\/ node_modules\/zod\/v4\/core\//);
  });
});
