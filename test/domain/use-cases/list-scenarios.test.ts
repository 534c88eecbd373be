import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { NotFoundError } from "../../../src/domain/errors.js";
import { ListScenarios } from "../../../src/domain/use-cases/list-scenarios.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";

const octoperf = () => new FakeOctoPerfAdapter(new ManualClock());

describe("ListScenarios", () => {
  it("lists a project's scenarios with a computed summary", async () => {
    const scenarios = await new ListScenarios(octoperf()).execute({ projectId: SEED.project.checkoutApi });
    expect(scenarios.map((s) => s.name)).toEqual(["Checkout nightly 500 VUs", "Checkout smoke 20 VUs"]);
    expect(scenarios[0]!.summary).toEqual({ profileCount: 1, totalVus: 500, expectedDurationMs: 12 * 60_000 });
    expect(scenarios[1]!.summary).toEqual({ profileCount: 2, totalVus: 20, expectedDurationMs: 4 * 60_000 });
  });

  it("lists the scenarios of every visible project when no project is given", async () => {
    const scenarios = await new ListScenarios(octoperf()).execute();
    expect(scenarios).toHaveLength(7);
    expect(new Set(scenarios.map((s) => s.projectId)).size).toBe(4);
  });

  it("refuses a malformed project id before calling OctoPerf, and reports an unknown one as not found", async () => {
    const port = octoperf();
    await expect(new ListScenarios(port).execute({ projectId: 42 as never })).rejects.toThrow(/projectId must be a string/);
    await expect(new ListScenarios(port).execute({ projectId: UNKNOWN.project })).rejects.toBeInstanceOf(NotFoundError);
  });
});
