import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { InMemoryRunCoordination } from "../../src/adapters/memory/in-memory-run-coordination.js";
import { GetBenchReport } from "../../src/domain/use-cases/get-bench-report.js";
import { GetRunMetrics } from "../../src/domain/use-cases/get-run-metrics.js";
import { GetRunStatus } from "../../src/domain/use-cases/get-run-status.js";
import { LaunchScenario } from "../../src/domain/use-cases/launch-scenario.js";
import { ManualClock } from "./manual-clock.js";

/** How long a run of the fake lasts in the readers' tests. */
export const RUN_MS = 30_000;

/** A fake OctoPerf on a manual clock, a launcher, and the three use cases that read a run. */
export function runReaders() {
  const clock = new ManualClock();
  const port = new FakeOctoPerfAdapter(clock, { runDurationMs: RUN_MS });
  return {
    clock,
    launch: new LaunchScenario(port, clock, new InMemoryRunCoordination(clock)),
    status: new GetRunStatus(port),
    report: new GetBenchReport(port),
    metrics: new GetRunMetrics(port),
    port,
  };
}
