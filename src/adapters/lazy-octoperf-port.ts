import type { LiveMetric } from "../domain/model/live-metrics.js";
import type { BenchReport } from "../domain/model/bench-report.js";
import type { MetricId, MetricValue } from "../domain/model/metrics.js";
import type { Project } from "../domain/model/project.js";
import type { Scenario } from "../domain/model/scenario.js";
import type { LaunchedRun, TestRun } from "../domain/model/test-run.js";
import type { Workspace } from "../domain/model/workspace.js";
import type { CallOptions, OctoPerfPort } from "../ports/octoperf-port.js";

/**
 * An OctoPerfPort built on its first call. The HTTP adapter drags in axios and its dependencies
 * (a third of the server's start-up time); behind this, an MCP host gets its tools list without
 * waiting for them, and demo mode never loads them at all.
 *
 * `load` runs once, on the first call; its promise is kept, so concurrent first calls share it.
 * Whatever can be checked without the real adapter (its configuration) is checked by the caller
 * before, so that a bad setting still fails at startup and not on the first tool call.
 */
export class LazyOctoPerfPort implements OctoPerfPort {
  readonly #load: () => Promise<OctoPerfPort>;
  #port: Promise<OctoPerfPort> | undefined;

  constructor(load: () => Promise<OctoPerfPort>) {
    this.#load = load;
  }

  #target(): Promise<OctoPerfPort> {
    this.#port ??= this.#load();
    return this.#port;
  }

  async listWorkspaces(options?: CallOptions): Promise<Workspace[]> {
    return (await this.#target()).listWorkspaces(options);
  }

  async listProjects(workspaceId: string, options?: CallOptions): Promise<Project[]> {
    return (await this.#target()).listProjects(workspaceId, options);
  }

  async getProject(projectId: string, options?: CallOptions): Promise<Project> {
    return (await this.#target()).getProject(projectId, options);
  }

  async listScenarios(projectId: string, options?: CallOptions): Promise<Scenario[]> {
    return (await this.#target()).listScenarios(projectId, options);
  }

  async getScenario(scenarioId: string, options?: CallOptions): Promise<Scenario> {
    return (await this.#target()).getScenario(scenarioId, options);
  }

  async launchScenario(scenarioId: string, options?: CallOptions): Promise<LaunchedRun> {
    return (await this.#target()).launchScenario(scenarioId, options);
  }

  async getRun(benchResultId: string, options?: CallOptions): Promise<TestRun> {
    return (await this.#target()).getRun(benchResultId, options);
  }

  async getRunProgress(benchResultId: string, options?: CallOptions): Promise<number | null> {
    return (await this.#target()).getRunProgress(benchResultId, options);
  }

  async stopRun(benchResultId: string, options?: CallOptions): Promise<void> {
    return (await this.#target()).stopRun(benchResultId, options);
  }

  async listReports(projectId: string, options?: CallOptions): Promise<BenchReport[]> {
    return (await this.#target()).listReports(projectId, options);
  }

  async getReport(benchReportId: string, options?: CallOptions): Promise<BenchReport> {
    return (await this.#target()).getReport(benchReportId, options);
  }

  async getMetrics(benchResultId: string, metricIds: readonly MetricId[], options?: CallOptions): Promise<MetricValue[]> {
    return (await this.#target()).getMetrics(benchResultId, metricIds, options);
  }

  async getLiveMetrics(benchResultId: string, options?: CallOptions): Promise<LiveMetric[]> {
    return (await this.#target()).getLiveMetrics(benchResultId, options);
  }
}
