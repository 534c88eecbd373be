// tsyringe throws at import without a Reflect polyfill, decorators or not: first, before it.
import "reflect-metadata";
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from "tsyringe";
import { checkHttpOptions } from "../adapters/http/http-options.js";
import { LazyOctoPerfPort } from "../adapters/lazy-octoperf-port.js";
import { StderrLogger } from "../adapters/stderr-logger.js";
import { SystemClock } from "../adapters/system-clock.js";
import { VegaTrendChart } from "../adapters/chart/vega-trend-chart.js";
import { eachUseCase, useCaseFactories, USE_CASE_NAMES, type UseCaseDeps, type UseCaseName, type UseCases } from "../domain/use-cases/use-cases.js";
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

const port = (c: DependencyContainer) => c.resolve<OctoPerfPort>(OCTOPERF);
const clock = (c: DependencyContainer) => c.resolve<Clock>(CLOCK);

/**
 * What the registry's factories build the use cases from, read from the container when a use
 * case first needs it (a container built for one request resolves only what it calls).
 */
function useCaseDeps(c: DependencyContainer, config: Config): UseCaseDeps {
  const policy = (): LaunchPolicy => ({ readOnly: config.readOnly, allowedScenarios: config.allowedScenarios });
  return {
    get octoperf() {
      return port(c);
    },
    get clock() {
      return clock(c);
    },
    get coordination() {
      return c.resolve<RunCoordinationPort>(RUN_COORDINATION);
    },
    get trendChart() {
      return c.resolve<TrendChartPort>(TREND_CHART);
    },
    get policy() {
      return policy();
    },
    get launch() {
      return {
        policy: policy(),
        // The launch request may take this long (it is never retried): its claim outlives it.
        launchTimeoutMs: config.timeoutMs,
        audit: { logger: c.resolve<Logger>(LOGGER), account: accountIdOf(config) },
      };
    },
    useCase: (name) => resolveFact(c, name),
  };
}

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
  useCase<K extends UseCaseName>(name: K): UseCases[K] {
    return resolveFact(this.#c, name);
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
  const deps = useCaseDeps(c, config);
  for (const name of USE_CASE_NAMES) registerUseCase(c, name, deps);
  c.register<LinkedUseCases>(LINKED_USE_CASES, {
    useFactory: instanceCachingFactory((c) =>
      linkUseCases(
        eachUseCase<UseCases>((name) => resolveFact(c, name)),
        c.resolve<UiLinksPort>(UI_LINKS),
        clock(c),
      ),
    ),
  });
  return new Container(c);
}

/** One use case of the registry, built by its factory on first use, then the same instance. */
function registerUseCase<K extends UseCaseName>(c: DependencyContainer, name: K, deps: UseCaseDeps): void {
  const build = useCaseFactories[name];
  c.register<UseCases[K]>(USE_CASE_TOKENS[name], { useFactory: instanceCachingFactory<UseCases[K]>(() => build(deps)) });
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

/** The DI token of each use case (one symbol per name, stable across containers). */
const USE_CASE_TOKENS = eachUseCase<{ readonly [K in UseCaseName]: symbol }>((name) => Symbol(`UseCase:${name}`));

/** A use case, from the container its registry entry was registered in. */
function resolveFact<K extends UseCaseName>(c: DependencyContainer, name: K): UseCases[K] {
  return c.resolve<UseCases[K]>(USE_CASE_TOKENS[name]);
}

/** One use case of a container, typed by its name: it answers with facts (ids), no deep links. */
export function resolveUseCase<K extends UseCaseName>(container: Container, name: K): UseCases[K] {
  return container.useCase(name);
}

/**
 * Every use case of a container as the edges call it (the MCP tools, the library, the gate): their
 * answers carry the deep links into OctoPerf's UI. Built once per container, on first use.
 */
export function resolveUseCases(container: Container): LinkedUseCases {
  return container.useCases();
}
