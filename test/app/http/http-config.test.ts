import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../src/domain/errors.js";
import { loadHttpConfig } from "../../../src/app/http/http-config.js";

const TOKEN = "t0ken-of-at-least-thirty-two-characters-0001";
const KEY = "0ctoperf-key-0f-the-shared-account-0001";

describe("loadHttpConfig", () => {
  it("defaults: loopback, port 8808, 1 MiB bodies, no origins, no CORS, no token in demo mode", () => {
    expect(loadHttpConfig({}, {}, true)).toEqual({
      credentials: "demo",
      host: "127.0.0.1",
      port: 8808,
      allowedOrigins: [],
      allowedHosts: [],
      cors: false,
      maxBodyBytes: 1_048_576,
      requestTimeoutMs: 30_000,
      accessToken: null,
      shutdownGraceMs: 10_000,
      redisUrl: null,
      redisPrefix: "octoperf-mcp:",
    });
  });

  it("per-user keys are the default without OCTOPERF_API_KEY; neither the shared-account switch nor an access token applies to them", () => {
    expect(loadHttpConfig({}, {}, false)).toMatchObject({ credentials: "per-user", accessToken: null, redisUrl: null });
    expect(() => loadHttpConfig({ OCTOPERF_HTTP_SHARED_ACCOUNT: "true" }, {}, false)).toThrow(/needs the shared account's OCTOPERF_API_KEY/);
    expect(() => loadHttpConfig({ OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN }, {}, false)).toThrow(/only applies to a shared account/);
  });

  it("Redis: a redis:// or rediss:// URL and a key prefix; not with --demo (each replica has its own demo data)", () => {
    const env = { OCTOPERF_REDIS_URL: "rediss://:p%40ss@redis.internal:6380/2", OCTOPERF_REDIS_PREFIX: "team-a:" };
    expect(loadHttpConfig(env, {}, false)).toMatchObject({ redisUrl: "rediss://:p%40ss@redis.internal:6380/2", redisPrefix: "team-a:" });
    expect(() => loadHttpConfig(env, {}, true)).toThrow(/^OCTOPERF_REDIS_URL does not apply to --demo/);
    expect(() => loadHttpConfig({ OCTOPERF_REDIS_URL: "localhost:6379" }, {}, false)).toThrow(/^OCTOPERF_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadHttpConfig({ OCTOPERF_REDIS_URL: "redis://:secret@" }, {}, false)).toThrow(ConfigurationError);
    expect(() => loadHttpConfig({ OCTOPERF_REDIS_PREFIX: "a b" }, {}, false)).toThrow(/^OCTOPERF_REDIS_PREFIX must be printable ASCII/);
  });

  it("the request timeout: seconds from OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS, between 1 and 300", () => {
    expect(loadHttpConfig({ OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS: "2.5" }, {}, true)).toMatchObject({ requestTimeoutMs: 2_500 });
    expect(() => loadHttpConfig({ OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS: "0" }, {}, true)).toThrow(/^OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS must be at least 1/);
    expect(() => loadHttpConfig({ OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS: "301" }, {}, true)).toThrow(
      /^OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS must be at most 300/,
    );
  });

  it("flags win over the environment, and lists are trimmed", () => {
    const config = loadHttpConfig(
      { OCTOPERF_HTTP_PORT: "9000", OCTOPERF_HTTP_HOST: "0.0.0.0", OCTOPERF_HTTP_ALLOWED_ORIGINS: " https://a.example , http://b.example:8080 ," },
      { port: "0", host: "::1" },
      true,
    );
    expect(config).toMatchObject({ port: 0, host: "::1", allowedOrigins: ["https://a.example", "http://b.example:8080"] });
  });

  it("the shared account: an explicit setting and an access token of its own", () => {
    const env = { OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN };
    expect(loadHttpConfig(env, {}, false).accessToken).toBe(TOKEN);
    expect(() => loadHttpConfig({ ...env, OCTOPERF_HTTP_SHARED_ACCOUNT: "false" }, {}, false)).toThrow(/OCTOPERF_HTTP_SHARED_ACCOUNT=true/);
    expect(() => loadHttpConfig({ ...env, OCTOPERF_HTTP_ACCESS_TOKEN: KEY }, {}, false)).toThrow(/must differ from OCTOPERF_API_KEY/);
    expect(() => loadHttpConfig({ ...env, OCTOPERF_HTTP_ACCESS_TOKEN: `${"x".repeat(20)} ${"y".repeat(20)}` }, {}, false)).toThrow(
      /printable ASCII without spaces/,
    );
  });

  it("a Redis URL's password never appears in its error", () => {
    expect(() => loadHttpConfig({ OCTOPERF_REDIS_URL: "http://:s3cret-pw@h:1" }, {}, false)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("s3cret-pw") }),
    );
  });

  it("a token in demo mode is enforced too", () => {
    expect(loadHttpConfig({ OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN }, {}, true).accessToken).toBe(TOKEN);
  });

  it.each([
    [{ OCTOPERF_HTTP_MAX_BODY_BYTES: "10" }, /^OCTOPERF_HTTP_MAX_BODY_BYTES must be at least 1024 bytes$/],
    [{ OCTOPERF_HTTP_HOST: "not a host!" }, /^OCTOPERF_HTTP_HOST must be an IP address or a host name/],
    [{ OCTOPERF_HTTP_CORS: "sure" }, /^OCTOPERF_HTTP_CORS must be true or false/],
    [{ OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS: "0" }, /^OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS must be at least 1$/],
    [{ OCTOPERF_HTTP_ALLOWED_HOSTS: "a.example,b/c" }, /^OCTOPERF_HTTP_ALLOWED_HOSTS must list host names/],
  ])("%o: a ConfigurationError naming the variable", (env, message) => {
    expect(() => loadHttpConfig(env, {}, true)).toThrow(ConfigurationError);
    expect(() => loadHttpConfig(env, {}, true)).toThrow(message);
  });
});
