import { describe, expect, it } from "vitest";
import { parseOptions } from "../../src/app/config.js";
import { createContainer, resolveUseCases } from "../../src/app/container.js";
import { ConfigurationError } from "../../src/domain/errors.js";

const KEY = "3f9c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("the composition root in HTTP mode", () => {
  it("rejects a base URL the HTTP adapter cannot use when the graph is built, before any call", () => {
    // The schema takes it; the adapter's own check must still run at startup, though axios loads later.
    const config = parseOptions({ apiKey: KEY, baseUrl: "https://user:pass@api.octoperf.example" });
    expect(() => resolveUseCases(createContainer(config))).toThrow(ConfigurationError);
    expect(() => resolveUseCases(createContainer(config))).toThrow(/OCTOPERF_BASE_URL must not carry credentials/);
  });

  it("builds the graph from a good configuration", () => {
    const useCases = resolveUseCases(createContainer(parseOptions({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" })));
    expect(Object.keys(useCases)).toContain("listWorkspaces");
  });
});
