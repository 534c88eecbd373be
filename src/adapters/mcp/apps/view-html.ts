import { readFile } from "node:fs/promises";

/**
 * The view's HTML, built by `npm run build` (scripts/build-view.mjs) into dist/views/view.html.
 * Where that file is, seen from this module: the library's dist/ and the sources (tests) sit
 * four levels under the package root, the bin's chunks in dist/bin/ one level under dist/.
 */
const PLACES = ["../../../../dist/views/view.html", "../views/view.html"];

let html: Promise<string> | undefined;

/** Read once, on the first request for the view: a server whose host never renders views never reads it. */
export function viewHtml(): Promise<string> {
  html ??= firstReadable().catch((error: unknown) => {
    html = undefined;
    throw error;
  });
  return html;
}

async function firstReadable(): Promise<string> {
  for (const place of PLACES) {
    try {
      return await readFile(new URL(place, import.meta.url), "utf8");
    } catch {
      // Not this layout: try the next.
    }
  }
  throw new Error("The live view is not built (dist/views/view.html is missing): run npm run build.");
}
