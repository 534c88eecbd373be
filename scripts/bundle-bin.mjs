// Bundles the bin (`npm run build`, after tsc): dist/app/main.js and its dependencies into
// dist/bin/, so that `octoperf-mcp` starts from one file instead of ~330 ES modules (Node 20's
// ESM loader reads and compiles each file on its own, with no compile cache).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS, standIns } from "./bundle-options.mjs";

const OUT = "dist/bin";

// Chunks carry content hashes: old ones would otherwise pile up and ship in the tarball.
rmSync(OUT, { recursive: true, force: true });

// The tool catalog, computed now: the bin starts with every tool's card (its name, words, hints and
// listed JSON Schemas, exactly what src/adapters/mcp/tool-catalog.ts computes at runtime) and
// import()s the tools (their zod schemas, their handlers) on the first tools/call. So answering
// initialize and tools/list builds no tool's zod schema and converts none to JSON Schema. The cards
// come from this build's own tools (dist/, just compiled by tsc): they cannot drift from the zod schemas.
const TOOLS_INDEX = resolve("dist/adapters/mcp/tools/index.js");
const { allTools } = await import(pathToFileURL(TOOLS_INDEX).href);
const { catalogEntry } = await import(pathToFileURL(resolve("dist/adapters/mcp/tool-catalog.js")).href);
const cards = allTools.map((tool) => catalogEntry(tool).card());
const catalogModule = `
const CARDS = ${JSON.stringify(cards)};
let tools;
function load(name) {
  // One chunk for all the tools: fewer files for Node to read than one per tool, and the first
  // call pays a few milliseconds once. A failed import (a file missing from an install) is retried.
  tools ??= import("tools").catch((error) => {
    tools = undefined;
    throw error;
  });
  return tools.then((module) => module.byName.get(name));
}
export const toolCatalog = CARDS.map((card) => ({ name: card.name, annotations: card.annotations, card: () => card, load: () => load(card.name) }));
`;
const toolsModule = `
import { allTools } from ${JSON.stringify(TOOLS_INDEX)};
export const byName = new Map(allTools.map((tool) => [tool.name, tool]));
`;
const toolCatalog = {
  name: "tool-catalog",
  setup(build) {
    build.onResolve({ filter: /^\.\/tool-catalog\.js$/ }, (args) =>
      args.importer === resolve("dist/adapters/mcp/create-mcp-server.js") ? { path: "tool-catalog", namespace: "built" } : undefined,
    );
    build.onResolve({ filter: /^tools$/ }, (args) => (args.namespace === "built" ? { path: "tools", namespace: "built" } : undefined));
    build.onLoad({ filter: /.*/, namespace: "built" }, (args) => ({
      contents: args.path === "tools" ? toolsModule : catalogModule,
      loader: "js",
      resolveDir: dirname(TOOLS_INDEX),
    }));
  },
};

// The package's name and version, written into the bin: src/app/package-info.ts reads package.json
// at runtime (one source for both builds), which the bin would otherwise do on every start.
const { name: packageName, version: packageVersion } = JSON.parse(readFileSync("package.json", "utf8"));
const packageInfo = {
  name: "package-info",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]app[\\/]package-info\.js$/ }, () => ({
      contents: `export const PACKAGE_NAME = ${JSON.stringify(packageName)}; export const PACKAGE_VERSION = ${JSON.stringify(packageVersion)};`,
      loader: "js",
    }));
  },
};

const result = await build({
  ...BUNDLE_OPTIONS,
  plugins: [standIns, toolCatalog, packageInfo],
  entryPoints: { "octoperf-mcp": "dist/app/main.js" },
  outdir: OUT,
  // The HTTP adapter is import()ed on the first HTTP call: splitting keeps axios and its
  // dependencies in their own chunk, which demo mode never reads and HTTP mode reads late.
  splitting: true,
  // The chart libraries stay in node_modules, import()ed when a trend chart is drawn: resvg is a
  // native addon (it cannot be bundled), and Vega would only weigh on every start.
  external: ["vega", "vega-lite", "@resvg/resvg-js"],
  // Chunks sit next to the entry, named after what they hold (the tests find them by name).
  chunkNames: "[name]-[hash]",
  // What each output file holds, for the bundle's tests (not shipped: the package takes dist/**/*.js).
  metafile: true,
});
writeFileSync("dist/bin.meta.json", JSON.stringify(result.metafile));
