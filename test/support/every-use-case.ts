import { USE_CASE_NAMES, type UseCases } from "../../src/domain/use-cases/use-cases.js";
import { SEED } from "./seed-ids.js";

/** Every use case's name, in the registry's order. */
export { USE_CASE_NAMES };

/** Facts-only or linked: both take the same inputs. */
type AnyUseCases = { readonly [K in keyof UseCases]: { execute(input?: unknown): Promise<unknown> } };

/**
 * Calls one use case with a valid input on the seeded fake OctoPerf (waits with a budget of 0, so
 * they answer at once). A registered use case without its case here does not compile.
 */
export function callUseCase(useCases: AnyUseCases, name: keyof UseCases, runId: string): Promise<unknown> {
  const u = useCases;
  switch (name) {
    case "listWorkspaces":
      return u.listWorkspaces.execute();
    case "listProjects":
      return u.listProjects.execute({ workspaceId: SEED.workspace.acmeRetail });
    case "listScenarios":
      return u.listScenarios.execute({ projectId: SEED.project.checkoutApi });
    case "launchScenario":
      return u.launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke, allowParallel: true });
    case "runAndAnalyze":
      return u.runAndAnalyze.execute({
        scenarioId: SEED.scenario.checkoutSmoke,
        allowParallel: true,
        baselineBenchResultId: SEED.run.checkoutBaseline,
        maxWaitSeconds: 0,
      });
    case "getRunStatus":
      return u.getRunStatus.execute({ benchResultId: runId });
    case "waitForRun":
      return u.waitForRun.execute({ benchResultId: runId, maxWaitSeconds: 0 });
    case "stopRun":
      return u.stopRun.execute({ benchResultId: SEED.run.checkoutStopped });
    case "listTestRuns":
      return u.listTestRuns.execute({ projectId: SEED.project.checkoutApi });
    case "getBenchReport":
      return u.getBenchReport.execute({ reportId: SEED.report.checkoutBaseline });
    case "getRunMetrics":
      return u.getRunMetrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: ["ERRORS_PERCENT"] });
    case "evaluateSla":
      return u.evaluateSla.execute({ benchResultId: SEED.run.checkoutBaseline });
    case "compareRuns":
      return u.compareRuns.execute({ baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutLastNight });
    case "getScenarioTrend":
      return u.getScenarioTrend.execute({ scenarioId: SEED.scenario.checkoutNightly, runs: 3 });
    case "getLiveRun":
      return u.getLiveRun.execute({ benchResultId: runId, summary: true });
  }
}
