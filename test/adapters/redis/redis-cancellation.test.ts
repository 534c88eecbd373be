import { createServer, type Server, type Socket } from "node:net";
import { createClient } from "@redis/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCancellation, RedisCancellation, type CancellationMessage } from "../../../src/adapters/redis/redis-cancellation.js";
import { connectRedis, type RedisConnection } from "../../../src/adapters/redis/redis-connection.js";
import type { LogLevel } from "../../../src/ports/logger-port.js";
import { startRedisServer, type RedisServerProcess } from "../../support/redis-server.js";
import { until } from "../../support/waits.js";

let redis: RedisServerProcess;
const opened: { close(): Promise<void> }[] = [];
const silent = { log: () => {} };

beforeAll(async () => {
  redis = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});
afterAll(async () => {
  await redis.stop();
});

function connection(url = redis.url): RedisConnection {
  const c = connectRedis({ url, logger: silent, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 });
  opened.push(c);
  return c;
}

/** One replica's side: its commands connection, its cancellation bus, what it heard and logged. */
function replica(prefix: string, url = redis.url) {
  const commands = connection(url);
  const logs: { level: LogLevel; message: string }[] = [];
  const bus = new RedisCancellation({
    url,
    prefix,
    logger: { log: (level, message) => logs.push({ level, message }) },
    commands: commands.commands,
    connectTimeoutMs: 1_000,
    deadlineMs: 300,
  });
  opened.push(bus);
  const heard: CancellationMessage[] = [];
  bus.subscribe((cancel) => heard.push(cancel));
  return { commands, bus, heard, logs };
}

async function subscribers(commands: RedisConnection, channel: string): Promise<number> {
  const reply = await commands.commands.sendCommand<[string, number]>(["PUBSUB", "NUMSUB", channel]);
  return Number(reply[1]);
}

async function untilSubscribed(commands: RedisConnection, channel: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await subscribers(commands, channel).catch(() => 0)) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscribers on ${channel} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("RedisCancellation (a real redis-server; one bus per replica)", () => {
  it(
    "a cancellation published by one replica reaches every replica of the deployment (itself included), and no other deployment",
    { timeout: 20_000 },
    async () => {
      const [a, b, other] = [replica("team-a:"), replica("team-a:"), replica("team-b:")];
      await untilSubscribed(a.commands, "team-a:cancellations", 2);
      await untilSubscribed(a.commands, "team-b:cancellations", 1);
      const cancel = { scopeId: "account-1", sessionId: "s1.session", requestId: 42, reason: "changed my mind" };
      a.bus.publish(cancel);
      await until("both replicas hearing the cancellation", () => a.heard.length === 1 && b.heard.length === 1);
      expect(b.heard).toEqual([cancel]);
      // A later message of the other deployment arrives; this one never did.
      other.bus.publish({ scopeId: "x", sessionId: "y", requestId: "z" });
      await until("the other deployment hearing its own", () => other.heard.length === 1);
      expect(other.heard).toEqual([{ scopeId: "x", sessionId: "y", requestId: "z" }]);
      expect(a.heard).toHaveLength(1);
    },
  );

  it("a message on the channel that is not a cancellation is ignored, with a warning", { timeout: 20_000 }, async () => {
    const a = replica("team-c:");
    await untilSubscribed(a.commands, "team-c:cancellations", 1);
    await a.commands.commands.sendCommand(["PUBLISH", "team-c:cancellations", "not json"]);
    a.bus.publish({ scopeId: "s", sessionId: "t", requestId: 1 });
    await until("the valid cancellation after the garbage", () => a.heard.length === 1);
    expect(a.heard).toEqual([{ scopeId: "s", sessionId: "t", requestId: 1 }]);
    expect(a.logs).toEqual([{ level: "warn", message: "ignored a malformed message on the Redis cancellation channel" }]);
  });

  it(
    "a Redis that accepts connections and never answers: publish returns at once, gives up at its deadline, and says so once",
    { timeout: 20_000 },
    async () => {
      // A black hole: the connection is accepted, nothing is ever answered (as a frozen redis-server).
      const sockets = new Set<Socket>();
      const hole: Server = createServer((socket) => {
        sockets.add(socket);
        socket.on("error", () => {});
      });
      await new Promise<void>((resolve) => hole.listen(0, "127.0.0.1", resolve));
      const url = `redis://127.0.0.1:${(hole.address() as { port: number }).port}`;
      // A client that queues commands while it waits for Redis: node-redis's own timeouts never fire, only the bus's deadline can.
      const frozen = createClient({ url });
      frozen.on("error", () => {});
      frozen.connect().catch(() => {});
      const logs: { level: LogLevel; message: string }[] = [];
      const bus = new RedisCancellation({
        url,
        prefix: "frozen:",
        logger: { log: (level, message) => logs.push({ level, message }) },
        commands: { sendCommand: <T>(args: readonly string[]) => frozen.sendCommand<T>([...args]) },
        connectTimeoutMs: 1_000,
        deadlineMs: 300,
      });
      try {
        const started = Date.now();
        bus.publish({ scopeId: "s", sessionId: "t", requestId: 1 });
        bus.publish({ scopeId: "s", sessionId: "t", requestId: 2 });
        expect(Date.now() - started).toBeLessThan(50);
        await until("the warning", () => logs.length > 0, 5_000);
        const gaveUpAfter = Date.now() - started;
        expect(gaveUpAfter).toBeGreaterThanOrEqual(290);
        expect(gaveUpAfter).toBeLessThan(2_000);
        expect(logs).toEqual([{ level: "warn", message: expect.stringMatching(/^a cancellation could not go through Redis/) }]);
      } finally {
        await bus.close();
        frozen.destroy();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => hole.close(() => resolve()));
      }
    },
  );
});

describe("parseCancellation", () => {
  it("reads what publish writes, cutting a long reason", () => {
    expect(parseCancellation(JSON.stringify({ scopeId: "a", sessionId: "b", requestId: 3, reason: "r".repeat(600) }))).toEqual({
      scopeId: "a",
      sessionId: "b",
      requestId: 3,
      reason: "r".repeat(500),
    });
  });

  it.each([
    "not json",
    "null",
    "[]",
    JSON.stringify({ sessionId: "b", requestId: 1 }),
    JSON.stringify({ scopeId: "a", sessionId: "", requestId: 1 }),
    JSON.stringify({ scopeId: "a", sessionId: "b", requestId: 1.5 }),
    JSON.stringify({ scopeId: "a", sessionId: "b", requestId: null }),
    JSON.stringify({ scopeId: "a".repeat(201), sessionId: "b", requestId: 1 }),
  ])("refuses %s", (raw) => {
    expect(parseCancellation(raw)).toBeNull();
  });
});
