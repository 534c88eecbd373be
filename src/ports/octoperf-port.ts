import type { BenchReport } from "../domain/model/bench-report.js";
import type { LiveMetric } from "../domain/model/live-metrics.js";
import type { MetricId, MetricValue } from "../domain/model/metrics.js";
import type { Project } from "../domain/model/project.js";
import type { Scenario } from "../domain/model/scenario.js";
import type { LaunchedRun, TestRun } from "../domain/model/test-run.js";
import type { Workspace } from "../domain/model/workspace.js";

/** Every operation can be cancelled: waits and MCP cancellations propagate down to HTTP. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * What the domain needs of OctoPerf, in OctoPerf's words. Two adapters implement it: the HTTP
 * one (the real REST API) and the in-memory fake (demo mode and tests); one contract suite
 * keeps them interchangeable.
 *
 * Failures are the domain's typed errors (`domain/errors.ts`), never transport errors.
 */
export interface OctoPerfPort {
  listWorkspaces(options?: CallOptions): Promise<Workspace[]>;
  listProjects(workspaceId: string, options?: CallOptions): Promise<Project[]>;
  /** One project: how a project id leads to its workspace (deep links need both). */
  getProject(projectId: string, options?: CallOptions): Promise<Project>;
  listScenarios(projectId: string, options?: CallOptions): Promise<Scenario[]>;
  getScenario(scenarioId: string, options?: CallOptions): Promise<Scenario>;
  /** Starts real load and spends credits: implementations send it at most once, never retried. */
  launchScenario(scenarioId: string, options?: CallOptions): Promise<LaunchedRun>;
  /** The run's state; `progress` may be null (see getRunProgress). */
  getRun(benchResultId: string, options?: CallOptions): Promise<TestRun>;
  /** 0..1, display only; null when OctoPerf has none. */
  getRunProgress(benchResultId: string, options?: CallOptions): Promise<number | null>;
  /** Asks OctoPerf to abort the run; the state turns ABORTED asynchronously. */
  stopRun(benchResultId: string, options?: CallOptions): Promise<void>;
  /** The bench reports of a project, which is how OctoPerf links runs to a project. */
  listReports(projectId: string, options?: CallOptions): Promise<BenchReport[]>;
  getReport(benchReportId: string, options?: CallOptions): Promise<BenchReport>;
  /** Summary values of a run, one per requested id, in the same order. */
  getMetrics(benchResultId: string, metricIds: readonly MetricId[], options?: CallOptions): Promise<MetricValue[]>;
  /**
   * The run's global metrics right now, as OctoPerf names them (names and units unconfirmed:
   * live-metrics.ts). Meant for a RUNNING run; outside it the list may be empty.
   */
  getLiveMetrics(benchResultId: string, options?: CallOptions): Promise<LiveMetric[]>;
}

export const OCTOPERF: unique symbol = Symbol("OctoPerfPort");
