/**
 * Sign-in by OAuth 2.1 through the BUILT bin, as a chat app's connector does it: the MCP SDK's
 * own OAuth client (client/auth.js, driven by StreamableHTTPClientTransport's authProvider)
 * discovers the server, registers, and sends the user to the consent page, which a real headless
 * Chromium fills in (JavaScript off: the page must work without it) against a loopback OctoPerf.
 * Then every way in that must be refused is tried, each expecting its OAuth error. No key, token
 * or code may appear in the server's stderr or in a page.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient,
  startAuthorization,
  UnauthorizedError,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { AuthorizationServerMetadata, OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { LAUNCH_ROUTE } from "../support/octoperf-routes.js";
import { SEED } from "../support/seed-ids.js";
import { connectWithOAuth, consentInBrowser, launchChromium, postMcp, RecordingOAuthClient, startCallbackServer } from "../support/oauth-client.js";
import { CANARY_API_KEY, SecretScanner, WRONG_API_KEY } from "../support/secret-scan.js";
import { spawnHttpServer, stopAllHttpServers, type HttpServerProcess } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const KEY = CANARY_API_KEY;
const OTHER_KEY = "c4nary02-5ecr-4e7a-b1d2-sec0nd0user02";
const SECRET = randomBytes(32).toString("base64");
/** Where the consent page's screenshots go (OAUTH_SCREENSHOTS=docs to refresh the README's). */
const SHOTS = process.env.OAUTH_SCREENSHOTS ?? join(tmpdir(), "octoperf-mcp-oauth-shots");
const WORKSPACES = "/workspaces/member-of";

let stub: StubOctoPerf;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
/** Every token, code and key the tests see: none may appear in a log or a page. */
const issued = new Set<string>([KEY, OTHER_KEY, WRONG_API_KEY, SECRET]);
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stub = await startStubOctoPerf({ apiKey: KEY });
  chromium = await launchChromium();
  callback = await startCallbackServer();
}, 30_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await stopAllHttpServers();
});

afterAll(async () => {
  await chromium?.close();
  await callback?.close();
  await stub?.close();
});

function oauthServer(env: Record<string, string> = {}): Promise<HttpServerProcess> {
  return spawnHttpServer([], {
    OCTOPERF_BASE_URL: stub.baseUrl,
    OCTOPERF_TIMEOUT_MS: "5000",
    OCTOPERF_HTTP_AUTH: "oauth",
    OCTOPERF_HTTP_OAUTH_SECRET: SECRET,
    ...env,
  });
}

async function newPage(): Promise<Page> {
  // No JavaScript: the consent page is a plain form.
  const context = await chromium.newContext({ javaScriptEnabled: false });
  contexts.push(context);
  return context.newPage();
}

/** The consent step in the browser; the code it brings back is added to the secrets scanned for. */
async function consent(page: Page, authorizationUrl: URL | string, key: string) {
  const outcome = await consentInBrowser(page, authorizationUrl, key, callback);
  if (outcome.code !== null) issued.add(outcome.code);
  return outcome;
}

function expectNoSecretIn(label: string, text: string): void {
  new SecretScanner([...issued]).scan(label, text);
}

function ok(result: CallToolResult): unknown {
  expectNoSecretIn("tool result", JSON.stringify(result));
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent;
}

async function tokenRequest(server: HttpServerProcess, fields: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${server.origin}/token`, { method: "POST", body: new URLSearchParams(fields) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** The SDK client's pieces, for requests the tests shape by hand. */
async function registered(server: HttpServerProcess): Promise<{ metadata: AuthorizationServerMetadata; client: OAuthClientInformationFull }> {
  const metadata = (await discoverAuthorizationServerMetadata(server.origin)) as AuthorizationServerMetadata;
  const client = await registerClient(server.origin, { metadata, clientMetadata: new RecordingOAuthClient(callback.url).clientMetadata });
  return { metadata, client };
}

async function authorizationFor(
  server: HttpServerProcess,
  metadata: AuthorizationServerMetadata,
  client: OAuthClientInformationFull,
  resource = new URL(server.url),
) {
  return startAuthorization(server.origin, { metadata, clientInformation: client, redirectUrl: callback.url, state: "st-123", resource });
}

async function oauthErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the request was accepted").not.toBeNull();
  return (error as { errorCode?: string }).errorCode ?? String(error);
}

describe("OAuth sign-in through the consent page (built bin, SDK client, headless Chromium)", () => {
  it("discovers, registers, consents with the OctoPerf key, calls tools, refreshes and signs out", { timeout: 60_000 }, async () => {
    const server = await oauthServer();
    const provider = new RecordingOAuthClient(callback.url);
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await expect(new Client({ name: "app", version: "0" }).connect(transport)).rejects.toThrow(UnauthorizedError);
    expect(provider.information?.client_id).toMatch(/^[0-9a-f-]{36}$/);
    const authorizationUrl = provider.lastAuthorizationUrl;
    expect(authorizationUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizationUrl.searchParams.get("resource")).toBe(server.url);

    const page = await newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    const shown = await page.goto(authorizationUrl.href);
    const headers = shown!.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("default-src 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["cache-control"]).toBe("no-store");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Connect Loopback Test App to OctoPerf");
    await expect(page.getByText("launch and stop load tests, which spends your OctoPerf credits").count()).resolves.toBe(1);
    const help = page.getByRole("link", { name: "where to find it" });
    await expect(help.getAttribute("href")).resolves.toBe("https://doc.octoperf.com/account/profile/#apikey");
    await page.screenshot({ path: join(SHOTS, "oauth-consent.png") });
    expectNoSecretIn("consent page", await page.content());

    const checksBefore = stub.requestsTo("GET", WORKSPACES).length;
    const before = callback.received.length;
    await page.getByLabel("Your OctoPerf API key").fill(KEY);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow" }).click()]);
    expect(callback.received.length).toBe(before + 1);
    const back = callback.received.at(-1)!.params;
    expect(back.get("state")).toBe(authorizationUrl.searchParams.get("state"));
    expect(back.get("iss")).toBe(`${server.origin}/`);
    const code = back.get("code")!;
    issued.add(code);
    // The key was checked with OctoPerf before the code was issued.
    expect(
      stub
        .requestsTo("GET", WORKSPACES)
        .slice(checksBefore)
        .map((r) => r.headers.authorization),
    ).toEqual([`Bearer ${KEY}`]);
    // Nothing the page loaded came from anywhere but this server and the app's own redirect.
    for (const url of requested) expect([server.origin, new URL(callback.url).origin]).toContain(new URL(url).origin);

    await transport.finishAuth(code);
    const tokens = provider.saved!;
    issued.add(tokens.access_token).add(tokens.refresh_token!);
    expect(tokens.access_token).toMatch(/^opm_at_/);
    expect(tokens.expires_in).toBe(3600);
    const { client } = await connectWithOAuth(server.url, provider);
    const seen = stub.requestsTo("GET", WORKSPACES).length;
    expect(ok((await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })) as CallToolResult)).toHaveProperty("workspaces");
    // The tool's calls to OctoPerf carry the key given on the consent page.
    expect(
      stub
        .requestsTo("GET", WORKSPACES)
        .slice(seen)
        .map((r) => r.headers.authorization),
    ).toEqual([`Bearer ${KEY}`]);
    await client.close();

    // Refresh: a new pair; the access token works, and the refresh token has rotated.
    const metadata = (await discoverAuthorizationServerMetadata(server.origin)) as AuthorizationServerMetadata;
    const refreshed = await refreshAuthorization(server.origin, {
      metadata,
      clientInformation: provider.information!,
      refreshToken: tokens.refresh_token!,
      resource: new URL(server.url),
    });
    issued.add(refreshed.access_token).add(refreshed.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await postMcp(server.url, refreshed.access_token)).status).toBe(200);

    // Sign out (RFC 7009): the grant ends, every token of it is refused with a challenge naming the metadata.
    const revoked = await fetch(`${server.origin}/revoke`, {
      method: "POST",
      body: new URLSearchParams({ token: refreshed.refresh_token!, client_id: provider.information!.client_id }),
    });
    expect(revoked.status).toBe(200);
    for (const token of [tokens.access_token, refreshed.access_token]) {
      const refused = await postMcp(server.url, token);
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(refused.challenge).toContain(`resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`);
    }
    const refreshAfterRevoke = await tokenRequest(server, {
      grant_type: "refresh_token",
      refresh_token: refreshed.refresh_token!,
      client_id: provider.information!.client_id,
    });
    expect(refreshAfterRevoke).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    await server.stop();
    expectNoSecretIn("server stderr", server.stderr());
  });

  it("serves both metadata documents and refuses /mcp without a token, naming where to sign in", async () => {
    const server = await oauthServer();
    const resource = await (await fetch(`${server.origin}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toMatchObject({ resource: server.url, authorization_servers: [`${server.origin}/`] });
    expect(await (await fetch(`${server.origin}/.well-known/oauth-protected-resource`)).json()).toMatchObject({ resource: server.url });
    const metadata = await (await fetch(`${server.origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({
      issuer: `${server.origin}/`,
      authorization_endpoint: `${server.origin}/authorize`,
      token_endpoint: `${server.origin}/token`,
      registration_endpoint: `${server.origin}/register`,
      revocation_endpoint: `${server.origin}/revoke`,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      client_id_metadata_document_supported: true,
    });
    const none = await fetch(server.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain(`resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`);
    // An OctoPerf key as the Bearer is not a sign-in in oauth mode.
    expect((await postMcp(server.url, KEY)).status).toBe(401);
    expectNoSecretIn("server stderr", server.stderr());
  });

  it("a wrong key: a clear error on the page, nothing issued; then the right key goes through", { timeout: 60_000 }, async () => {
    const server = await oauthServer();
    const { metadata, client } = await registered(server);
    const { authorizationUrl } = await authorizationFor(server, metadata, client);
    const page = await newPage();
    const checks = stub.requestsTo("GET", WORKSPACES).length;
    const wrong = await consent(page, authorizationUrl, WRONG_API_KEY);
    expect(wrong).toMatchObject({ status: 401, code: null, params: null });
    await expect(page.getByRole("alert").textContent()).resolves.toContain("OctoPerf did not accept this API key");
    await expect(page.getByLabel("Your OctoPerf API key").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.screenshot({ path: join(SHOTS, "oauth-consent-wrong-key.png") });
    expectNoSecretIn("wrong-key page", await page.content());
    expect(
      stub
        .requestsTo("GET", WORKSPACES)
        .slice(checks)
        .map((r) => r.headers.authorization),
    ).toEqual([`Bearer ${WRONG_API_KEY}`]);

    // The same page, the right key: the form still holds the request.
    const before = callback.received.length;
    await page.getByLabel("Your OctoPerf API key").fill(KEY);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow" }).click()]);
    expect(callback.received.length).toBe(before + 1);
    expect(callback.received.at(-1)!.params.get("code")).toMatch(/^opm_code_/);
    issued.add(callback.received.at(-1)!.params.get("code")!);
    expectNoSecretIn("server stderr", server.stderr());
  });

  it("each request that must be refused gets its OAuth error", { timeout: 90_000 }, async () => {
    const server = await oauthServer();
    const { metadata, client } = await registered(server);
    const page = await newPage();

    // A redirect URI that was not registered: answered to the browser, never redirected to.
    const foreign = await startAuthorization(server.origin, {
      metadata,
      clientInformation: client,
      redirectUrl: "http://127.0.0.1:9/evil",
      resource: new URL(server.url),
    });
    const refusedRedirect = await fetch(foreign.authorizationUrl, { redirect: "manual" });
    expect(refusedRedirect.status).toBe(400);
    expect(await refusedRedirect.json()).toMatchObject({ error: "invalid_request", error_description: "Unregistered redirect_uri" });

    // Another resource (RFC 8707): sent back to the app as invalid_target, with its state.
    const other = await authorizationFor(server, metadata, client, new URL("https://elsewhere.example/mcp"));
    const refusedResource = await fetch(other.authorizationUrl, { redirect: "manual" });
    expect(refusedResource.status).toBe(302);
    const location = new URL(refusedResource.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_target");
    expect(location.searchParams.get("state")).toBe("st-123");

    // No PKCE: the authorization request itself is refused.
    const noPkce = new URL(other.authorizationUrl);
    noPkce.searchParams.delete("code_challenge");
    noPkce.searchParams.delete("code_challenge_method");
    noPkce.searchParams.set("resource", server.url);
    const refusedPkce = await fetch(noPkce, { redirect: "manual" });
    expect(new URL(refusedPkce.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");

    const exchange = (code: string, verifier: string, extra: { redirectUri?: string; resource?: URL } = {}) =>
      exchangeAuthorization(server.origin, {
        metadata,
        clientInformation: client,
        authorizationCode: code,
        codeVerifier: verifier,
        redirectUri: extra.redirectUri ?? callback.url,
        resource: extra.resource ?? new URL(server.url),
      });

    // A code exchanged without its PKCE verifier, or with another one: refused, and the code is still good for its owner.
    const first = await authorizationFor(server, metadata, client);
    const { code } = await consent(page, first.authorizationUrl, KEY);
    const withoutVerifier = await tokenRequest(server, {
      grant_type: "authorization_code",
      code: code!,
      client_id: client.client_id,
      redirect_uri: callback.url,
    });
    expect(withoutVerifier).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await oauthErrorOf(exchange(code!, "x".repeat(43)))).toBe("invalid_grant");
    // Another resource at the token endpoint.
    expect(await oauthErrorOf(exchange(code!, first.codeVerifier, { resource: new URL("https://elsewhere.example/mcp") }))).toBe("invalid_target");

    const tokens = await exchange(code!, first.codeVerifier);
    issued.add(tokens.access_token).add(tokens.refresh_token!);
    expect((await postMcp(server.url, tokens.access_token)).status).toBe(200);
    // The code replayed: refused, and what was issued from it is revoked (a stolen code's tokens die).
    expect(await oauthErrorOf(exchange(code!, first.codeVerifier))).toBe("invalid_grant");
    expect((await postMcp(server.url, tokens.access_token)).status).toBe(401);

    // A redirect URI at the token endpoint other than the authorization request's.
    const second = await authorizationFor(server, metadata, client);
    const secondCode = (await consent(page, second.authorizationUrl, KEY)).code!;
    expect(await oauthErrorOf(exchange(secondCode, second.codeVerifier, { redirectUri: "http://127.0.0.1:9/evil" }))).toBe("invalid_grant");

    // A rotated refresh token used again: refused, and the whole grant ends.
    const third = await authorizationFor(server, metadata, client);
    const thirdTokens = await exchange((await consent(page, third.authorizationUrl, KEY)).code!, third.codeVerifier);
    const rotated = await refreshAuthorization(server.origin, {
      metadata,
      clientInformation: client,
      refreshToken: thirdTokens.refresh_token!,
      resource: new URL(server.url),
    });
    issued.add(thirdTokens.access_token).add(thirdTokens.refresh_token!).add(rotated.access_token).add(rotated.refresh_token!);
    expect(await oauthErrorOf(refreshAuthorization(server.origin, { metadata, clientInformation: client, refreshToken: thirdTokens.refresh_token! }))).toBe(
      "invalid_grant",
    );
    expect((await postMcp(server.url, rotated.access_token)).status).toBe(401);

    // A forged CSRF token: the form is refused and nothing is issued.
    const fourth = await authorizationFor(server, metadata, client);
    await page.goto(fourth.authorizationUrl.href);
    // A tampered hidden field, as an attacker's copy of the form would hold.
    await page
      .locator("input[name=csrf_token]")
      .evaluate((input: { setAttribute(name: string, value: string): void }) => input.setAttribute("value", "forged"));
    const received = callback.received.length;
    await page.getByLabel("Your OctoPerf API key").fill(KEY);
    const [forged] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow" }).click()]);
    expect(forged?.status()).toBe(403);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("did not come from the page this server showed");
    // The real form posted from elsewhere (login CSRF: no cookie of this browser).
    await page.goto(fourth.authorizationUrl.href);
    const fields = {
      request: (await page.locator("input[name=request]").getAttribute("value"))!,
      csrf_token: (await page.locator("input[name=csrf_token]").getAttribute("value"))!,
      api_key: KEY,
      decision: "allow",
    };
    const crossSite = await fetch(`${server.origin}/consent`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
    expect(crossSite.status).toBe(403);
    expect(callback.received.length).toBe(received);

    // Deny: back to the app with access_denied and its state.
    await page.goto(fourth.authorizationUrl.href);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Deny" }).click()]);
    expect(callback.received.at(-1)!.params.get("error")).toBe("access_denied");
    expect(callback.received.at(-1)!.params.get("state")).toBe("st-123");

    // A token whose signature is right-looking but unknown, and a revoked client's attempt on someone else's token.
    expect((await postMcp(server.url, `opm_at_${"A".repeat(43)}`)).status).toBe(401);
    expectNoSecretIn("server stderr", server.stderr());
  });

  it("a key OctoPerf rejects later: the tool says so, the tokens are revoked, and the app is sent through consent again", { timeout: 60_000 }, async () => {
    const server = await oauthServer();
    const provider = new RecordingOAuthClient(callback.url);
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await expect(new Client({ name: "app", version: "0" }).connect(transport)).rejects.toThrow(UnauthorizedError);
    const { code } = await consent(await newPage(), provider.lastAuthorizationUrl, KEY);
    await transport.finishAuth(code!);
    issued.add(provider.saved!.access_token).add(provider.saved!.refresh_token!);
    const { client } = await connectWithOAuth(server.url, provider);

    // One refusal the key check does not confirm (a 403 on something this account may not see): the sign-in stays.
    stub.script("GET", WORKSPACES, [{ status: 403 }]);
    expect((await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })).isError).toBe(true);
    expect((await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })).isError).toBeFalsy();
    expect(provider.authorizationUrls).toHaveLength(1);

    // A regenerated key: the call fails, and so does the server's check of the key that follows.
    stub.script("GET", WORKSPACES, [{ status: 401 }, { status: 401 }]);
    const rejected = await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} });
    expect(rejected.isError).toBe(true);
    expect(textOf(rejected as CallToolResult)).toMatch(/rejected the API key/i);
    // The next call: 401, the refresh fails (the grant is gone), and the SDK sends the user to consent again.
    await expect(client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })).rejects.toThrow(UnauthorizedError);
    expect(provider.authorizationUrls).toHaveLength(2);
    await client.close().catch(() => {});
    expectNoSecretIn("server stderr", server.stderr());
  });

  it("launch safety per OctoPerf account: two sign-ins with one key share the guard, another key launches its own", { timeout: 90_000 }, async () => {
    const own = await startStubOctoPerf({ apiKey: [KEY, OTHER_KEY] });
    try {
      const server = await oauthServer({ OCTOPERF_BASE_URL: own.baseUrl });
      const signIn = async (key: string) => {
        const provider = new RecordingOAuthClient(callback.url);
        const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
        await expect(new Client({ name: "app", version: "0" }).connect(transport)).rejects.toThrow(UnauthorizedError);
        const { code } = await consent(await newPage(), provider.lastAuthorizationUrl, key);
        await transport.finishAuth(code!);
        issued.add(provider.saved!.access_token).add(provider.saved!.refresh_token!);
        return (await connectWithOAuth(server.url, provider)).client;
      };
      const [phone, laptop, colleague] = [await signIn(KEY), await signIn(KEY), await signIn(OTHER_KEY)];
      const launch = async (client: Client) =>
        ok((await client.callTool({ name: "octoperf_run_test", arguments: { runtimeId: SEED.scenario.checkoutSmoke } })) as CallToolResult) as {
          benchResultId: string;
          outcome: string;
        };
      const first = await launch(phone);
      expect(first.outcome).toBe("launched");
      // The same account signed in from another app: the launch just made answers, nothing is sent.
      expect(await launch(laptop)).toMatchObject({ benchResultId: first.benchResultId, outcome: "existing" });
      // Another account never sees that launch: it launches its own.
      const theirs = await launch(colleague);
      expect(theirs.outcome).toBe("launched");
      expect(theirs.benchResultId).not.toBe(first.benchResultId);
      const launches = own.requests.filter((r) => r.method === "POST" && LAUNCH_ROUTE.test(r.path));
      expect(launches.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${OTHER_KEY}`]);
      for (const client of [phone, laptop, colleague]) await client.close();
      expectNoSecretIn("server stderr", server.stderr());
    } finally {
      await stopAllHttpServers();
      await own.close();
    }
  });

  it("too many wrong keys from one address: the form is rate limited", { timeout: 60_000 }, async () => {
    const server = await oauthServer();
    const { metadata, client } = await registered(server);
    const { authorizationUrl } = await authorizationFor(server, metadata, client);
    const page = await newPage();
    await page.goto(authorizationUrl.href);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      await page.getByLabel("Your OctoPerf API key").fill(WRONG_API_KEY);
      const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow" }).click()]);
      statuses.push(answer!.status());
      if (answer!.status() === 429) break;
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Too many keys were refused");
  });

  it("refuses to start in OAuth mode without a good secret, or with a shared account", async () => {
    await expect(oauthServer({ OCTOPERF_HTTP_OAUTH_SECRET: "" })).rejects.toThrow(/OCTOPERF_HTTP_OAUTH_SECRET is required/);
    await expect(oauthServer({ OCTOPERF_HTTP_OAUTH_SECRET: randomBytes(16).toString("base64") })).rejects.toThrow(/holds 16 bytes; it needs at least 32/);
    await expect(oauthServer({ OCTOPERF_HTTP_AUTH: "maybe" })).rejects.toThrow(/OCTOPERF_HTTP_AUTH must be bearer-key \(the default\), oauth or both/);
    await expect(oauthServer({ OCTOPERF_HTTP_PUBLIC_URL: "http://mcp.example.com" })).rejects.toThrow(/must be an https:\/\/ URL/);
    await expect(oauthServer({ OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: "t".repeat(40) })).rejects.toThrow(
      /does not apply to a shared account/,
    );
  });

  it("both: an OctoPerf key as the Bearer still works beside OAuth tokens", { timeout: 60_000 }, async () => {
    const server = await oauthServer({ OCTOPERF_HTTP_AUTH: "both" });
    expect((await postMcp(server.url, KEY)).status).toBe(200);
    const { metadata, client } = await registered(server);
    const start = await authorizationFor(server, metadata, client);
    const { code } = await consent(await newPage(), start.authorizationUrl, KEY);
    const tokens = await exchangeAuthorization(server.origin, {
      metadata,
      clientInformation: client,
      authorizationCode: code!,
      codeVerifier: start.codeVerifier,
      redirectUri: callback.url,
      resource: new URL(server.url),
    });
    issued.add(tokens.access_token).add(tokens.refresh_token!);
    expect((await postMcp(server.url, tokens.access_token)).status).toBe(200);
    expect((await postMcp(server.url, `${tokens.access_token}x`)).status).toBe(401);
    expectNoSecretIn("server stderr", server.stderr());
  });
});
