/**
 * What the authorization server keeps: sealed keys (AES-GCM) that open only under their secret
 * and context, and the two stores (memory on the injected clock; a real redis-server), including a
 * Redis that stops answering mid-connection, which must fail the call within our own deadline.
 */
import { randomBytes } from "node:crypto";
import { createServer, Socket, type Server } from "node:net";
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, type RedisConnection } from "../../../../src/adapters/redis/redis-connection.js";
import { InMemoryOAuthStore, OAuthStoreUnavailableError, RedisOAuthStore } from "../../../../src/app/http/oauth/oauth-store.js";
import { newToken, SecretBox, tokenDigest } from "../../../../src/app/http/oauth/secret-box.js";
import type { Logger } from "../../../../src/ports/logger-port.js";
import { ManualClock } from "../../../support/manual-clock.js";
import { startRedisServer, type RedisServerProcess } from "../../../support/redis-server.js";
import { CANARY_API_KEY, findSecretLeaks } from "../../../support/secret-scan.js";

const silent: Logger = { log: () => {} };

describe("SecretBox", () => {
  const box = new SecretBox(randomBytes(32));

  it("opens what it sealed, only in the same context, and never what was altered or sealed under another secret", () => {
    const sealed = box.seal(CANARY_API_KEY, "octoperf-key\nclient-1");
    expect(findSecretLeaks(sealed, CANARY_API_KEY)).toEqual([]);
    expect(box.open(sealed, "octoperf-key\nclient-1")).toBe(CANARY_API_KEY);
    expect(box.open(sealed, "octoperf-key\nclient-2")).toBeNull();
    const bytes = Buffer.from(sealed, "base64url");
    bytes[20] = bytes[20]! ^ 1;
    expect(box.open(bytes.toString("base64url"), "octoperf-key\nclient-1")).toBeNull();
    expect(new SecretBox(randomBytes(32)).open(sealed, "octoperf-key\nclient-1")).toBeNull();
    expect(box.open("short", "octoperf-key\nclient-1")).toBeNull();
    // A fresh IV each time: the same key sealed twice gives two values.
    expect(box.seal(CANARY_API_KEY, "c")).not.toBe(box.seal(CANARY_API_KEY, "c"));
  });

  it("signs and verifies, refusing any other value or signature", () => {
    const signature = box.sign("csrf\nnonce\nrequest");
    expect(box.verify("csrf\nnonce\nrequest", signature)).toBe(true);
    expect(box.verify("csrf\nnonce\nrequesT", signature)).toBe(false);
    expect(box.verify("csrf\nnonce\nrequest", `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(box.verify("csrf\nnonce\nrequest", "")).toBe(false);
  });

  it("makes prefixed 256-bit tokens, stored only as their digest", () => {
    const token = newToken("opm_at_");
    expect(token).toMatch(/^opm_at_[A-Za-z0-9_-]{43}$/);
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(token)).not.toContain(token.slice(7));
  });
});

describe("InMemoryOAuthStore", () => {
  it("forgets entries when their lifetime ends, takes once, deletes", async () => {
    const clock = new ManualClock();
    const store = new InMemoryOAuthStore(clock);
    await store.set("code:x", "record", 1_000);
    expect(await store.get("code:x")).toBe("record");
    expect(await store.take("code:x")).toBe("record");
    expect(await store.take("code:x")).toBeNull();
    await store.set("at:y", "token", 1_000);
    clock.advance(999);
    expect(await store.get("at:y")).toBe("token");
    clock.advance(1);
    expect(await store.get("at:y")).toBeNull();
    await store.set("grant:z", "grant", 60_000);
    await store.delete("grant:z");
    expect(await store.get("grant:z")).toBeNull();
  });
});

describe("RedisOAuthStore on a real redis-server", () => {
  let redis: RedisServerProcess;
  let connection: RedisConnection;
  beforeAll(async () => {
    redis = await startRedisServer();
    connection = connectRedis({ url: redis.url, logger: silent, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 });
    expect(await connection.firstConnection(3_000)).toBe(true);
  });
  afterAll(async () => {
    await connection?.close();
    await redis?.stop();
  });

  it("keeps entries under the prefix with their lifetime; take is atomic across concurrent callers", async () => {
    const store = new RedisOAuthStore({ redis: connection.commands, prefix: "t1:", commandTimeoutMs: 500 });
    await store.set("code:abc", "record", 60_000);
    expect(await connection.commands.sendCommand<string>(["GET", "t1:oauth:code:abc"])).toBe("record");
    const ttl = await connection.commands.sendCommand<number>(["PTTL", "t1:oauth:code:abc"]);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Two replicas redeeming one code at the same moment: exactly one gets it.
    const takes = await Promise.all([store.take("code:abc"), store.take("code:abc"), store.take("code:abc")]);
    expect(takes.filter((t) => t !== null)).toEqual(["record"]);
    await store.set("grant:g", "grant", 60_000);
    await store.delete("grant:g");
    expect(await store.get("grant:g")).toBeNull();
  });

  it("a Redis that stops answering mid-connection fails the call within our deadline, not never", async () => {
    const relay = await frozenRelay(redis.port);
    // The client's own command timeout (60 s here) stops counting once the command is written.
    const through = createClient({ url: `redis://127.0.0.1:${relay.port}`, disableOfflineQueue: true });
    through.on("error", () => {});
    await through.connect();
    try {
      const commands = { sendCommand: <T>(args: readonly string[]) => through.sendCommand<T>([...args], { timeout: 60_000 }) };
      const store = new RedisOAuthStore({ redis: commands, prefix: "t2:", commandTimeoutMs: 300 });
      await store.set("at:x", "record", 60_000);
      expect(await store.get("at:x")).toBe("record");
      relay.freeze();
      const started = Date.now();
      await expect(store.get("at:x")).rejects.toBeInstanceOf(OAuthStoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      // destroy, not close: close() waits for the answer to the command Redis never gives.
      through.destroy();
      await relay.close();
    }
  });
});

/** A TCP relay to Redis that, once frozen, keeps the connection open and forwards nothing more. */
async function frozenRelay(targetPort: number): Promise<{ port: number; freeze(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(targetPort, "127.0.0.1");
    client.on("data", (chunk) => {
      if (!frozen) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!frozen) client.write(chunk);
    });
    for (const socket of [client, upstream]) socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => (frozen = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
