import "reflect-metadata";
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from "tsyringe";
import { FakeOctoPerfAdapter } from "../adapters/fake/fake-octoperf-adapter.js";
import { checkHttpOptions, type HttpOctoPerfOptions } from "../adapters/http/http-options.js";
import { LazyOctoPerfPort } from "../adapters/lazy-octoperf-port.js";
import { StderrLogger } from "../adapters/stderr-logger.js";
import { SystemClock } from "../adapters/system-clock.js";
import { GetBenchReport } from "../domain/use-cases/get-bench-report.js";
import { GetRunMetrics } from "../domain/use-cases/get-run-metrics.js";
import { GetRunStatus } from "../domain/use-cases/get-run-status.js";
import { GetScenarioTrend } from "../domain/use-cases/get-scenario-trend.js";
import { VegaTrendChart } from "../adapters/chart/vega-trend-chart.js";
import { LaunchScenario } from "../domain/use-cases/launch-scenario.js";
import { ListProjects } from "../domain/use-cases/list-projects.js";
import { ListScenarios } from "../domain/use-cases/list-scenarios.js";
import { ListWorkspaces } from "../domain/use-cases/list-workspaces.js";
import type { UseCases } from "../domain/use-cases/use-cases.js";
import { CompareRuns } from "../domain/use-cases/compare-runs.js";
import { EvaluateSla } from "../domain/use-cases/evaluate-sla.js";
import { ListTestRuns } from "../domain/use-cases/list-test-runs.js";
import { RunAndAnalyze } from "../domain/use-cases/run-and-analyze.js";
import { StopRun } from "../domain/use-cases/stop-run.js";
import { WaitForRun } from "../domain/use-cases/wait-for-run.js";
import { CLOCK, type Clock } from "../ports/clock-port.js";
import { LOGGER, type Logger } from "../ports/logger-port.js";
import { OCTOPERF_PORT, type OctoPerfPort } from "../ports/octoperf-port.js";
import { TREND_CHART, type TrendChartPort } from "../ports/trend-chart-port.js";
import type { LaunchPolicy } from "../domain/model/launch-policy.js";
import { UiLinks } from "../domain/ui-links.js";
import { secretsOf, type Config } from "./config.js";

export const CONFIG: unique symbol = Symbol("Config");
export const UI_LINKS: unique symbol = Symbol("UiLinks");

/** Tokens a test, the demo or an embedding app may replace with its own implementation. */
export interface ContainerOverrides {
  readonly octoperf?: OctoPerfPort;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly trendChart?: TrendChartPort;
}

type UseCaseFactories = { readonly [K in keyof UseCases]: (c: DependencyContainer) => UseCases[K] };

const port = (c: DependencyContainer) => c.resolve<OctoPerfPort>(OCTOPERF_PORT);
const clock = (c: DependencyContainer) => c.resolve<Clock>(CLOCK);
const links = (c: DependencyContainer) => c.resolve<UiLinks>(UI_LINKS);
const policy = (c: DependencyContainer): LaunchPolicy => {
  const config = c.resolve<Config>(CONFIG);
  return { readOnly: config.readOnly, allowedScenarios: config.allowedScenarios };
};

/** How each use case is built from ports: explicit, so no decorator metadata is needed. */
const USE_CASE_FACTORIES: UseCaseFactories = {
  listWorkspaces: (c) => new ListWorkspaces(port(c)),
  listProjects: (c) => new ListProjects(port(c)),
  listScenarios: (c) => new ListScenarios(port(c), links(c)),
  launchScenario: (c) => new LaunchScenario(port(c), clock(c), { policy: policy(c), links: links(c) }),
  runAndAnalyze: (c) =>
    new RunAndAnalyze(
      port(c),
      clock(c),
      c.resolve<LaunchScenario>(useCaseToken("launchScenario")),
      links(c),
      c.resolve<WaitForRun>(useCaseToken("waitForRun")),
    ),
  getRunStatus: (c) => new GetRunStatus(port(c), links(c)),
  waitForRun: (c) => new WaitForRun(port(c), clock(c), links(c)),
  stopRun: (c) => new StopRun(port(c), policy(c), links(c)),
  listTestRuns: (c) => new ListTestRuns(port(c), links(c)),
  getBenchReport: (c) => new GetBenchReport(port(c), links(c)),
  getRunMetrics: (c) => new GetRunMetrics(port(c), links(c)),
  evaluateSla: (c) => new EvaluateSla(port(c), links(c)),
  compareRuns: (c) => new CompareRuns(port(c), links(c)),
  getScenarioTrend: (c) => new GetScenarioTrend(port(c), links(c), c.resolve<TrendChartPort>(TREND_CHART)),
};

/**
 * The composition root: the only place that chooses adapters. A child container, never the
 * global one, so tests and embedding apps get isolated graphs.
 */
export function createContainer(config: Config, overrides: ContainerOverrides = {}): DependencyContainer {
  const c = rootContainer.createChildContainer();
  c.register(CONFIG, { useValue: config });
  c.register(LOGGER, {
    useValue:
      overrides.logger ??
      new StderrLogger({ level: config.logLevel, secrets: secretsOf(config) }),
  });
  c.register(CLOCK, { useValue: overrides.clock ?? new SystemClock() });
  c.register(OCTOPERF_PORT, {
    useFactory: instanceCachingFactory((c) => overrides.octoperf ?? createOctoPerfAdapter(config, c)),
  });
  // The chart adapter import()s its libraries (Vega-Lite, Vega, resvg) when it first draws.
  c.register(TREND_CHART, { useValue: overrides.trendChart ?? new VegaTrendChart() });
  c.register(UI_LINKS, { useFactory: instanceCachingFactory((c) => new UiLinks(port(c), config.baseUrl)) });
  for (const [name, factory] of Object.entries(USE_CASE_FACTORIES)) {
    c.register(useCaseToken(name as keyof UseCases), {
      useFactory: instanceCachingFactory<unknown>(factory as (c: DependencyContainer) => unknown),
    });
  }
  return c;
}

function createOctoPerfAdapter(config: Config, c: DependencyContainer): OctoPerfPort {
  if (config.mode === "demo") {
    return new FakeOctoPerfAdapter(clock(c), { runDurationMs: config.demoRunSeconds * 1000, scenarioDurations: "match-run" });
  }
  // parseOptions guarantees a key outside demo mode.
  const options: HttpOctoPerfOptions = {
    baseUrl: config.baseUrl,
    apiKey: config.apiKey!.reveal(),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    logger: c.resolve<Logger>(LOGGER),
  };
  // Checked now, so a bad setting still stops the server at startup; axios loads on the first call.
  checkHttpOptions(options);
  return new LazyOctoPerfPort(async () => {
    const { HttpOctoPerfAdapter } = await import("../adapters/http/http-octoperf-adapter.js");
    return new HttpOctoPerfAdapter(options);
  });
}

const tokens = new Map<keyof UseCases, symbol>();

/** The DI token of a use case (one symbol per name, stable across containers). */
export function useCaseToken(name: keyof UseCases): symbol {
  let token = tokens.get(name);
  if (token === undefined) {
    token = Symbol(`UseCase:${name}`);
    tokens.set(name, token);
  }
  return token;
}

export function resolveUseCases(c: DependencyContainer): UseCases {
  const entries = Object.keys(USE_CASE_FACTORIES).map((name) => [name, c.resolve(useCaseToken(name as keyof UseCases))]);
  return Object.fromEntries(entries) as unknown as UseCases;
}
