import { createClient } from "@redis/client";
import type { Logger } from "../../ports/logger-port.js";
import { underDeadline } from "./redis-deadline.js";
import type { RedisCommands } from "./redis-run-coordination.js";

export interface RedisConnectionOptions {
  readonly url: string;
  readonly logger: Logger;
  /** How long one connection attempt may take. */
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  /** How long /readyz's PING may take: shorter than a command, so a frozen Redis is reported within a second. */
  readonly pingTimeoutMs?: number;
}

export interface RedisConnection {
  readonly commands: RedisCommands;
  /** Whether Redis answers a PING now (within the command timeout): what /readyz reports. */
  ping(): Promise<boolean>;
  /** Resolves true once the first connection is ready, or false after `timeoutMs` without one. */
  firstConnection(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A node-redis client tuned to fail fast: no offline queue (a command while disconnected fails
 * at once instead of waiting for a reconnect), short connect and command timeouts, and endless
 * reconnection in the background with a capped backoff, so the server recovers on its own when
 * Redis comes back. Never blocks on Redis: until it answers, launches are refused and /readyz says
 * not ready, but the server runs. `firstConnection` lets the server wait a bounded moment at start,
 * so that a replica whose Redis is up is ready when it says it listens.
 */
export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const { logger } = options;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs,
      // A partitioned host (no FIN, no RST) is found by the kernel's probes, not by a command that waits.
      keepAlive: true,
      keepAliveInitialDelay: 5_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000),
    },
  });
  let reported = false;
  // node-redis emits 'error' on every failed attempt; an unlistened 'error' would end the process.
  client.on("error", (error: unknown) => {
    if (reported) return;
    reported = true;
    logger.log("warn", "Redis connection failed; retrying in the background", { error: error instanceof Error ? error.message : String(error) });
  });
  const firstReady = new Promise<void>((resolve) => client.once("ready", () => resolve()));
  client.on("ready", () => {
    if (reported) logger.log("info", "Redis connection ready");
    reported = false;
  });
  client.connect().catch(() => {
    // Reported by the 'error' listener; reconnection goes on.
  });

  const commands: RedisCommands = {
    sendCommand: <T>(args: readonly string[], commandOptions?: { readonly timeout?: number }) => {
      const timeoutMs = commandOptions?.timeout ?? options.commandTimeoutMs;
      return underDeadline(timeoutMs, (abortSignal) => client.sendCommand<T>(args, { timeout: timeoutMs, abortSignal }));
    },
  };
  return {
    commands,
    ping: async () => {
      try {
        return (await commands.sendCommand<string>(["PING"], { timeout: options.pingTimeoutMs ?? options.commandTimeoutMs })) === "PONG";
      } catch {
        return false;
      }
    },
    firstConnection: async (timeoutMs) => {
      if (client.isReady) return true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([firstReady.then(() => true), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      try {
        // A graceful close waits for the replies of commands in flight: a frozen Redis never sends them.
        if (client.isOpen) await underDeadline(options.commandTimeoutMs, () => client.close());
        else client.destroy();
      } catch {
        client.destroy();
      }
    },
  };
}
