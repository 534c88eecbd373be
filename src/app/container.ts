// tsyringe throws at import without a Reflect polyfill, decorators or not: first, before it.
import "reflect-metadata";
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from "tsyringe";
import { checkHttpOptions } from "../adapters/http/http-options.js";
import { LazyOctoPerfPort } from "../adapters/lazy-octoperf-port.js";
import { StderrLogger } from "../adapters/stderr-logger.js";
import { SystemClock } from "../adapters/system-clock.js";
import { GetBenchReport } from "../domain/use-cases/get-bench-report.js";
import { GetRunMetrics } from "../domain/use-cases/get-run-metrics.js";
import { GetLiveRun } from "../domain/use-cases/get-live-run.js";
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
import { OCTOPERF, type OctoPerfPort } from "../ports/octoperf-port.js";
import { RUN_COORDINATION, type RunCoordinationPort } from "../ports/run-coordination-port.js";
import { TREND_CHART, type TrendChartPort } from "../ports/trend-chart-port.js";
import { accountIdOf, CoordinationStores } from "./coordination-stores.js";
import type { LaunchPolicy } from "../domain/model/launch-policy.js";
import { UiLinks } from "../adapters/ui-links.js";
import { UI_LINKS, type UiLinksPort } from "../ports/ui-links-port.js";
import { linkUseCases, type LinkedUseCases } from "../adapters/linked-use-cases.js";
import { secretsOf, type Config } from "./config.js";
import { httpAdapterOptions } from "./http-adapter-options.js";

const CONFIG: unique symbol = Symbol("Config");

/** Tokens a test, the demo or an embedding app may replace with its own implementation. */
export interface ContainerOverrides {
  readonly octoperf?: OctoPerfPort;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly trendChart?: TrendChartPort;
  /**
   * The coordination stores to take this account's from. Pass the same instance to every
   * container built for requests of one server, so that callers with the same API key share one
   * launch guard and one polling pace. Default: a store of this container's own.
   */
  readonly coordination?: CoordinationStores;
  /** Wraps the OctoPerf adapter this container builds (the team server's OAuth mode watches it for a key OctoPerf stops accepting). */
  readonly wrapOctoPerf?: (port: OctoPerfPort) => OctoPerfPort;
}

type UseCaseFactories = { readonly [K in keyof UseCases]: (c: DependencyContainer) => UseCases[K] };

const port = (c: DependencyContainer) => c.resolve<OctoPerfPort>(OCTOPERF);
const clock = (c: DependencyContainer) => c.resolve<Clock>(CLOCK);
const links = (c: DependencyContainer) => c.resolve<UiLinksPort>(UI_LINKS);
const coordination = (c: DependencyContainer) => c.resolve<RunCoordinationPort>(RUN_COORDINATION);
const policy = (c: DependencyContainer): LaunchPolicy => {
  const config = c.resolve<Config>(CONFIG);
  return { readOnly: config.readOnly, allowedScenarios: config.allowedScenarios };
};

/** How each use case is built from ports: explicit, so no decorator is needed. */
const USE_CASE_FACTORIES: UseCaseFactories = {
  listWorkspaces: (c) => new ListWorkspaces(port(c)),
  listProjects: (c) => new ListProjects(port(c)),
  listScenarios: (c) => new ListScenarios(port(c)),
  launchScenario: (c) => {
    const config = c.resolve<Config>(CONFIG);
    return new LaunchScenario(port(c), clock(c), coordination(c), {
      policy: policy(c),
      // The launch request may take this long (it is never retried): its claim outlives it.
      launchTimeoutMs: config.timeoutMs,
      audit: { logger: c.resolve<Logger>(LOGGER), account: accountIdOf(config) },
    });
  },
  runAndAnalyze: (c) => new RunAndAnalyze(port(c), clock(c), resolveFact(c, "launchScenario"), resolveFact(c, "waitForRun")),
  getRunStatus: (c) => new GetRunStatus(port(c)),
  waitForRun: (c) => new WaitForRun(port(c), clock(c), coordination(c)),
  stopRun: (c) => new StopRun(port(c), policy(c)),
  listTestRuns: (c) => new ListTestRuns(port(c)),
  getBenchReport: (c) => new GetBenchReport(port(c)),
  getRunMetrics: (c) => new GetRunMetrics(port(c)),
  evaluateSla: (c) => new EvaluateSla(port(c)),
  compareRuns: (c) => new CompareRuns(port(c)),
  getScenarioTrend: (c) => new GetScenarioTrend(port(c), c.resolve<TrendChartPort>(TREND_CHART)),
  getLiveRun: (c) => new GetLiveRun(port(c), clock(c)),
};

/** What the edges call: the use cases, with the deep links added to their answers. */
const LINKED_USE_CASES: unique symbol = Symbol("LinkedUseCases");

/**
 * One composition of the library: its adapters and use cases, built on first use. What it is made
 * with (a tsyringe child container) stays inside: callers get the use cases by name, and the
 * public API names no type of tsyringe's.
 */
export class Container {
  readonly #c: DependencyContainer;

  constructor(c: DependencyContainer) {
    this.#c = c;
  }

  /** One use case, typed by its name: it answers with facts (ids), no deep links. Built once. */
  useCase<K extends keyof UseCases>(name: K): UseCases[K] {
    return this.#c.resolve<UseCases[K]>(useCaseToken(name));
  }

  /** Every use case as the edges call it, with the deep links added to their answers. Built once. */
  useCases(): LinkedUseCases {
    return this.#c.resolve<LinkedUseCases>(LINKED_USE_CASES);
  }
}

/**
 * The composition root: the only place that chooses adapters. A child container, never the
 * global one, so tests and embedding apps get isolated graphs.
 */
export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const c = rootContainer.createChildContainer();
  c.register(CONFIG, { useValue: config });
  c.register(LOGGER, {
    useValue: overrides.logger ?? new StderrLogger({ level: config.logLevel, secrets: secretsOf(config) }),
  });
  const theClock = overrides.clock ?? new SystemClock();
  c.register(CLOCK, { useValue: theClock });
  // The state that keeps launches safe belongs to the account, not to this container.
  const stores = overrides.coordination ?? CoordinationStores.inMemory(theClock);
  c.register(RUN_COORDINATION, { useValue: stores.forAccount(accountIdOf(config)) });
  c.register(OCTOPERF, {
    useFactory: instanceCachingFactory((c) => {
      const built = overrides.octoperf ?? createOctoPerfAdapter(config, c);
      return overrides.wrapOctoPerf === undefined ? built : overrides.wrapOctoPerf(built);
    }),
  });
  // The chart adapter import()s its libraries (Vega, resvg) when it first draws.
  c.register(TREND_CHART, { useValue: overrides.trendChart ?? new VegaTrendChart() });
  c.register(UI_LINKS, { useFactory: instanceCachingFactory((c) => new UiLinks(port(c), config.baseUrl, clock(c))) });
  for (const name of USE_CASE_NAMES) registerUseCase(c, name, USE_CASE_FACTORIES[name]);
  c.register<LinkedUseCases>(LINKED_USE_CASES, {
    useFactory: instanceCachingFactory((c) => linkUseCases(factsOnly(c), links(c), clock(c))),
  });
  return new Container(c);
}

function registerUseCase<K extends keyof UseCases>(c: DependencyContainer, name: K, factory: UseCaseFactories[K]): void {
  c.register<UseCases[K]>(useCaseToken(name), { useFactory: instanceCachingFactory<UseCases[K]>(factory) });
}

function createOctoPerfAdapter(config: Config, c: DependencyContainer): OctoPerfPort {
  if (config.mode === "demo") {
    // The in-memory OctoPerf and its seed data load on the first call: a server against the real API never reads them.
    const theClock = clock(c);
    return new LazyOctoPerfPort(async () => {
      const { FakeOctoPerfAdapter } = await import("../adapters/fake/fake-octoperf-adapter.js");
      return new FakeOctoPerfAdapter(theClock, { runDurationMs: config.demoRunSeconds * 1000, scenarioDurations: "match-run" });
    });
  }
  // parseOptions guarantees a key outside demo mode.
  const options = httpAdapterOptions(config, c.resolve<Logger>(LOGGER));
  // Checked now, so a bad setting still stops the server at startup; axios loads on the first call.
  checkHttpOptions(options);
  return new LazyOctoPerfPort(async () => {
    const { HttpOctoPerfAdapter } = await import("../adapters/http/http-octoperf-adapter.js");
    return new HttpOctoPerfAdapter(options);
  });
}

/** Every use case name, in the registry's order; the mapped type above keeps it complete. */
const USE_CASE_NAMES = Object.keys(USE_CASE_FACTORIES) as readonly (keyof UseCases)[];

const tokens = new Map<keyof UseCases, symbol>();

/** The DI token of a use case (one symbol per name, stable across containers). */
function useCaseToken(name: keyof UseCases): symbol {
  let token = tokens.get(name);
  if (token === undefined) {
    token = Symbol(`UseCase:${name}`);
    tokens.set(name, token);
  }
  return token;
}

/** One use case of a container, typed by its name: it answers with facts (ids), no deep links. */
export function resolveUseCase<K extends keyof UseCases>(container: Container, name: K): UseCases[K] {
  return container.useCase(name);
}

/**
 * Every use case of a container as the edges call it (the MCP tools, the library, the gate): their
 * answers carry the deep links into OctoPerf's UI. Built once per container, on first use.
 */
export function resolveUseCases(container: Container): LinkedUseCases {
  return container.useCases();
}

/** Inside the composition root, where the factories get tsyringe's container. */
function resolveFact<K extends keyof UseCases>(c: DependencyContainer, name: K): UseCases[K] {
  return c.resolve<UseCases[K]>(useCaseToken(name));
}

function factsOnly(c: DependencyContainer): UseCases {
  return {
    listWorkspaces: resolveFact(c, "listWorkspaces"),
    listProjects: resolveFact(c, "listProjects"),
    listScenarios: resolveFact(c, "listScenarios"),
    launchScenario: resolveFact(c, "launchScenario"),
    runAndAnalyze: resolveFact(c, "runAndAnalyze"),
    getRunStatus: resolveFact(c, "getRunStatus"),
    waitForRun: resolveFact(c, "waitForRun"),
    stopRun: resolveFact(c, "stopRun"),
    listTestRuns: resolveFact(c, "listTestRuns"),
    getBenchReport: resolveFact(c, "getBenchReport"),
    getRunMetrics: resolveFact(c, "getRunMetrics"),
    evaluateSla: resolveFact(c, "evaluateSla"),
    compareRuns: resolveFact(c, "compareRuns"),
    getScenarioTrend: resolveFact(c, "getScenarioTrend"),
    getLiveRun: resolveFact(c, "getLiveRun"),
  };
}
