/**
 * Client ID Metadata Documents: an https client_id is fetched (here from a real loopback HTTP
 * server: `fetchFn` stands in for DNS and TLS only, routing the https URL there), under a
 * deadline, capped in size, without redirects, and checked before the client is accepted.
 */
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchClientMetadataDocument, forgetClientMetadataDocuments } from "../../../../src/app/http/oauth/client-metadata-document.js";
import { OAuthClients } from "../../../../src/app/http/oauth/oauth-clients.js";
import { InMemoryOAuthStore } from "../../../../src/app/http/oauth/oauth-store.js";
import { SecretBox } from "../../../../src/app/http/oauth/secret-box.js";
import type { LogLevel, Logger } from "../../../../src/ports/logger-port.js";
import { listenOnLoopback } from "../../../support/loopback-server.js";
import { ManualClock } from "../../../support/manual-clock.js";

const CLIENT_ID = "https://app.example.com/oauth/client.json";
let answer: (res: ServerResponse) => void;
let base: string;
let close: () => Promise<void>;
const logged: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
const logger: Logger = { log: (level, message, fields) => void logged.push({ level, message, ...(fields === undefined ? {} : { fields }) }) };

/** The https URL's path, served by the loopback server (what DNS and TLS would have reached). */
const fetchFn: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return fetch(`${base}${url.pathname}`, init);
};

const document = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ client_id: CLIENT_ID, client_name: "Example App", redirect_uris: ["https://app.example.com/callback"], ...overrides });

beforeAll(async () => {
  ({ baseUrl: base, close } = await listenOnLoopback(createServer((_req, res) => answer(res))));
});
afterAll(async () => close());
afterEach(() => {
  forgetClientMetadataDocuments();
  logged.length = 0;
});

const read = (clientId = CLIENT_ID, deadlineMs = 1_000) => fetchClientMetadataDocument(clientId, { logger, fetchFn, deadlineMs });

describe("Client ID Metadata Documents", () => {
  it("accepts a document naming itself, as a public client", async () => {
    answer = (res) => res.writeHead(200, { "Content-Type": "application/json" }).end(document());
    expect(await read()).toMatchObject({ client_id: CLIENT_ID, client_name: "Example App", token_endpoint_auth_method: "none" });
  });

  it.each([
    ["a client_id other than its URL", document({ client_id: "https://evil.example.com/c.json" }), "its client_id is not its own URL"],
    ["a client secret", document({ client_secret: "s" }), "it holds a client_secret"],
    ["a confidential auth method", document({ token_endpoint_auth_method: "client_secret_post" }), "must be none"],
    ["a javascript: redirect", document({ redirect_uris: ["javascript:alert(1)"] }), "not client metadata"],
    ["a plain http redirect off loopback", document({ redirect_uris: ["http://app.example.com/cb"] }), "is not allowed"],
    ["not JSON", "<html>", "it is not JSON"],
    ["too large", document({ client_name: "x".repeat(6_000) }), "larger than"],
  ])("refuses a document with %s", async (_case, body, reason) => {
    answer = (res) => res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    expect(await read()).toBeUndefined();
    expect(JSON.stringify(logged)).toContain(reason);
  });

  it("refuses a redirect, an error status and a server that never answers (within the deadline)", async () => {
    answer = (res) => res.writeHead(302, { Location: "https://elsewhere.example.com/c.json" }).end();
    expect(await read()).toBeUndefined();
    forgetClientMetadataDocuments();
    answer = (res) => res.writeHead(404).end();
    expect(await read()).toBeUndefined();
    forgetClientMetadataDocuments();
    answer = () => {};
    const started = Date.now();
    expect(await read(CLIENT_ID, 300)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it.each([
    "http://app.example.com/c.json",
    "https://app.example.com/",
    "https://127.0.0.1/c.json",
    "https://10.1.2.3/c.json",
    "https://localhost/c.json",
    "https://[::1]/c.json",
  ])("never fetches %s (not https, no path, or this machine or a private network)", async (clientId) => {
    let fetched = 0;
    answer = (res) => {
      fetched += 1;
      res.writeHead(200).end(document({ client_id: clientId }));
    };
    expect(await read(clientId)).toBeUndefined();
    expect(fetched).toBe(0);
  });

  it("OAuthClients: an https client_id is a document, anything else a registration; a confidential client's secret is derived, never stored", async () => {
    answer = (res) => res.writeHead(200, { "Content-Type": "application/json" }).end(document());
    const store = new InMemoryOAuthStore(new ManualClock());
    const box = new SecretBox(randomBytes(32));
    const clients = new OAuthClients(store, box, (id) => fetchClientMetadataDocument(id, { logger, fetchFn }));
    expect(await clients.getClient(CLIENT_ID)).toMatchObject({ client_id: CLIENT_ID });
    const registered = await clients.registerClient({
      client_id: "5b0f0a57-0000-4000-8000-000000000001",
      redirect_uris: ["http://127.0.0.1:3000/cb"],
      token_endpoint_auth_method: "client_secret_post",
      client_secret: "random-from-the-sdk",
    } as Parameters<OAuthClients["registerClient"]>[0]);
    expect(registered.client_secret).toBeDefined();
    expect(registered.client_secret).not.toBe("random-from-the-sdk");
    const stored = await store.get("client:5b0f0a57-0000-4000-8000-000000000001");
    expect(stored).not.toContain(registered.client_secret!);
    expect((await clients.getClient("5b0f0a57-0000-4000-8000-000000000001"))?.client_secret).toBe(registered.client_secret);
    await expect(
      clients.registerClient({ client_id: "x", redirect_uris: ["http://evil.example.com/cb"], token_endpoint_auth_method: "none" } as Parameters<
        OAuthClients["registerClient"]
      >[0]),
    ).rejects.toThrow(/is not allowed/);
  });
});
