import { describe, expect, it } from "vitest";
import { parseOptions } from "../../src/app/config.js";
import { createContainer, resolveUseCase, resolveUseCases } from "../../src/app/container.js";
import { accountIdOf, CoordinationStores } from "../../src/app/coordination-stores.js";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { LaunchScenario } from "../../src/domain/use-cases/launch-scenario.js";
import { ManualClock } from "../support/manual-clock.js";
import { ConfigurationError } from "../../src/domain/errors.js";
import { SEED } from "../support/seed-ids.js";

const KEY = "3f9c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("the composition root in HTTP mode", () => {
  it("rejects a base URL the HTTP adapter cannot use when the graph is built, before any call", () => {
    // The schema takes it; the adapter's own check must still run at startup, though axios loads later.
    const config = parseOptions({ apiKey: KEY, baseUrl: "https://user:pass@api.octoperf.example" });
    expect(() => resolveUseCases(createContainer(config))).toThrow(ConfigurationError);
    expect(() => resolveUseCases(createContainer(config))).toThrow(
      expect.objectContaining({ setting: "baseUrl", message: "The OctoPerf base URL must not carry credentials, a query or a fragment." }),
    );
  });

  it("builds the graph from a good configuration", () => {
    const useCases = resolveUseCases(createContainer(parseOptions({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" })));
    expect(Object.keys(useCases)).toContain("listWorkspaces");
  });
});

describe("coordination state, one store per OctoPerf account", () => {
  // Per-request containers, as a team server builds them, over one OctoPerf (shared fake).
  function perRequest(stores: CoordinationStores, apiKey: string, fake: FakeOctoPerfAdapter, clock: ManualClock) {
    return resolveUseCases(createContainer(parseOptions({ apiKey, baseUrl: "http://127.0.0.1:9" }), { octoperf: fake, clock, coordination: stores }));
  }

  it("containers built for the same API key share its launch guard: one launch across two requests", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    const stores = CoordinationStores.inMemory(clock);
    const first = await perRequest(stores, KEY, fake, clock).launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    const second = await perRequest(stores, KEY, fake, clock).launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(first.outcome).toBe("launched");
    expect(second).toMatchObject({ outcome: "existing", benchResultId: first.benchResultId });
  });

  it("another API key is another account: its store is its own", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 600_000 });
    const stores = CoordinationStores.inMemory(clock);
    const first = await perRequest(stores, KEY, fake, clock).launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    const other = await perRequest(stores, "another-key-0000-0000", fake, clock).launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(other.outcome).toBe("launched");
    expect(other.benchResultId).not.toBe(first.benchResultId);
  });

  it("keys the stores by a digest of the key (and the server), never the key itself", () => {
    const config = parseOptions({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" });
    expect(accountIdOf(config)).toMatch(/^key:[0-9a-f]{64}$/);
    expect(accountIdOf(config)).not.toContain(KEY);
    expect(accountIdOf(parseOptions({ apiKey: KEY, baseUrl: "http://127.0.0.2:9" }))).not.toBe(accountIdOf(config));
    expect(accountIdOf(parseOptions({ demo: true }))).toBe("demo");
  });

  it("resolves one use case by name, typed, and each once per container", () => {
    const container = createContainer(parseOptions({ demo: true }));
    const launch = resolveUseCase(container, "launchScenario");
    expect(launch).toBeInstanceOf(LaunchScenario);
    expect(resolveUseCase(container, "launchScenario")).toBe(launch);
    // What the edges call: the same use cases with their deep links, built once per container too.
    expect(resolveUseCases(container)).toBe(resolveUseCases(container));
  });
});
