/**
 * The duplicate-launch guard through the HTTP adapter, against the loopback OctoPerf (issue 12,
 * item 4): a 404 on the remembered run means "forget it and launch"; a 503 storm launches nothing.
 */
import { mcpWords } from "../../support/mcp-words.js";
import { afterEach, describe, expect, it } from "vitest";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import { launchCount } from "../../support/octoperf-routes.js";
import { startHarness, type Harness } from "./http-harness.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.checkoutSmoke;

describe("the duplicate-launch guard, with a run that vanished upstream (HTTP adapter, loopback OctoPerf)", () => {
  let harness: Harness;
  afterEach(async () => harness?.close());

  it("a 404 on the remembered run: the second launch is sent", async () => {
    harness = await startHarness();
    const launch = new LaunchScenario(harness.adapter, harness.clock, new InMemoryRunCoordination(harness.clock));
    const first = await launch.execute({ scenarioId: SCENARIO });
    harness.stub.script("GET", `/runtime/bench-results/${first.benchResultId}`, [{ status: 404 }]);
    const second = await launch.execute({ scenarioId: SCENARIO });
    expect(second.outcome).toBe("launched");
    expect(launchCount(harness.stub.requests)).toBe(2);
  });

  it("a 503 storm on the remembered run: nothing is sent, and the error names the run to check", async () => {
    harness = await startHarness();
    const launch = new LaunchScenario(harness.adapter, harness.clock, new InMemoryRunCoordination(harness.clock));
    const first = await launch.execute({ scenarioId: SCENARIO });
    harness.stub.script(
      "GET",
      `/runtime/bench-results/${first.benchResultId}`,
      Array.from({ length: 4 }, () => ({ status: 503 })),
    );
    const error = await launch.execute({ scenarioId: SCENARIO }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^Nothing was launched\\. .*run "${first.benchResultId}".*HTTP 503`));
    expect(mcpWords(error)).toMatch(new RegExp(`^Nothing was launched\\. .*run "${first.benchResultId}".*HTTP 503.*octoperf_status`));
    expect(launchCount(harness.stub.requests)).toBe(1);
  });
});
