/**
 * OAuth sign-in across two replicas of the BUILT bin sharing one real redis-server, behind a
 * round-robin balancer on 127.0.0.1 (OCTOPERF_HTTP_PUBLIC_URL names it): the consent page may be
 * shown by one replica and answered by the other, a token issued by one works on the other, and
 * stopping one loses nothing. A third server with another public URL (another resource) refuses
 * the tokens. What Redis holds is scanned: no key, token or code, only digests and ciphertext.
 */
import { randomBytes } from "node:crypto";
import { createClient } from "@redis/client";
import { discoverAuthorizationServerMetadata, refreshAuthorization, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { AuthorizationServerMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { textOf } from "../support/mcp-client.js";
import { connectWithOAuth, consentInBrowser, launchChromium, postMcp, RecordingOAuthClient, startCallbackServer } from "../support/oauth-client.js";
import { startRedisServer, type RedisServerProcess } from "../support/redis-server.js";
import { startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { CANARY_API_KEY, SecretScanner } from "../support/secret-scan.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf, type StubOctoPerf } from "../support/stub-octoperf-server.js";

const KEY = CANARY_API_KEY;
const SECRET = randomBytes(32).toString("base64");
const PREFIX = `oauth-e2e-${process.pid}:`;

let redis: RedisServerProcess;
let stub: StubOctoPerf;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | undefined;

beforeAll(async () => {
  [redis, stub, chromium, callback] = await Promise.all([startRedisServer(), startStubOctoPerf({ apiKey: KEY }), launchChromium(), startCallbackServer()]);
}, 30_000);
afterEach(async () => {
  await stopAllHttpServers();
  await proxy?.close();
  proxy = undefined;
});
afterAll(async () => {
  await chromium?.close();
  await callback?.close();
  await stub?.close();
  await redis?.stop();
});

describe("OAuth with two replicas and Redis", () => {
  it("a token issued by one replica works on the other; stopping one loses nothing; another resource refuses it", { timeout: 90_000 }, async () => {
    proxy = await startRoundRobinProxy([], { keepHost: true });
    const env = {
      OCTOPERF_BASE_URL: stub.baseUrl,
      OCTOPERF_TIMEOUT_MS: "5000",
      OCTOPERF_REDIS_URL: redis.url,
      OCTOPERF_REDIS_PREFIX: PREFIX,
      OCTOPERF_HTTP_AUTH: "oauth",
      OCTOPERF_HTTP_OAUTH_SECRET: SECRET,
      OCTOPERF_HTTP_PUBLIC_URL: proxy.origin,
    };
    const [a, b] = await Promise.all([spawnHttpServer([], env), spawnHttpServer([], env)]);
    proxy.add(a.origin);
    proxy.add(b.origin);
    const mcpUrl = `${proxy.origin}/mcp`;

    const provider = new RecordingOAuthClient(callback.url);
    const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
    await expect(new Client({ name: "app", version: "0" }).connect(transport)).rejects.toThrow(UnauthorizedError);
    const context = await chromium.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const servedBefore = proxy.served.length;
    const { code } = await consentInBrowser(page, provider.lastAuthorizationUrl, KEY, callback);
    await context.close();
    // The page from one replica, its form answered by the other: the request travels sealed in the form.
    expect(new Set(proxy.served.slice(servedBefore))).toEqual(new Set([a.origin, b.origin]));
    await transport.finishAuth(code!);
    const tokens = provider.saved!;
    const secrets = [KEY, SECRET, code!, tokens.access_token, tokens.refresh_token!];

    // Straight to each replica, and through the balancer: the same token works everywhere.
    expect((await postMcp(a.url, tokens.access_token)).status).toBe(200);
    expect((await postMcp(b.url, tokens.access_token)).status).toBe(200);
    const { client } = await connectWithOAuth(mcpUrl, provider);
    for (let i = 0; i < 2; i += 1) {
      const result = (await client.callTool({ name: "octoperf_get_current_user_workspaces", arguments: {} })) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    await client.close();

    // One replica goes: the other serves the token, refreshes it and revokes it.
    proxy.remove(a.origin);
    await a.stop();
    expect((await postMcp(mcpUrl, tokens.access_token)).status).toBe(200);
    const metadata = (await discoverAuthorizationServerMetadata(proxy.origin)) as AuthorizationServerMetadata;
    const refreshed = await refreshAuthorization(proxy.origin, {
      metadata,
      clientInformation: provider.information!,
      refreshToken: tokens.refresh_token!,
      resource: new URL(mcpUrl),
    });
    secrets.push(refreshed.access_token, refreshed.refresh_token!);
    expect((await postMcp(mcpUrl, refreshed.access_token)).status).toBe(200);

    // Another resource (another public URL) on the same Redis and secret: the token is not for it.
    const elsewhere = await spawnHttpServer([], { ...env, OCTOPERF_HTTP_PUBLIC_URL: "http://localhost:1" });
    const refused = await postMcp(elsewhere.url, refreshed.access_token);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toContain('error="invalid_token", error_description="Token was not issued for this resource"');

    // What Redis holds: digests and ciphertext only.
    const inspector = createClient({ url: redis.url });
    await inspector.connect();
    const keys = await inspector.keys(`${PREFIX}*`);
    const dump = await Promise.all(keys.map(async (key) => ({ key, value: await inspector.get(key) })));
    await inspector.close();
    expect(keys.some((key) => key.startsWith(`${PREFIX}oauth:grant:`))).toBe(true);
    expect(keys.some((key) => key.startsWith(`${PREFIX}oauth:at:`))).toBe(true);
    const scanner = new SecretScanner(secrets);
    scanner.scan("redis", dump);
    for (const server of [a, b, elsewhere]) scanner.scan("stderr", server.stderr());
  });
});
