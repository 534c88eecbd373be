import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

/** Issue 22's budget for the view's HTML, which a host fetches each time it renders a run (npm test builds first). */
const VIEW_GZIP_CEILING = 150 * 1024;

describe("the live view's HTML", () => {
  it("is one self-contained file of at most 150 KB gzipped", () => {
    const html = readFileSync(new URL("../../../dist/views/view.html", import.meta.url), "utf8");
    expect(gzipSync(html).length).toBeLessThanOrEqual(VIEW_GZIP_CEILING);
    // Inline only: no file of its own to fetch, from anywhere.
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*\shref=/i);
    expect(html).toContain("default-src 'none'");
  });
});
