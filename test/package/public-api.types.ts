/**
 * Type-level test of the public API, checked by `tsc` (npm test type-checks before it runs):
 * if an export disappears or changes shape, the build goes red.
 */
import {
  createDemoOctoPerf,
  createOctoPerf,
  FakeOctoPerfAdapter,
  InvalidInputError,
  KEY_METRIC_IDS,
  LaunchOutcomeUnknownError,
  METRIC_CATALOGUE,
  NotFoundError,
  OCTOPERF,
  OctoPerfError,
  SystemClock,
  type BenchReport,
  type Clock,
  type ComparisonCaveat,
  type CriterionBasis,
  type MetricId,
  type MetricValue,
  type OctoPerf,
  type OctoPerfPort,
  type RunComparison,
  type Scenario,
  type SlaReport,
  type TestRun,
  type Verdict,
  type WaitResult,
  type Workspace,
} from "octoperf-mcp";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

const demo: OctoPerf = createDemoOctoPerf({ demoRunSeconds: 5 });
const real: OctoPerf = createOctoPerf({ apiKey: "key", baseUrl: "https://octoperf.example.com", timeoutMs: 5000, maxRetries: 2 });
void real;

export async function typeChecks(): Promise<void> {
  const workspaces: Workspace[] = await demo.listWorkspaces();
  const scenarios: (Scenario & { url: string | null })[] = await demo.listScenarios({ projectId: workspaces[0]!.id });
  const run = await demo.launchScenario({ scenarioId: scenarios[0]!.id, allowParallel: false });
  const wait: WaitResult = await demo.waitForRun({ benchResultId: run.benchResultId }, { onProgress: (p) => void p.percent });
  const state: TestRun["state"] = wait.run.state;
  const report: BenchReport = await demo.getBenchReport({ reportId: run.benchReportId });
  const metrics: readonly MetricValue[] = (await demo.getRunMetrics({ benchResultId: run.benchResultId, metricIds: [...KEY_METRIC_IDS] })).metrics;
  const sla: SlaReport = await demo.evaluateSla({ benchResultId: run.benchResultId });
  const verdict: Verdict = sla.verdict;
  const comparison: RunComparison = await demo.compareRuns({ baselineBenchResultId: "a", candidateBenchResultId: "b" });
  void [state, report, metrics, verdict, comparison];

  // Verdicts explain themselves with facts: a criterion's basis, a comparison's caveats.
  const basis: CriterionBasis = sla.results[0]!.basis;
  if (basis.kind === "unavailable") void [basis.unavailable.httpStatus, basis.unavailable.serverMessage];
  if (basis.kind === "partial") void basis.state;
  const caveats: readonly ComparisonCaveat[] = comparison.caveats;
  for (const caveat of caveats) if (caveat.kind === "metric-unavailable") void [caveat.metricId, caveat.side, caveat.unavailable.cause];
  assertType<Equal<ComparisonCaveat["kind"], "partial-run" | "metric-unavailable" | "different-scenarios">>();

  assertType<Equal<Awaited<ReturnType<OctoPerf["stopRun"]>>["stopRequested"], boolean>>();
  const id: MetricId = "RESPONSE_TIME_PERCENTILE_95";
  void METRIC_CATALOGUE.get(id)?.unit;

  // Errors are classes: instanceof works across the package boundary.
  const error: unknown = new NotFoundError("scenario", "x");
  if (error instanceof OctoPerfError) void error.code;
  void [InvalidInputError, LaunchOutcomeUnknownError];

  // Bring your own adapter: the port and its token are public.
  const clock: Clock = new SystemClock();
  const port: OctoPerfPort = new FakeOctoPerfAdapter(clock);
  void [port, OCTOPERF];
}
