import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The hexagon's dependency rule, checked on every import of src/ (no extra tool needed):
 * the domain knows nothing of HTTP, MCP or DI; only app/ chooses adapters.
 */
const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every import of a file, as a path relative to src/ (local) or a package name. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    return spec.startsWith(".") ? relative(SRC, join(file, "..", spec)) : spec;
  });
}

const ALL = files(SRC).map((file) => ({ file: relative(SRC, file), imports: importsOf(file) }));
const layer = (prefix: string) => ALL.filter((f) => f.file.startsWith(prefix));
const FRAMEWORKS = /^(axios|axios-retry|@modelcontextprotocol\/|tsyringe|reflect-metadata|vega|vega-lite|@resvg\/)/;

describe("dependency rule", () => {
  it("finds the sources", () => {
    expect(layer("domain/").length).toBeGreaterThan(15);
  });

  it("keeps the domain free of adapters, app and frameworks", () => {
    for (const { file, imports } of layer("domain/")) {
      for (const spec of imports) {
        expect(spec.startsWith("adapters/") || spec.startsWith("app/"), `${file} imports ${spec}`).toBe(false);
        expect(FRAMEWORKS.test(spec), `${file} imports ${spec}`).toBe(false);
      }
    }
  });

  it("lets domain/model import nothing outside itself but the errors and zod", () => {
    for (const { file, imports } of layer("domain/model/")) {
      for (const spec of imports) {
        expect(spec.startsWith("domain/model/") || spec === "domain/errors.js" || spec === "zod", `${file} imports ${spec}`).toBe(true);
      }
    }
  });

  it("lets ports import only domain model types", () => {
    for (const { file, imports } of layer("ports/")) {
      for (const spec of imports) expect(spec.startsWith("domain/model/"), `${file} imports ${spec}`).toBe(true);
    }
  });

  it("keeps adapters away from app/ and from each other", () => {
    for (const { file, imports } of layer("adapters/")) {
      const own = file.split("/")[1]!;
      for (const spec of imports) {
        expect(spec.startsWith("app/"), `${file} imports ${spec}`).toBe(false);
        const other = spec.match(/^adapters\/([^/]+)\//)?.[1];
        if (other !== undefined) expect(other, `${file} imports ${spec}`).toBe(own);
      }
    }
  });

  it("loads the chart libraries only with import(), in adapters/chart: a static import would load them at start", () => {
    for (const file of files(SRC)) {
      const source = readFileSync(file, "utf8");
      const statics = [...source.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+["'](vega|vega-lite|@resvg\/resvg-js)["']/gm)];
      expect(statics.map((m) => m[0]), relative(SRC, file)).toEqual([]);
      if (/import\(\s*["'](vega|vega-lite|@resvg\/resvg-js)["']\s*\)/.test(source)) expect(relative(SRC, file)).toMatch(/^adapters\/chart\//);
    }
  });

  it("lets only app/ and the adapters use frameworks; only app/ uses tsyringe", () => {
    for (const { file, imports } of ALL) {
      if (imports.some((spec) => spec === "tsyringe" || spec === "reflect-metadata")) expect(file, file).toMatch(/^app\//);
    }
  });
});
