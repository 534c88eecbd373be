// Builds the live view (`npm run build`, after tsc): view/*.ts, ext-apps' App and uPlot bundled
// into one self-contained HTML file, dist/views/view.html, which the server serves as its
// `ui://` resource. Everything is inline (script, styles): the view's CSP allows nothing outside.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";

const OUT = "dist/views/view.html";

const script = await build({
  entryPoints: ["view/run-view.ts"],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  legalComments: "none",
  // The view imports ext-apps' own browser build (`app-with-deps`: the App with the slice of the
  // MCP SDK and zod it needs, 78 KB gzipped). Bundled from the SDK and zod's sources, the App
  // weighs 140 KB: zod's `z.locales` (every language's messages) stays in once `z` is passed around.
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
const styles = await transform(readFileSync("node_modules/uplot/dist/uPlot.min.css", "utf8") + readFileSync("view/view.css", "utf8"), {
  loader: "css",
  minify: true,
});

// "</script" inside the bundle would end the inline script early.
const js = script.outputFiles[0].text.replace(/<\/(script)/gi, "<\\/$1");
const html = readFileSync("view/view.html", "utf8")
  // Functions, not strings, as replacements: the bundle is full of "$" sequences.
  .replace("/*STYLES*/", () => styles.code)
  .replace("/*SCRIPT*/", () => js);

mkdirSync("dist/views", { recursive: true });
writeFileSync(OUT, html);
if (process.env.VIEW_BUILD_QUIET === undefined) {
  console.error(`view: ${OUT} ${(html.length / 1024).toFixed(0)} KB, ${(gzipSync(html).length / 1024).toFixed(0)} KB gzipped`);
}
