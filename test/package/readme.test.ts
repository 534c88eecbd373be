import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allTools } from "../../src/adapters/mcp/tools/index.js";
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

  it("maps each tool to its use case and the port methods it calls (the architecture table)", () => {
    const source = (path: string) => readFileSync(new URL(`../../src/${path}`, import.meta.url), "utf8");
    const portMethods = new Set([...source("ports/octoperf-port.ts").matchAll(/^\s+(\w+)\(/gm)].map((match) => match[1]!));
    const kebab = (name: string) => name.replace(/[A-Z]/g, (letter, at: number) => `${at === 0 ? "" : "-"}${letter.toLowerCase()}`);
    const rows = new Map(
      [...README.matchAll(/^\| `(\w+)` \| `(\w+)` \| (.+) \|$/gm)].map(([, tool, useCase, methods]) => [tool!, { useCase: useCase!, methods: methods! }]),
    );
    for (const tool of allTools) {
      const row = rows.get(tool.name);
      expect(row, `${tool.name} has no row in the README's architecture table`).toBeDefined();
      const { useCase, methods } = row!;
      // The tool calls that use case, through the linked use cases (named after it, lower camel case).
      const useCaseKey = useCase[0]!.toLowerCase() + useCase.slice(1);
      expect(source(`adapters/mcp/tools/${tool.name.replace(/_/g, "-")}.ts`), tool.name).toContain(`useCases.${useCaseKey}.execute(`);
      const useCaseSource = source(`domain/use-cases/${kebab(useCase)}.ts`);
      expect(useCaseSource).toContain(`export class ${useCase} `);
      // Every method named is a port method (or a use case whose methods it stands for); every port method the use case calls itself is named.
      const named = [...methods.matchAll(/`(\w+)`/g)].map((match) => match[1]!);
      for (const name of named) expect(portMethods.has(name) || /^[A-Z]/.test(name), `${tool.name}: ${name}`).toBe(true);
      for (const [, called] of useCaseSource.matchAll(/octoperf\.(\w+)\(/g)) expect(named, `${tool.name} calls ${called}`).toContain(called);
    }
  });
});
