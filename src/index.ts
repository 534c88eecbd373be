/**
 * octoperf-mcp as a library: discover, launch, poll and analyze OctoPerf load tests from any
 * Node program, with the same contracts as the MCP tools.
 */

// The ready-made API.
export { createDemoOctoPerf, createOctoPerf, type DemoOctoPerfOptions, type OctoPerf } from "./app/create-octoperf.js";
export { ApiKey, ENV_VARIABLES, loadConfig, OctoPerfOptionsSchema, parseOptions, type Config, type OctoPerfOptions } from "./app/config.js";

// Bring your own adapter or container.
export { createContainer, resolveUseCase, resolveUseCases, type Container, type ContainerOverrides } from "./app/container.js";
export { accountIdOf, CoordinationStores } from "./app/coordination-stores.js";
export {
  RUN_COORDINATION,
  type LaunchClaim,
  type LaunchEntry,
  type RecordedLaunch,
  type RunCheck,
  type RunCoordinationPort,
} from "./ports/run-coordination-port.js";
export { InMemoryRunCoordination } from "./adapters/memory/in-memory-run-coordination.js";
export { OCTOPERF, type CallOptions, type OctoPerfPort } from "./ports/octoperf-port.js";
export { CLOCK, type Clock } from "./ports/clock-port.js";
export { LOGGER, silentLogger, type Logger, type LogLevel } from "./ports/logger-port.js";
export { FakeOctoPerfAdapter, type FakeOctoPerfOptions } from "./adapters/fake/fake-octoperf-adapter.js";
export { DEFAULT_FAKE_DATA, type FakeData } from "./adapters/fake/fake-data.js";
export { HttpOctoPerfAdapter, type HttpOctoPerfOptions } from "./adapters/http/http-octoperf-adapter.js";
export { SystemClock } from "./adapters/system-clock.js";
export { StderrLogger } from "./adapters/stderr-logger.js";
export { createMcpServer, type McpServerOptions } from "./adapters/mcp/create-mcp-server.js";

// Use cases, with their input schemas (zod) and results.
export type { UseCaseName, UseCases } from "./domain/use-cases/use-cases.js";
export { ListWorkspaces } from "./domain/use-cases/list-workspaces.js";
export { ListProjects, ListProjectsInput } from "./domain/use-cases/list-projects.js";
export { ListScenarios, ListScenariosInput } from "./domain/use-cases/list-scenarios.js";
export { LaunchScenario, LaunchScenarioInput, type LaunchResult, type LaunchScenarioSettings } from "./domain/use-cases/launch-scenario.js";
export { RunAndAnalyze, RunAndAnalyzeInput, type RunAnalysis } from "./domain/use-cases/run-and-analyze.js";
export { GetRunStatus, GetRunStatusInput } from "./domain/use-cases/get-run-status.js";
export { GetLiveRun, GetLiveRunInput, type LiveRun } from "./domain/use-cases/get-live-run.js";
export type { LiveMetric, LiveMetricKind } from "./domain/model/live-metrics.js";
export {
  DEFAULT_MAX_WAIT_SECONDS,
  WaitForRun,
  WaitForRunInput,
  type WaitOptions,
  type WaitProgress,
  type WaitResult,
} from "./domain/use-cases/wait-for-run.js";
export { StopRun, StopRunInput, type StopResult } from "./domain/use-cases/stop-run.js";
export { ListTestRuns, ListTestRunsInput, type RunHistoryEntry } from "./domain/use-cases/list-test-runs.js";
export { GetBenchReport, GetBenchReportInput } from "./domain/use-cases/get-bench-report.js";
export { GetRunMetrics, GetRunMetricsInput, type RunMetrics } from "./domain/use-cases/get-run-metrics.js";
export { EvaluateSla, EvaluateSlaInput, type SlaReport } from "./domain/use-cases/evaluate-sla.js";
export {
  CompareRuns,
  CompareRunsInput,
  compareRunMetrics,
  type ComparisonCaveat,
  type ComparisonSide,
  type RunComparison,
  type RunSide,
} from "./domain/use-cases/compare-runs.js";
export {
  DEFAULT_TREND_METRIC_IDS,
  DEFAULT_TREND_RUNS,
  GetScenarioTrend,
  GetScenarioTrendInput,
  MAX_TREND_METRICS,
  MAX_TREND_RUNS,
  TREND_READ_CONCURRENCY,
} from "./domain/use-cases/get-scenario-trend.js";

// Charts: the picture of a trend (Vega + resvg, loaded on the first call), e.g. for a CI summary.
export { renderTrendChart, VegaTrendChart, type TrendChartOptions } from "./adapters/chart/vega-trend-chart.js";
export { TREND_CHART, type TrendChartPort } from "./ports/trend-chart-port.js";

// The domain: OctoPerf's language.
export type { Workspace } from "./domain/model/workspace.js";
export type { Project } from "./domain/model/project.js";
export {
  createScenario,
  summarizeProfiles,
  type LoadShape,
  type OtherLoad,
  type RampLoad,
  type Scenario,
  type ScenarioSummary,
  type UserProfile,
} from "./domain/model/scenario.js";
export { createTestRun, runDurationMs, type LaunchedRun, type TestRun } from "./domain/model/test-run.js";
export { reportKind, type BenchReport, type BenchReportItem, type BenchReportKind } from "./domain/model/bench-report.js";
export { isTerminalState, KNOWN_RUN_STATES, runPhase, type KnownRunState, type RunPhase, type RunState } from "./domain/model/run-state.js";
export { overallPercent, progressMessage } from "./domain/model/run-progress.js";
export {
  formatMeasure,
  formatMetricNumber,
  formatMetricValue,
  isMetricId,
  KEY_METRIC_IDS,
  METRIC_CATALOGUE,
  METRIC_IDS,
  metricDefinition,
  metricValue,
  unavailableMetric,
  type MetricDefinition,
  type MetricUnavailability,
  type MetricDirection,
  type MetricId,
  type MetricUnit,
  type MetricValue,
} from "./domain/model/metrics.js";
export {
  DEFAULT_SLA_CRITERIA,
  evaluateSla,
  overallVerdict,
  SLA_OPERATORS,
  type CriterionBasis,
  type CriterionResult,
  type SlaCriterion,
  type SlaEvaluation,
  type SlaOperator,
  type Verdict,
} from "./domain/model/sla.js";
export {
  compareMetric,
  DEFAULT_COMPARISON_METRIC_IDS,
  DEFAULT_TOLERANCE_PERCENT,
  overallChange,
  type ChangeVerdict,
  type MetricComparison,
  type OverallChange,
} from "./domain/model/comparison.js";
export {
  fitTrend,
  metricTrend,
  MIN_TREND_RUNS,
  overallTrend,
  TREND_CONFIDENCE,
  type ChartFormat,
  type MetricTrend,
  type RenderedChart,
  type ScenarioTrend,
  type TrendData,
  type TrendFit,
  type TrendMethod,
  type TrendMovement,
  type TrendPoint,
  type TrendRun,
  type TrendVerdict,
} from "./domain/model/trend.js";
export type { LaunchPolicy } from "./domain/model/launch-policy.js";
// Deep links into OctoPerf's UI: added at the edge, to the answers of the use cases.
export {
  linkUseCases,
  type LinkedLaunch,
  type LinkedRunAnalysis,
  type LinkedRunComparison,
  type LinkedRunHistoryEntry,
  type LinkedScenarioTrend,
  type LinkedStopResult,
  type LinkedUseCases,
  type LinkedWaitOptions,
  type LinkedWaitProgress,
  type LinkedWaitResult,
  type WithUrl,
} from "./adapters/linked-use-cases.js";
export { errorLinks, type ErrorLinks } from "./adapters/error-links.js";
export { UI_LINKS, type LinkOptions, type RunLocation, type UiLinksPort, type UiLinksPort as Links } from "./ports/ui-links-port.js";
export { UiLinks } from "./adapters/ui-links.js";
export { idSchema, isValidId } from "./domain/model/ids.js";

// Typed errors: catch them with instanceof, or switch on `code` (or on `kind`, one per class: DomainError).
export {
  AuthenticationError,
  BudgetExceededError,
  CancelledError,
  ConfigurationError,
  FollowUpFailedError,
  InvalidInputError,
  LaunchCheckFailedError,
  LaunchInProgressError,
  CoordinationUnavailableError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  RateLimitedError,
  ReportListingUnavailableError,
  UpstreamContractError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type DomainError,
  type EntityKind,
  type ErrorKind,
  type OctoPerfErrorCode,
  type Setting,
} from "./domain/errors.js";
