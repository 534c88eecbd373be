import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { HELP } from "../../src/app/cli-help.js";
import { ENV_VARIABLES, loadConfig, parseOptions } from "../../src/app/config.js";
import { ConfigurationError } from "../../src/domain/errors.js";

const KEY = "3f9c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ OCTOPERF_API_KEY: KEY });
    expect(config).toMatchObject({
      mode: "http",
      baseUrl: "https://api.octoperf.com",
      timeoutMs: 30_000,
      maxRetries: 3,
      readOnly: false,
      allowedScenarios: null,
    });
    expect(config.apiKey?.reveal()).toBe(KEY);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      OCTOPERF_API_KEY: KEY,
      OCTOPERF_BASE_URL: "https://octoperf.example.com/",
      OCTOPERF_TIMEOUT_MS: "5000",
      OCTOPERF_MAX_RETRIES: "0",
      OCTOPERF_READ_ONLY: "1",
      OCTOPERF_ALLOWED_SCENARIOS: "abc, def ,",
      OCTOPERF_LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      baseUrl: "https://octoperf.example.com",
      timeoutMs: 5000,
      maxRetries: 0,
      readOnly: true,
      allowedScenarios: ["abc", "def"],
      logLevel: "debug",
    });
  });

  it("needs no key in demo mode, by flag or variable", () => {
    expect(loadConfig({}, { demo: true }).mode).toBe("demo");
    expect(loadConfig({ OCTOPERF_DEMO: "1" }).mode).toBe("demo");
  });

  it.each([
    [{}, /^OCTOPERF_API_KEY is required/],
    [{ OCTOPERF_API_KEY: "x" }, /^OCTOPERF_API_KEY is too short to be an OctoPerf API key/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: "ftp://x" }, /^OCTOPERF_BASE_URL must be an http\(s\) URL/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_TIMEOUT_MS: "-1" }, /^OCTOPERF_TIMEOUT_MS must be greater than 0/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_MAX_RETRIES: "99" }, /^OCTOPERF_MAX_RETRIES must be at most 10/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_ALLOWED_SCENARIOS: "ok,../bad" }, /^OCTOPERF_ALLOWED_SCENARIOS scenario id may only contain/],
    [{ OCTOPERF_API_KEY: KEY, OCTOPERF_LOG_LEVEL: "loud" }, /^OCTOPERF_LOG_LEVEL must be debug, info, warn or error/],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigurationError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([",", " ", " , ", ",,", ""])("refuses an allowlist that is set but names no scenario (%j): it fails closed", (value) => {
    const env = { OCTOPERF_API_KEY: KEY, OCTOPERF_ALLOWED_SCENARIOS: value };
    expect(() => loadConfig(env)).toThrow(ConfigurationError);
    expect(() => loadConfig(env)).toThrow(/^OCTOPERF_ALLOWED_SCENARIOS is set but names no scenario id: list the ids .* or remove it to allow every scenario$/);
    expect(() => parseOptions({ apiKey: KEY, allowedScenarios: [] })).toThrow(/^allowedScenarios is set but names no scenario id/);
    expect(() => parseOptions({ apiKey: KEY, allowedScenarios: [" "] })).toThrow(/^allowedScenarios is set but names no scenario id/);
  });

  it.each([
    ["TRUE", true],
    ["True", true],
    ["on", true],
    ["ON", true],
    ["yes", true],
    ["Yes", true],
    ["1", true],
    [" true ", true],
    ["FALSE", false],
    ["off", false],
    ["Off", false],
    ["no", false],
    ["NO", false],
    ["0", false],
  ])("reads the boolean spelling %j as %s, for every boolean setting", (value, expected) => {
    expect(loadConfig({ OCTOPERF_API_KEY: KEY, OCTOPERF_READ_ONLY: value }).readOnly).toBe(expected);
    expect(loadConfig({ OCTOPERF_API_KEY: KEY, OCTOPERF_DEMO: value }).mode).toBe(expected ? "demo" : "http");
  });

  it.each(["maybe", "2", "enabled", "y e s"])("refuses the boolean %j naming the variable and the accepted spellings", (value) => {
    const message = /^OCTOPERF_READ_ONLY must be true\/false, 1\/0, yes\/no or on\/off \(any case\)$/;
    expect(() => loadConfig({ OCTOPERF_API_KEY: KEY, OCTOPERF_READ_ONLY: value })).toThrow(message);
    expect(() => loadConfig({ OCTOPERF_API_KEY: KEY, OCTOPERF_DEMO: value })).toThrow(/^OCTOPERF_DEMO must be true\/false, 1\/0/);
    expect(() => loadConfig({ OCTOPERF_API_KEY: KEY, OCTOPERF_READ_ONLY: value })).not.toThrow(new RegExp(value));
  });

  it("names options, not variables, for library users", () => {
    expect(() => parseOptions({ apiKey: KEY, timeoutMs: 0 })).toThrow(/^timeoutMs must be greater than 0/);
  });

  it("never prints the key when the config is logged, serialised or inspected", () => {
    const config = loadConfig({ OCTOPERF_API_KEY: KEY });
    expect(JSON.stringify(config)).not.toContain(KEY);
    expect(inspect(config, { depth: 5 })).not.toContain(KEY);
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- the point: a template literal must print the key redacted
    expect(`${config.apiKey}`).toBe("[REDACTED]");
  });

  it("documents every variable in --help", () => {
    for (const variable of Object.values(ENV_VARIABLES)) expect(HELP).toContain(variable);
  });
});
