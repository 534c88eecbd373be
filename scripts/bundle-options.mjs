// The esbuild settings of the bin (scripts/bundle-bin.mjs) that any server bundled like it shares:
// bench/cold-start.ts bundles its floor server (the SDK alone) with them, so that the two compare.

/** The options a server bundled like the bin uses (the bin adds its entry, chunks and externals). */
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
