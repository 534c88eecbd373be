import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { bearerOf, perUserScope, sharedScope, type Scope } from "../../../src/app/http/access.js";
import { apiKeyProblem } from "../../../src/app/config.js";
import { redisSecrets } from "../../../src/app/http/start-http-server.js";
import { sessionKeyOf } from "../../../src/app/http/session-ids.js";
import type { LinkedUseCases as UseCases } from "../../../src/adapters/linked-use-cases.js";

const TOKEN = "t0ken-of-at-least-thirty-two-characters-0001";
const useCases = {} as UseCases;
const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as IncomingMessage;

describe("sharedScope: the one function that picks the composition of a request", () => {
  it("without an access token (demo), serves every request from the one composition", () => {
    const scopeFor = sharedScope(useCases, ["octoperf-key"], null);
    expect(scopeFor(request())).toMatchObject({ id: "shared", useCases, secrets: ["octoperf-key"] });
  });

  it("with an access token, serves only the right Bearer, and the token joins the secrets the answers are masked for", () => {
    const scopeFor = sharedScope(useCases, ["octoperf-key"], TOKEN);
    expect(scopeFor(request(`Bearer ${TOKEN}`))).toMatchObject({ useCases, secrets: ["octoperf-key", TOKEN] });
    expect(scopeFor(request(`bearer   ${TOKEN}`))).toMatchObject({ useCases });
  });

  it.each([
    [undefined, 'Bearer realm="octoperf-mcp"', /requires an access token/],
    ["Bearer wrong", 'Bearer realm="octoperf-mcp", error="invalid_token"', /not valid/],
    [`Bearer ${TOKEN}x`, 'Bearer realm="octoperf-mcp", error="invalid_token"', /not valid/],
    [`Basic ${TOKEN}`, 'Bearer realm="octoperf-mcp", error="invalid_token"', /malformed/],
    ["Bearer", 'Bearer realm="octoperf-mcp", error="invalid_token"', /malformed/],
  ])("%s → 401 with WWW-Authenticate, naming no token", (authorization, challenge, message) => {
    const refusal = sharedScope(useCases, [], TOKEN)(request(authorization));
    expect(refusal).toMatchObject({
      status: 401,
      message: expect.stringMatching(message),
      headers: { "WWW-Authenticate": expect.stringContaining(challenge) },
    });
    expect(JSON.stringify(refusal)).not.toContain(TOKEN);
  });

  it("bearerOf: the credential, null without a header, empty when malformed", () => {
    expect(bearerOf(request("Bearer abc"))).toBe("abc");
    expect(bearerOf(request())).toBeNull();
    expect(bearerOf(request("Bearer a b"))).toBe("");
  });
});

describe("perUserScope: each request with its caller's own OctoPerf key", () => {
  const KEY = "0ctoperf-key-0f-a-user-0000000000001";
  const composed: Scope[] = [];
  const keys: string[] = [];
  const scopeFor = perUserScope(apiKeyProblem, (key): Scope => {
    keys.push(key);
    const scope = { id: `account-of-${key.length}`, useCases, secrets: [key], sessionKey: sessionKeyOf(key) };
    composed.push(scope);
    return scope;
  });

  it("composes for the Bearer key, which joins that request's secrets", () => {
    expect(scopeFor(request(`Bearer ${KEY}`))).toMatchObject({ useCases, secrets: [KEY] });
    expect(keys.at(-1)).toBe(KEY);
  });

  it("keeps the session key the composition derived: one SHA-256 of the key per request, not a second one", () => {
    const scope = scopeFor(request(`Bearer ${KEY}`));
    expect(scope).toBe(composed.at(-1));
    expect((scope as Scope).sessionKey).toBe(composed.at(-1)!.sessionKey);
  });

  it.each([
    [undefined, 'Bearer realm="octoperf-mcp"', /needs your own OctoPerf API key/],
    ["Bearer", 'error="invalid_token"', /malformed/],
    [`Basic ${KEY}`, 'error="invalid_token"', /malformed/],
    ["Bearer short", 'error="invalid_token", error_description="the Bearer OctoPerf API key is too short', /too short to be an OctoPerf API key/],
    [`Bearer ${"k".repeat(600)}`, 'error="invalid_token"', /Bearer OctoPerf API key/],
  ])("%s → 401 with WWW-Authenticate and a reason, composing nothing and echoing no key", (authorization, challenge, message) => {
    const before = keys.length;
    const refusal = scopeFor(request(authorization));
    expect(refusal).toMatchObject({
      status: 401,
      message: expect.stringMatching(message),
      headers: { "WWW-Authenticate": expect.stringContaining(challenge) },
    });
    expect(keys.length).toBe(before);
    expect(JSON.stringify(refusal)).not.toMatch(/short"|kkkk/);
  });
});

describe("redisSecrets", () => {
  it("masks a Redis URL's password, as written and decoded; nothing without one", () => {
    expect(redisSecrets("redis://:p%40ss-w0rd@h:6379")).toEqual(["p%40ss-w0rd", "p@ss-w0rd"]);
    expect(redisSecrets("redis://user:pw123456@h:6379")).toEqual(["pw123456"]);
    expect(redisSecrets("redis://h:6379")).toEqual([]);
    expect(redisSecrets(null)).toEqual([]);
  });
});
