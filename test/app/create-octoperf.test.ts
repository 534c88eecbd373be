/** The library facade: one method per registered use case, derived from the registry, none forgotten. */
import { describe, expect, it } from "vitest";
import { createDemoOctoPerf } from "../../src/app/create-octoperf.js";
import { eachUseCase, USE_CASE_NAMES, type UseCases } from "../../src/domain/use-cases/use-cases.js";
import { callUseCase } from "../support/every-use-case.js";
import { ManualClock } from "../support/manual-clock.js";
import { SEED } from "../support/seed-ids.js";

describe("createOctoPerf's facade", () => {
  it("offers every registered use case as a method, and nothing else", () => {
    const octoperf = createDemoOctoPerf({}, { logger: { log: () => {} } });
    expect(Object.keys(octoperf).sort()).toEqual([...USE_CASE_NAMES].sort());
    for (const name of USE_CASE_NAMES) expect(typeof octoperf[name], name).toBe("function");
    expect(Object.isFrozen(octoperf)).toBe(true);
  });

  it.each(USE_CASE_NAMES)("%s answers through its method on the demo OctoPerf", async (name) => {
    const clock = new ManualClock(undefined, true);
    const octoperf = createDemoOctoPerf({}, { clock, logger: { log: () => {} } });
    const { benchResultId } = await octoperf.launchScenario({ scenarioId: SEED.scenario.checkoutSmoke, allowParallel: true });
    const methods = eachUseCase<{ readonly [K in keyof UseCases]: { execute(input?: unknown): Promise<unknown> } }>((n) => ({
      execute: (input?: unknown) => (octoperf[n] as (input?: unknown) => Promise<unknown>)(input),
    }));
    await expect(callUseCase(methods, name, benchResultId)).resolves.toBeDefined();
  });
});
