import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { bearerOf, sharedScope } from "../../../src/app/http/access.js";
import type { UseCases } from "../../../src/domain/use-cases/use-cases.js";

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
    expect(refusal).toMatchObject({ status: 401, message: expect.stringMatching(message), headers: { "WWW-Authenticate": expect.stringContaining(challenge) } });
    expect(JSON.stringify(refusal)).not.toContain(TOKEN);
  });

  it("bearerOf: the credential, null without a header, empty when malformed", () => {
    expect(bearerOf(request("Bearer abc"))).toBe("abc");
    expect(bearerOf(request())).toBeNull();
    expect(bearerOf(request("Bearer a b"))).toBe("");
  });
});
