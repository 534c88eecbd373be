import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderToolTable, TOOL_TABLE_END, TOOL_TABLE_START } from "../../../src/adapters/mcp/tool-table.js";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

describe("tool registry lint", () => {
  it("has unique names, each in a file named after it", () => {
    const names = allTools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(existsSync(root(`src/adapters/mcp/tools/${name.replace(/_/g, "-")}.ts`)), name).toBe(true);
  });

  it("gives every tool a title, a bounded description, an output schema and coherent annotations", () => {
    for (const tool of allTools) {
      expect(tool.title.length, tool.name).toBeGreaterThan(3);
      expect(tool.description.length, tool.name).toBeGreaterThan(80);
      expect(tool.description.length, tool.name).toBeLessThan(1200);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations.readOnlyHint && tool.annotations.destructiveHint, tool.name).toBe(false);
      for (const [param, schema] of Object.entries(tool.inputSchema)) {
        expect(schema.description, `${tool.name}.${param} has a description`).toBeTruthy();
      }
    }
  });

  it("matches the README's tool table (regenerate with npm run readme:tools)", () => {
    const readme = readFileSync(root("README.md"), "utf8");
    const start = readme.indexOf(TOOL_TABLE_START);
    const end = readme.indexOf(TOOL_TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + TOOL_TABLE_START.length, end).trim()).toBe(renderToolTable(allTools));
  });
});
