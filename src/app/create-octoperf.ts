import type { LinkedUseCases } from "../adapters/linked-use-cases.js";
import { parseOptions, type OctoPerfOptions } from "./config.js";
import { createContainer, resolveUseCases, type ContainerOverrides } from "./container.js";
import { inLibraryTerms } from "./library-errors.js";

/**
 * Every use case as a plain async method: the same contracts the MCP tools call, for scripts,
 * bots and other agent frameworks, their answers with deep links into OctoPerf's UI.
 * `octoperf.waitForRun(input, { onProgress })`, and so on.
 */
export type OctoPerf = { readonly [K in keyof LinkedUseCases]: LinkedUseCases[K]["execute"] };

/** Options of the demo (in-memory) OctoPerf: no key, no network. */
export type DemoOctoPerfOptions = Omit<OctoPerfOptions, "apiKey" | "demo" | "baseUrl" | "timeoutMs" | "maxRetries">;

/**
 * The real OctoPerf (SaaS or Enterprise), over its REST API. Options mirror the environment
 * variables and are validated the same way: a bad one throws ConfigurationError naming it.
 */
export function createOctoPerf(options: Omit<OctoPerfOptions, "demo">, overrides: ContainerOverrides = {}): OctoPerf {
  return built(() => facade(resolveUseCases(createContainer(parseOptions({ ...options, demo: false }), overrides))));
}

/** The same API on the in-memory demo OctoPerf, with seeded workspaces, scenarios and past runs. */
export function createDemoOctoPerf(options: DemoOctoPerfOptions = {}, overrides: ContainerOverrides = {}): OctoPerf {
  return built(() => facade(resolveUseCases(createContainer(parseOptions({ ...options, demo: true }), overrides))));
}

/** A setting refused while building (the HTTP adapter checks its own) is worded in option names too. */
function built(build: () => OctoPerf): OctoPerf {
  try {
    return build();
  } catch (error) {
    throw inLibraryTerms(error);
  }
}

function facade(useCases: LinkedUseCases): OctoPerf {
  // Errors leave in library words (method and option names), keeping their class and facts.
  const method =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        throw inLibraryTerms(error);
      }
    };
  const u = useCases;
  return Object.freeze({
    listWorkspaces: method(u.listWorkspaces.execute.bind(u.listWorkspaces)),
    listProjects: method(u.listProjects.execute.bind(u.listProjects)),
    listScenarios: method(u.listScenarios.execute.bind(u.listScenarios)),
    launchScenario: method(u.launchScenario.execute.bind(u.launchScenario)),
    runAndAnalyze: method(u.runAndAnalyze.execute.bind(u.runAndAnalyze)),
    getRunStatus: method(u.getRunStatus.execute.bind(u.getRunStatus)),
    waitForRun: method(u.waitForRun.execute.bind(u.waitForRun)),
    stopRun: method(u.stopRun.execute.bind(u.stopRun)),
    listTestRuns: method(u.listTestRuns.execute.bind(u.listTestRuns)),
    getBenchReport: method(u.getBenchReport.execute.bind(u.getBenchReport)),
    getRunMetrics: method(u.getRunMetrics.execute.bind(u.getRunMetrics)),
    evaluateSla: method(u.evaluateSla.execute.bind(u.evaluateSla)),
    compareRuns: method(u.compareRuns.execute.bind(u.compareRuns)),
    getScenarioTrend: method(u.getScenarioTrend.execute.bind(u.getScenarioTrend)),
    getLiveRun: method(u.getLiveRun.execute.bind(u.getLiveRun)),
  });
}
