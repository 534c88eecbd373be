import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT_CODES } from "../../src/app/gate/gate-report.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const paragraphs = README.split(/\n\s*\n/);

describe("README", () => {
  it("shows the npm registry routes only as 'once published' (the package is not on npm yet)", () => {
    // npx finds a bin installed from the tarball; without it, npx would fetch from the registry.
    const registryRoutes = /npm install (-g )?octoperf-mcp\b|npx (-y )?octoperf-mcp\b|"npx", "args": \["-y"|"\/c", "npx"/;
    const worksToday = (p: string) =>
      /once (it is |the package is )?published/i.test(p) || /install (--no-save |-g )?\.\/(vendor\/)?octoperf-mcp-[\d.]+\.tgz/.test(p);
    const offending = paragraphs.filter((p) => registryRoutes.test(p) && !worksToday(p));
    expect(offending).toEqual([]);
    // The routes that work today are there.
    expect(README).toContain("npm pack");
    expect(README).toMatch(/npm install \.\/octoperf-mcp-0\.1\.0\.tgz/);
  });

  it("says the package is ESM only, with the line a CommonJS user writes", () => {
    expect(README).toMatch(/ESM only/);
    expect(README).toContain('await import("octoperf-mcp")');
  });

  it("documents every exit code of the gate, and CI jobs that take the key from the secret store", () => {
    for (const code of Object.values(EXIT_CODES)) expect(README).toMatch(new RegExp(`^\\| ${code} \\| `, "m"));
    expect(README).toContain("OCTOPERF_API_KEY: ${{ secrets.OCTOPERF_API_KEY }}");
    expect(README).toMatch(/GitLab CI[\s\S]*reports:\n\s+junit: octoperf-junit\.xml/);
  });
});
