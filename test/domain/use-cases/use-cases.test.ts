import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveUseCase, createContainer } from "../../../src/app/container.js";
import { parseOptions } from "../../../src/app/config.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";
import { stallingPort } from "../../support/stalling-port.js";
import { callUseCase, USE_CASE_NAMES } from "../../support/every-use-case.js";

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
    const container = createContainer(parseOptions({ demo: true }));
    const resolved = USE_CASE_NAMES.map((name) => (resolveUseCase(container, name) as object).constructor.name);
    expect(resolved.sort()).toEqual(classes.sort());
  });

  // Deep links are the edges' business (src/adapters/linked-use-cases.ts): a use case answers
  // with ids and never spends an OctoPerf call on a link (the project lookup, getProject).
  it.each(USE_CASE_NAMES)("%s makes no call for a deep link", async (name) => {
    const clock = new ManualClock(undefined, true);
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 60_000 });
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    const { port, calls } = stallingPort(fake);
    const container = createContainer(parseOptions({ demo: true }), { octoperf: port, clock });
    const useCases = Object.fromEntries(USE_CASE_NAMES.map((n) => [n, resolveUseCase(container, n)])) as unknown as Parameters<typeof callUseCase>[0];
    await callUseCase(useCases, name, benchResultId);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls).not.toContain("getProject");
  });
});
