// Bundles the bin (`npm run build`, after tsc): dist/app/bin.js (which turns Node's compile cache on,
// then import()s the CLI, dist/app/main.js) and its dependencies into
// dist/bin/, so that `octoperf-mcp` starts from one file instead of ~330 ES modules (Node 20's
// ESM loader reads and compiles each file on its own, with no compile cache). The bundle is the
// library's own code, as tsc compiled it: no module is swapped or generated here.
import { rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "./bundle-options.mjs";

const OUT = "dist/bin";

// Chunks carry content hashes: old ones would otherwise pile up and ship in the tarball.
rmSync(OUT, { recursive: true, force: true });

const result = await build({
  ...BUNDLE_OPTIONS,
  entryPoints: { "octoperf-mcp": "dist/app/bin.js" },
  outdir: OUT,
  // What is import()ed on first use (the HTTP client, the demo data, the Redis client, the gate,
  // the doctor) gets a chunk of its own, which Node reads only then.
  splitting: true,
  // The chart libraries stay in node_modules, import()ed when a trend chart is drawn: resvg is a
  // native addon (it cannot be bundled), and Vega would only weigh on every start.
  external: ["vega", "@resvg/resvg-js"],
  // Chunks sit next to the entry, named after what they hold (the tests find them by name).
  chunkNames: "[name]-[hash]",
  // What each output file holds, for the bundle's tests (not shipped: the package takes dist/**/*.js).
  metafile: true,
});
writeFileSync("dist/bin.meta.json", JSON.stringify(result.metafile));
