/**
 * The duplicate-launch guard and a run that vanished upstream (issue 12, item 4). Launch a
 * scenario, the run disappears from OctoPerf (deleted, or its read fails), launch again: a 404
 * means "forget it and launch"; a passing failure of that check refuses to launch blindly and
 * says what was checked and what to do. (Through the HTTP adapter: test/adapters/http/launch-vanished-run.test.ts.)
 */
import { mcpWords } from "../../support/mcp-words.js";
import { describe, expect, it } from "vitest";
import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { LaunchCheckFailedError, NotFoundError, UpstreamUnavailableError } from "../../../src/domain/errors.js";
import { LaunchScenario } from "../../../src/domain/use-cases/launch-scenario.js";
import type { OctoPerfPort } from "../../../src/ports/octoperf-port.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const SCENARIO = SEED.scenario.checkoutSmoke;

/** The fake, where reads of chosen runs fail the way the test says (as OctoPerf would after a delete). */
function withFailingRunReads(fake: FakeOctoPerfAdapter) {
  const failures = new Map<string, () => Error>();
  let launches = 0;
  const port: OctoPerfPort = new Proxy(fake, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === "getRun") {
        return async (id: string, options?: unknown) => {
          const failure = failures.get(id);
          if (failure !== undefined) throw failure();
          return target.getRun(id, options as never);
        };
      }
      if (key === "launchScenario") {
        return async (...args: Parameters<FakeOctoPerfAdapter["launchScenario"]>) => {
          launches += 1;
          return target.launchScenario(...args);
        };
      }
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { port, failures, launches: () => launches };
}

describe("the duplicate-launch guard, with a run that vanished upstream (use case)", () => {
  function setup() {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
    const failing = withFailingRunReads(fake);
    return { clock, ...failing, launch: new LaunchScenario(failing.port, clock, new InMemoryRunCoordination(clock)) };
  }

  it("a remembered run OctoPerf no longer has is forgotten, and the new launch goes out", async () => {
    const { failures, launches, launch } = setup();
    const first = await launch.execute({ scenarioId: SCENARIO });
    failures.set(first.benchResultId, () => new NotFoundError("bench result", first.benchResultId));
    const second = await launch.execute({ scenarioId: SCENARIO });
    expect(second.outcome).toBe("launched");
    expect(second.benchResultId).not.toBe(first.benchResultId);
    expect(launches()).toBe(2);
    // Forgotten: the next launch checks the new run, not the vanished one.
    const third = await launch.execute({ scenarioId: SCENARIO });
    expect(third).toMatchObject({ outcome: "existing", benchResultId: second.benchResultId });
    expect(launches()).toBe(2);
  });

  it("a passing failure of the check launches nothing and says what was checked and what to do", async () => {
    const { failures, launches, launch } = setup();
    const first = await launch.execute({ scenarioId: SCENARIO });
    failures.set(
      first.benchResultId,
      () =>
        new UpstreamUnavailableError("OctoPerf answered HTTP 503 to GET /x after 4 attempts: it is having trouble, try again later.", {
          what: "OctoPerf answered HTTP 503 to GET /x after 4 attempts",
        }),
    );
    const error = await launch.execute({ scenarioId: SCENARIO }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LaunchCheckFailedError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryable: true, benchResultId: first.benchResultId, scenarioId: SCENARIO });
    expect(mcpWords(error)).toBe(
      `Nothing was launched. Scenario "${SCENARIO}" was launched moments ago as run "${first.benchResultId}", and checking whether ` +
        "that run is still provisioning failed (OctoPerf answered HTTP 503 to GET /x after 4 attempts). " +
        `Check run "${first.benchResultId}" with octoperf_status: if it is under way, follow it instead of launching; ` +
        "otherwise launch again (allowParallel: true starts another run regardless).",
    );
    expect(launches()).toBe(1);
    // Once OctoPerf answers again, the guard works as before.
    failures.clear();
    expect((await launch.execute({ scenarioId: SCENARIO })).outcome).toBe("existing");
  });
});
