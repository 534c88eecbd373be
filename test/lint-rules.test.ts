import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

/**
 * The ESLint rules behind two of the edge's "no"s (eslint.config.js), proven the way
 * test/architecture.test.ts proves the dependency rules: each fires on a violating example and
 * stays quiet on the legitimate form. (The third "no", SDK internals, is a dependency rule:
 * `sdk-only-through-documented-entry-points`.) The examples are linted with the project's own
 * config, at the path they would have; type-aware rules are off, since the files are not on disk.
 */
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ["**/*.ts"], ...tseslint.configs.disableTypeChecked }] });

async function messagesOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const CASES: ReadonlyArray<readonly [what: string, file: string, violation: string, legitimate: string]> = [
  [
    "no request handler of the SDK replaced",
    "src/adapters/mcp/cache-tool-list.ts",
    `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";\nexport function cache(server: McpServer) {\n  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));\n}\n`,
    `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nexport function register(server: McpServer) {\n  server.registerTool("t", { description: "d" }, () => ({ content: [] }));\n}\n`,
  ],
  [
    "no module swapped at build time (an esbuild plugin's onLoad)",
    "scripts/bundle-swap.mjs",
    `import { build } from "esbuild";\nconst swap = { name: "swap", setup(b) { b.onLoad({ filter: /catalog/ }, () => ({ contents: "" })); } };\nawait build({ entryPoints: ["a.js"], plugins: [swap] });\n`,
    `import { build } from "esbuild";\nawait build({ entryPoints: ["a.js"], bundle: true });\n`,
  ],
  [
    "no module swapped at build time (a plugins list alone)",
    "bench/bundle-floor.ts",
    `import { build } from "esbuild";\nimport { standIns } from "./stand-ins.js";\nawait build({ entryPoints: ["a.js"], plugins: [standIns] });\n`,
    `import { build } from "esbuild";\nawait build({ entryPoints: ["a.js"], bundle: true });\n`,
  ],
  [
    "no second parse of a use case's input in the linking layer",
    "src/adapters/linked-use-cases.ts",
    `import { WaitForRunInput } from "../domain/use-cases/wait-for-run.js";\nexport const budgetOf = (input: unknown) => WaitForRunInput.safeParse(input);\n`,
    `export const budgetOf = (told: { answerBy: number }) => told.answerBy;\n`,
  ],
  [
    "no WeakMap side channel for an error's links",
    "src/adapters/error-links.ts",
    `const linksOfErrors = new WeakMap<Error, string>();\nexport const linkOf = (error: Error) => linksOfErrors.get(error) ?? null;\n`,
    `export const linkOf = (error: Error & { readonly scenarioUrl?: string }) => error.scenarioUrl ?? null;\n`,
  ],
  [
    "no request handler of the SDK replaced, in the linking layer too",
    "src/adapters/linked-use-cases.ts",
    `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\nimport { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";\nexport function cache(server: McpServer) {\n  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));\n}\n`,
    `export const nothing = null;\n`,
  ],
];

describe("ESLint rules of the MCP edge", () => {
  it.each(CASES)("%s: fires on %s, and not on the legitimate form", async (_what, file, violation, legitimate) => {
    const fired = await messagesOf(file, violation);
    expect(
      fired.filter((m) => m.startsWith("no-restricted-syntax:")),
      fired.join("\n"),
    ).not.toEqual([]);
    expect(await messagesOf(file, legitimate)).toEqual([]);
  });
});
