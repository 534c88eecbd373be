import type { LaunchPolicy } from "../model/launch-policy.js";
import type { Clock } from "../../ports/clock-port.js";
import type { OctoPerfPort } from "../../ports/octoperf-port.js";
import type { RunCoordinationPort } from "../../ports/run-coordination-port.js";
import type { TrendChartPort } from "../../ports/trend-chart-port.js";
import { CompareRuns } from "./compare-runs.js";
import { EvaluateSla } from "./evaluate-sla.js";
import { GetBenchReport } from "./get-bench-report.js";
import { GetLiveRun } from "./get-live-run.js";
import { GetRunMetrics } from "./get-run-metrics.js";
import { GetRunStatus } from "./get-run-status.js";
import { GetScenarioTrend } from "./get-scenario-trend.js";
import { LaunchScenario, type LaunchScenarioSettings } from "./launch-scenario.js";
import { ListProjects } from "./list-projects.js";
import { ListScenarios } from "./list-scenarios.js";
import { ListTestRuns } from "./list-test-runs.js";
import { ListWorkspaces } from "./list-workspaces.js";
import { RunAndAnalyze } from "./run-and-analyze.js";
import { StopRun } from "./stop-run.js";
import { WaitForRun } from "./wait-for-run.js";

/** What a use case is built from: the ports, and the settings the composition root reads from its configuration. */
export interface UseCaseDeps {
  readonly octoperf: OctoPerfPort;
  readonly clock: Clock;
  readonly coordination: RunCoordinationPort;
  readonly trendChart: TrendChartPort;
  readonly policy: LaunchPolicy;
  /** The launch's settings (its policy included). */
  readonly launch: LaunchScenarioSettings;
  /** Another use case of the same composition, built once: for a use case made of others (run and analyze). */
  useCase<K extends UseCaseName>(name: K): UseCases[K];
}

/**
 * The registry: one line per use case, how it is built from its ports. Everything else is
 * derived from it: the UseCases type, the container's registrations, the library's methods, the
 * linking layer (a use case whose answer carries no link passes through it as it is). The MCP
 * tools are listed in tools/index.ts; a test checks that each use case has a tool or is declared
 * library-only. Order: discover → launch → poll → analyze → watch.
 */
export const USE_CASE_FACTORIES = {
  // discover
  listWorkspaces: (d: UseCaseDeps) => new ListWorkspaces(d.octoperf),
  listProjects: (d: UseCaseDeps) => new ListProjects(d.octoperf),
  listScenarios: (d: UseCaseDeps) => new ListScenarios(d.octoperf),
  // launch
  launchScenario: (d: UseCaseDeps) => new LaunchScenario(d.octoperf, d.clock, d.coordination, d.launch),
  // Its return type is written: it takes other use cases, whose types come from this very registry.
  runAndAnalyze: (d: UseCaseDeps): RunAndAnalyze => new RunAndAnalyze(d.octoperf, d.clock, d.useCase("launchScenario"), d.useCase("waitForRun")),
  // poll
  getRunStatus: (d: UseCaseDeps) => new GetRunStatus(d.octoperf),
  waitForRun: (d: UseCaseDeps) => new WaitForRun(d.octoperf, d.clock, d.coordination),
  stopRun: (d: UseCaseDeps) => new StopRun(d.octoperf, d.policy),
  listTestRuns: (d: UseCaseDeps) => new ListTestRuns(d.octoperf),
  // analyze
  getBenchReport: (d: UseCaseDeps) => new GetBenchReport(d.octoperf),
  getRunMetrics: (d: UseCaseDeps) => new GetRunMetrics(d.octoperf),
  evaluateSla: (d: UseCaseDeps) => new EvaluateSla(d.octoperf),
  compareRuns: (d: UseCaseDeps) => new CompareRuns(d.octoperf),
  getScenarioTrend: (d: UseCaseDeps) => new GetScenarioTrend(d.octoperf, d.trendChart),
  // watch
  getLiveRun: (d: UseCaseDeps) => new GetLiveRun(d.octoperf, d.clock),
};

/** A use case's name: a key of the registry. */
export type UseCaseName = keyof typeof USE_CASE_FACTORIES;

/** Every use case, by name: what the MCP tools and the library API call. */
export type UseCases = { readonly [K in UseCaseName]: ReturnType<(typeof USE_CASE_FACTORIES)[K]> };

/** The registry as the container reads it: each name's factory, typed by that name. */
export const useCaseFactories: { readonly [K in UseCaseName]: (deps: UseCaseDeps) => UseCases[K] } = USE_CASE_FACTORIES;

// Object.keys types its answer as string[]; the registry's keys are exactly the names.
/** Every use case name, in the registry's order. */
export const USE_CASE_NAMES = Object.freeze(Object.keys(USE_CASE_FACTORIES) as UseCaseName[]);

/**
 * A record with one entry per use case, each made by `make` (a use case, its linked form, a
 * library method): the one place that turns the names into a record, for every layer that needs one.
 */
export function eachUseCase<T extends { readonly [K in UseCaseName]: unknown }>(make: <K extends UseCaseName>(name: K) => T[K]): T {
  // Object.fromEntries cannot tell that each name gets its own entry's type; `make` is typed per name.
  return Object.freeze(Object.fromEntries(USE_CASE_NAMES.map((name) => [name, make(name)]))) as T;
}
