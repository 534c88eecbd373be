import "reflect-metadata";
import type { UseCases } from "../domain/use-cases/use-cases.js";
import { parseOptions, type OctoPerfOptions } from "./config.js";
import { createContainer, resolveUseCases, type ContainerOverrides } from "./container.js";

/**
 * Every use case as a plain async method: the same contracts the MCP tools call, for scripts,
 * bots and other agent frameworks. `octoperf.waitForRun(input, { onProgress })`, and so on.
 */
export type OctoPerf = { readonly [K in keyof UseCases]: UseCases[K]["execute"] };

/** Options of the demo (in-memory) OctoPerf: no key, no network. */
export type DemoOctoPerfOptions = Omit<OctoPerfOptions, "apiKey" | "demo" | "baseUrl" | "timeoutMs" | "maxRetries">;

/**
 * The real OctoPerf (SaaS or Enterprise), over its REST API. Options mirror the environment
 * variables and are validated the same way: a bad one throws ConfigurationError naming it.
 */
export function createOctoPerf(options: Omit<OctoPerfOptions, "demo">, overrides: ContainerOverrides = {}): OctoPerf {
  return facade(resolveUseCases(createContainer(parseOptions({ ...options, demo: false }), overrides)));
}

/** The same API on the in-memory demo OctoPerf, with seeded workspaces, scenarios and past runs. */
export function createDemoOctoPerf(options: DemoOctoPerfOptions = {}, overrides: ContainerOverrides = {}): OctoPerf {
  return facade(resolveUseCases(createContainer(parseOptions({ ...options, demo: true }), overrides)));
}

function facade(useCases: UseCases): OctoPerf {
  const methods = (Object.keys(useCases) as (keyof UseCases)[]).map((name) => {
    const useCase = useCases[name];
    return [name, useCase.execute.bind(useCase)] as const;
  });
  return Object.freeze(Object.fromEntries(methods)) as OctoPerf;
}
