// The esbuild settings of the bin (scripts/bundle-bin.mjs) that any server bundled like it shares:
// bench/cold-start.ts bundles its floor server (the SDK alone) with them, so that the two compare.

// Stand-ins for code of the SDK that this server never runs. Each fails loudly if that ever
// changes; the library build (dist/, file by file) keeps the real modules.
// - The SDK's Server builds an Ajv validator (ajv, ajv-formats, fast-uri: about a tenth of the
//   bundle) for one purpose, checking the answers to elicitation requests: this server never elicits.
// - Its zod compatibility layer carries zod 3 (`zod/v3`) and `zod-to-json-schema` for servers whose
//   schemas are zod 3: ours are zod 4 (the SDK takes its zod 4 branch), and tools/list is built
//   from zod 4's own toJSONSchema, by the build (src/adapters/mcp/tool-list.ts, scripts/bundle-bin.mjs).
export const STAND_INS = [
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

export const standIns = {
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

/** The options a server bundled like the bin uses (the bin adds its entry, chunks and plugins of its own). */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Bundled CommonJS dependencies call require() for Node's built-ins, which an ES module lacks.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  // Minified: Node compiles half the bytes before it can answer (spawn → first tools/list about a
  // tenth faster, BENCHMARKS.md). The price is stack traces with short names; the library build
  // (dist/, file by file, unminified) is there to debug with.
  minify: true,
  legalComments: "inline",
  logLevel: "warning",
};
