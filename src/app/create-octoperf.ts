import type { LinkedUseCases } from "../adapters/linked-use-cases.js";
import { parseOptions, type OctoPerfOptions } from "./config.js";
import { createContainer, resolveUseCases, type ContainerOverrides } from "./container.js";
import { inLibraryTerms } from "./library-errors.js";
import { eachUseCase } from "../domain/use-cases/use-cases.js";

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
  return eachUseCase<OctoPerf>((name) => {
    const useCase = useCases[name];
    return method(useCase.execute.bind(useCase) as OctoPerf[typeof name]);
  });
}

/** A use case's execute as a method whose errors leave in library words (method and option names), keeping their class and facts. */
function method<F extends (...args: never[]) => Promise<unknown>>(execute: F): F {
  const wrapped = async (...args: Parameters<F>) => {
    try {
      return await execute(...args);
    } catch (error) {
      throw inLibraryTerms(error);
    }
  };
  // It takes and answers what `execute` does: only the words of its errors change.
  return wrapped as F;
}
