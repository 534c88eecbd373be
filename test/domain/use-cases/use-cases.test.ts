import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveUseCases, createContainer } from "../../../src/app/container.js";
import { parseOptions } from "../../../src/app/config.js";

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** A use case is a class with an execute() method; the other files here are input schemas and helpers. */
async function useCaseFiles(): Promise<{ file: string; classes: string[] }[]> {
  const files = readdirSync(root("src/domain/use-cases")).filter((f) => f.endsWith(".ts"));
  const found = await Promise.all(
    files.map(async (file) => {
      const module = (await import(root(`src/domain/use-cases/${file}`))) as Record<string, unknown>;
      const classes = Object.entries(module)
        .filter(([, value]) => typeof value === "function" && typeof (value as { prototype?: { execute?: unknown } }).prototype?.execute === "function")
        .map(([name]) => name);
      return { file, classes };
    }),
  );
  return found.filter((f) => f.classes.length > 0);
}

describe("the use cases", () => {
  it("each have their own test file at the matching path", async () => {
    const useCases = await useCaseFiles();
    expect(useCases.length).toBeGreaterThanOrEqual(13);
    for (const { file } of useCases) {
      const test = `test/domain/use-cases/${file.replace(/\.ts$/, ".test.ts")}`;
      expect(existsSync(root(test)), `${file} has ${test}`).toBe(true);
    }
  });

  it("are all offered by the composition root, one instance of each class", async () => {
    const classes = (await useCaseFiles()).flatMap((f) => f.classes);
    const resolved = Object.values(resolveUseCases(createContainer(parseOptions({ demo: true })))).map((u) => (u as object).constructor.name);
    expect(resolved.sort()).toEqual(classes.sort());
  });
});
