import { createServer } from "node:http";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { listenOnLoopback } from "./loopback-server.js";

/** What reached the client's redirect URI: the browser's query string. */
export interface Callback {
  readonly params: URLSearchParams;
}

export type CallbackServer = Awaited<ReturnType<typeof startCallbackServer>>;

/**
 * The client's redirect URI: a loopback server (RFC 8252, a native app's way) that records what
 * the browser brings back and answers with a plain page.
 */
export async function startCallbackServer(): Promise<{
  readonly url: string;
  readonly received: Callback[];
  next(): Promise<Callback>;
  close(): Promise<void>;
}> {
  const received: Callback[] = [];
  const waiters: ((callback: Callback) => void)[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // The browser asks for /favicon.ico too.
    if (url.pathname !== "/callback") return void res.writeHead(404).end();
    const callback = { params: url.searchParams };
    received.push(callback);
    waiters.shift()?.(callback);
    res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Signed in</title><p>You can close this window.</p>");
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    url: `${baseUrl}/callback`,
    received,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close,
  };
}

/**
 * The MCP SDK's own OAuth client (client/auth.js), which the transport drives: this class only
 * keeps what it is given, as a real app would, and records the authorization URL it is told to
 * open (the test opens it in the browser).
 */
export class RecordingOAuthClient implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrls: URL[] = [];
  readonly clientMetadataUrl: string | undefined;

  constructor(
    private readonly redirect: string,
    options: { clientMetadataUrl?: string } = {},
  ) {
    this.clientMetadataUrl = options.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.redirect;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "Loopback Test App",
      redirect_uris: [this.redirect],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state(): string {
    return `state-${Math.random().toString(36).slice(2)}`;
  }

  clientInformation() {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrls.push(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.information = undefined;
  }

  get lastAuthorizationUrl(): URL {
    const url = this.authorizationUrls.at(-1);
    if (url === undefined) throw new Error("the client was never sent to authorization");
    return url;
  }
}

/** An MCP client over Streamable HTTP that signs in with `provider` (the SDK's authProvider option). */
export async function connectWithOAuth(mcpUrl: string, provider: OAuthClientProvider): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider });
  const client = new Client({ name: "oauth-e2e", version: "0" });
  await client.connect(transport, { timeout: 10_000 });
  return { client, transport };
}

/**
 * Debian's chromium, headless, none of its own network chatter. Playwright gives every launch a
 * fresh temporary profile (it refuses --user-data-dir outside launchPersistentContext).
 */
export async function launchChromium(): Promise<{
  browser: Browser;
  newContext(options?: { javaScriptEnabled?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  return {
    browser,
    newContext: (options = {}) => browser.newContext({ viewport: { width: 900, height: 760 }, ...options }),
    close: async () => {
      await browser.close();
    },
  };
}

/** Opens the consent page, types the key, presses Allow; resolves with where the browser ended and what reached the app. */
export async function consentInBrowser(
  page: Page,
  authorizationUrl: URL | string,
  key: string,
  callback: CallbackServer,
): Promise<{ status: number; code: string | null; params: URLSearchParams | null }> {
  const shown = await page.goto(String(authorizationUrl));
  expect(shown?.status()).toBe(200);
  const before = callback.received.length;
  await page.getByLabel("Your OctoPerf API key").fill(key);
  const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow" }).click()]);
  const params = callback.received.length > before ? callback.received.at(-1)!.params : null;
  return { status: answer?.status() ?? 0, code: params?.get("code") ?? null, params };
}

/** An MCP initialize with `Authorization: Bearer <token>`: the status and challenge the token gets. */
export async function postMcp(mcpUrl: string, token: string): Promise<{ status: number; challenge: string | null; text: string }> {
  const response = await fetch(mcpUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    }),
  });
  return { status: response.status, challenge: response.headers.get("www-authenticate"), text: await response.text() };
}

/**
 * The consent step as a browser without a rendering engine does it (plain fetch, its cookie kept
 * by hand): every page and header the server sent, and where the form's answer sends the browser.
 */
export async function consentByFetch(authorizationUrl: URL | string, key: string): Promise<{ pages: string[]; location: URL | null; status: number }> {
  const shown = await fetch(authorizationUrl, { redirect: "manual" });
  const page = await shown.text();
  const pages = [JSON.stringify([...shown.headers]), page];
  const cookie = (shown.headers.get("set-cookie") ?? "").split(";")[0]!;
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? "";
  const answer = await fetch(new URL("/consent", authorizationUrl), {
    method: "POST",
    headers: { Cookie: cookie, Origin: new URL(authorizationUrl).origin },
    body: new URLSearchParams({ request: field("request"), csrf_token: field("csrf_token"), api_key: key, decision: "allow" }),
    redirect: "manual",
  });
  pages.push(JSON.stringify([...answer.headers]), await answer.text());
  const location = answer.headers.get("location");
  return { pages, location: location === null ? null : new URL(location), status: answer.status };
}
