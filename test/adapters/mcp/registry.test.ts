import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUN_VIEW_TOOL } from "../../../src/adapters/mcp/apps/view-data.js";
import { renderToolTable, TOOL_TABLE_END, TOOL_TABLE_START } from "../../../src/adapters/mcp/tool-table.js";
import type { LinkedUseCases } from "../../../src/adapters/linked-use-cases.js";
import { allTools, LIBRARY_ONLY } from "../../../src/adapters/mcp/tools/index.js";
import type { RegisteredTool } from "../../../src/adapters/mcp/define-tool.js";
import { eachUseCase, USE_CASE_NAMES, type UseCaseName } from "../../../src/domain/use-cases/use-cases.js";

/**
 * A model reads every parameter's words in every conversation, so a parameter may go without
 * them only when its name says what to pass: an id, named as the answers that give it name it
 * (benchResultId, reportId, workspaceId, projectId, runtimeId; scenarioId, which get_runtime_id's
 * description says once is its runtimeId) or a run's id by its role (baselineBenchResultId,
 * candidateBenchResultId); or a number whose unit ends its name (pollIntervalSeconds,
 * tolerancePercent), on a tool whose description says what it tunes. Everything else has words:
 * a default, what a list holds, when to omit it.
 */
const NAME_SAYS_IT = /(?:^benchResultId|BenchResultId|^reportId|^workspaceId|^projectId|^runtimeId|^scenarioId|Seconds|Percent)$/;

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
      // A tool only a view calls (visibility ["app"]) is not read by a model: a line that says whose it is will do.
      expect(tool.description.length, tool.name).toBeGreaterThan(tool.name === RUN_VIEW_TOOL ? 20 : 80);
      expect(tool.description.length, tool.name).toBeLessThan(1200);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations.readOnlyHint && tool.annotations.destructiveHint, tool.name).toBe(false);
      // A tool that launches load (destructive, not idempotent) says so in the words a model reads, however short they get.
      const launches = tool.annotations.destructiveHint && !tool.annotations.idempotentHint;
      expect(/SPENDS CREDITS and puts real load on real systems: only when the user asked/.test(tool.description), tool.name).toBe(launches);
      for (const [param, schema] of Object.entries(tool.inputSchema)) {
        if (schema.description === undefined) expect(param, `${tool.name}.${param} needs words: its name does not say what to pass`).toMatch(NAME_SAYS_IT);
        else expect(schema.description.trim(), `${tool.name}.${param}`).not.toBe("");
      }
    }
  });

  it("says once, in get_runtime_id's description, that the scenarioId the other tools take is its runtimeId", () => {
    const bare = allTools.filter((tool) => "scenarioId" in tool.inputSchema && tool.inputSchema["scenarioId"].description === undefined);
    expect(bare.length).toBeGreaterThan(0);
    expect(allTools.find((tool) => tool.name === "get_runtime_id")!.description).toMatch(/runtimeId is the scenarioId/);
  });

  it("matches the README's tool table (regenerate with npm run readme:tools)", () => {
    const readme = readFileSync(root("README.md"), "utf8");
    const start = readme.indexOf(TOOL_TABLE_START);
    const end = readme.indexOf(TOOL_TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + TOOL_TABLE_START.length, end).trim()).toBe(renderToolTable(allTools));
  });

  it("registers every tool file, and every tool file has its own test at the matching path", async () => {
    const files = readdirSync(root("src/adapters/mcp/tools")).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files.length).toBeGreaterThanOrEqual(allTools.length);
    for (const file of files) {
      const module = (await import(root(`src/adapters/mcp/tools/${file}`))) as { default?: unknown };
      expect(allTools.includes(module.default as (typeof allTools)[number]), `${file} is in tools/index.ts`).toBe(true);
      const test = `test/adapters/mcp/tools/${file.replace(/\.ts$/, ".test.ts")}`;
      expect(existsSync(root(test)), `${file} has ${test}`).toBe(true);
    }
  });

  it("ties every tool to a registered use case, and every registered use case to a tool or to LIBRARY_ONLY", async () => {
    const calledBy = new Map<UseCaseName, string[]>();
    for (const tool of allTools) {
      const called = await useCasesCalledBy(tool);
      expect(called.length, `${tool.name} calls a use case of the registry (src/domain/use-cases/use-cases.ts)`).toBeGreaterThan(0);
      for (const name of called) calledBy.set(name, [...(calledBy.get(name) ?? []), tool.name]);
    }
    for (const name of USE_CASE_NAMES) {
      const tools = calledBy.get(name) ?? [];
      if (LIBRARY_ONLY.includes(name)) expect(tools, `${name} is in LIBRARY_ONLY but a tool calls it`).toEqual([]);
      else expect(tools.length, `${name} is called by a tool in tools/index.ts, or named in LIBRARY_ONLY`).toBeGreaterThan(0);
    }
  });
});

/** The use cases a tool's handler calls: each stops it at its first call (its first step, whatever the arguments). */
async function useCasesCalledBy(tool: RegisteredTool): Promise<UseCaseName[]> {
  const called: UseCaseName[] = [];
  const stop = new Error("stopped at the first use case");
  const useCases = eachUseCase<{ readonly [K in UseCaseName]: { execute(): Promise<never> } }>((name) => ({
    execute: () => {
      called.push(name);
      return Promise.reject(stop);
    },
  }));
  const context = {
    useCases: useCases as unknown as LinkedUseCases,
    signal: new AbortController().signal,
    offered: new Set<string>(),
    progress: async () => {},
  };
  await expect(tool.call({}, context), tool.name).rejects.toBe(stop);
  return called;
}
