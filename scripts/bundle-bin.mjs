// Bundles the bin (`npm run build`, after tsc): dist/app/main.js and its dependencies into
// dist/bin/, so that `octoperf-mcp` starts from one file instead of ~330 ES modules (Node 20's
// ESM loader reads and compiles each file on its own, with no compile cache).
import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const OUT = "dist/bin";

// Chunks carry content hashes: old ones would otherwise pile up and ship in the tarball.
rmSync(OUT, { recursive: true, force: true });

// Stand-ins for code of the SDK that this server never runs. Each fails loudly if that ever
// changes; the library build (dist/, file by file) keeps the real modules.
// - The SDK's Server builds an Ajv validator (ajv, ajv-formats, fast-uri: about a tenth of the
//   bundle) for one purpose, checking the answers to elicitation requests: this server never elicits.
// - Its zod compatibility layer carries zod 3 (`zod/v3`) and `zod-to-json-schema` for servers whose
//   schemas are zod 3: ours are zod 4 (the SDK takes its zod 4 branch), and tools/list is built
//   from zod 4's own toJSONSchema (src/adapters/mcp/tool-list.ts).
const STAND_INS = [
  {
    name: "ajv-provider",
    filter: /validation\/ajv-provider\.js$/,
    contents: `export class AjvJsonSchemaValidator {
      getValidator() {
        throw new Error("octoperf-mcp's bin bundles no JSON Schema validator: it never sends elicitation requests.");
      }
    }`,
  },
  {
    name: "zod-v3",
    filter: /^zod\/v3$/,
    contents: `export function object() {
      throw new Error("octoperf-mcp's bin bundles no zod 3: every schema it registers is zod 4.");
    }`,
  },
  {
    name: "zod-to-json-schema",
    filter: /^zod-to-json-schema$/,
    contents: `export function zodToJsonSchema() {
      throw new Error("octoperf-mcp's bin bundles no zod-to-json-schema: every schema it registers is zod 4.");
    }`,
  },
];

const standIns = {
  name: "stand-ins",
  setup(build) {
    for (const { name, filter, contents } of STAND_INS) {
      build.onResolve({ filter }, () => ({ path: name, namespace: "stand-in" }));
    }
    build.onLoad({ filter: /.*/, namespace: "stand-in" }, (args) => ({
      contents: STAND_INS.find((s) => s.name === args.path).contents,
      loader: "js",
    }));
  },
};

const result = await build({
  plugins: [standIns],
  entryPoints: { "octoperf-mcp": "dist/app/main.js" },
  outdir: OUT,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The HTTP adapter is import()ed on the first HTTP call: splitting keeps axios and its
  // dependencies in their own chunk, which demo mode never reads and HTTP mode reads late.
  splitting: true,
  // The chart libraries stay in node_modules, import()ed when a trend chart is drawn: resvg is a
  // native addon (it cannot be bundled), and Vega would only weigh on every start.
  external: ["vega", "vega-lite", "@resvg/resvg-js"],
  // Chunks sit next to the entry: package-info.js finds package.json at ../../ from whichever file holds it.
  chunkNames: "[name]-[hash]",
  // Bundled CommonJS dependencies call require() for Node's built-ins, which an ES module lacks.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  // Minified: Node compiles half the bytes before it can answer (spawn → first tools/list about a
  // tenth faster, BENCHMARKS.md). The price is stack traces with short names; the library build
  // (dist/, file by file, unminified) is there to debug with.
  minify: true,
  legalComments: "inline",
  // What each output file holds, for the bundle's tests (not shipped: the package takes dist/**/*.js).
  metafile: true,
  logLevel: "warning",
});
writeFileSync("dist/bin.meta.json", JSON.stringify(result.metafile));
