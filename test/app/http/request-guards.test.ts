import { PassThrough } from "node:stream";
import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";
import type { HttpConfig } from "../../../src/app/http/http-config.js";
import { BodyTimeoutError, BodyTooLargeError, checkOrigin, corsHeaders, readBody } from "../../../src/app/http/request-guards.js";

const config = (over: Partial<HttpConfig> = {}): HttpConfig => ({
  credentials: "demo",
  host: "127.0.0.1",
  port: 8808,
  allowedOrigins: [],
  allowedHosts: [],
  cors: false,
  maxBodyBytes: 1024,
  requestTimeoutMs: 30_000,
  accessToken: null,
  shutdownGraceMs: 1000,
  redisUrl: null,
  redisPrefix: "octoperf-mcp:",
  ...over,
});
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("checkOrigin (DNS rebinding)", () => {
  it.each(["127.0.0.1:8808", "localhost:8808", "[::1]:8808", "LOCALHOST", "127.0.0.2:1"])("bound to loopback, serves Host %s", (host) => {
    expect(checkOrigin(request({ host }), config())).toBeNull();
  });

  it.each(["evil.example", "evil.example:8808", "127.0.0.1.evil.example:8808", "[::2]:8808"])("bound to loopback, refuses Host %s with 403", (host) => {
    expect(checkOrigin(request({ host }), config())).toMatchObject({ status: 403, message: expect.stringContaining("OCTOPERF_HTTP_ALLOWED_HOSTS") });
  });

  it("serves configured Host names (with or without the port) and does not check Host when bound to a network address", () => {
    expect(checkOrigin(request({ host: "mcp.internal:8808" }), config({ allowedHosts: ["mcp.internal"] }))).toBeNull();
    expect(checkOrigin(request({ host: "mcp.internal:8808" }), config({ allowedHosts: ["mcp.internal:8808"] }))).toBeNull();
    expect(checkOrigin(request({ host: "anything.example" }), config({ host: "0.0.0.0" }))).toBeNull();
    expect(checkOrigin(request({}), config())).toMatchObject({ status: 400 });
  });

  it("refuses a foreign Origin whatever the bind, serves no Origin, allowed ones and the server's own loopback origin", () => {
    const host = "127.0.0.1:8808";
    expect(checkOrigin(request({ host }), config())).toBeNull();
    expect(checkOrigin(request({ host, origin: "http://127.0.0.1:8808" }), config())).toBeNull();
    expect(checkOrigin(request({ host, origin: "http://127.0.0.1:9999" }), config())).toMatchObject({ status: 403 });
    expect(checkOrigin(request({ host, origin: "null" }), config())).toMatchObject({ status: 403 });
    expect(checkOrigin(request({ host, origin: "https://evil.example" }), config())).toMatchObject({ status: 403 });
    expect(checkOrigin(request({ host: "x", origin: "https://evil.example" }), config({ host: "0.0.0.0" }))).toMatchObject({ status: 403 });
    expect(checkOrigin(request({ host, origin: "https://chat.example.com" }), config({ allowedOrigins: ["https://chat.example.com"] }))).toBeNull();
  });
});

describe("corsHeaders", () => {
  it("sends nothing unless CORS is on and the Origin is allowed", () => {
    const origin = "https://chat.example.com";
    expect(corsHeaders(request({ origin }), config({ allowedOrigins: [origin] }))).toEqual({});
    expect(corsHeaders(request({ origin: "https://other.example" }), config({ cors: true, allowedOrigins: [origin] }))).toEqual({});
    expect(corsHeaders(request({ origin }), config({ cors: true, allowedOrigins: [origin] }))).toMatchObject({
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Headers": expect.stringContaining("Authorization"),
      Vary: "Origin",
    });
  });
});

describe("readBody", () => {
  const body = (chunks: string[], headers: Record<string, string> = {}) => {
    const stream = new PassThrough() as PassThrough & { headers: Record<string, string> };
    stream.headers = headers;
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
    return stream as unknown as IncomingMessage;
  };

  it("reads a body within the limit", async () => {
    expect((await readBody(body(['{"a":', "1}"]), 1024, 1_000)).toString()).toBe('{"a":1}');
  });

  it("refuses a declared length over the limit before reading, and a chunked body once it passes the limit", async () => {
    await expect(readBody(body([], { "content-length": "5000" }), 1024, 1_000)).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(readBody(body(["x".repeat(600), "x".repeat(600)]), 1024, 1_000)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it("refuses a body still trickling in at its deadline, counted from the first read", async () => {
    vi.useFakeTimers();
    try {
      const stream = new PassThrough() as PassThrough & { headers: Record<string, string> };
      stream.headers = {};
      const reading = readBody(stream as unknown as IncomingMessage, 1024, 5_000);
      const refused = expect(reading).rejects.toBeInstanceOf(BodyTimeoutError);
      stream.write('{"jsonrpc":');
      await vi.advanceTimersByTimeAsync(4_999);
      stream.write('"2.0"');
      await vi.advanceTimersByTimeAsync(1);
      await refused;
    } finally {
      vi.useRealTimers();
    }
  });
});
