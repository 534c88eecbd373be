import { createClient } from "@redis/client";
import type { Logger } from "../../ports/logger-port.js";
import { underDeadline } from "./redis-deadline.js";
import type { RedisCommands } from "./redis-run-coordination.js";

/** A cancellation addressed to one request of one client session of one credential's namespace. */
export interface CancellationMessage {
  readonly scopeId: string;
  readonly sessionId: string;
  readonly requestId: string | number;
  readonly reason?: string;
}

export interface RedisCancellationOptions {
  readonly url: string;
  /** Prepended to the channel name, as to every key: several deployments may share one Redis. */
  readonly prefix: string;
  readonly logger: Logger;
  /** The commands connection (PUBLISH needs no connection of its own). */
  readonly commands: RedisCommands;
  readonly connectTimeoutMs: number;
  /** How long a PUBLISH may take: past it, the cancellation is given up, never waited on. */
  readonly deadlineMs: number;
}

/** Cut short: a cancellation's reason is a courtesy, not a payload. */
const MAX_REASON = 500;
const MAX_ID = 200;

/**
 * Cancellations between the replicas of a team server, over Redis pub/sub: a replica that gets
 * a `notifications/cancelled` for a request it does not hold publishes it, and the replica that
 * holds the request (each one subscribes) delivers it. The subscriber is a connection of its own
 * (a subscribed Redis connection serves nothing else), reconnected and resubscribed by node-redis.
 *
 * Nothing here waits on Redis for a caller: a publish runs under its own deadline and is fire and
 * forget (the cancelling POST is answered at once), so a frozen or unreachable Redis loses
 * cross-replica cancellations (logged once per outage) and holds nothing up; a cancellation that
 * reaches the replica running the request still works without Redis.
 */
export class RedisCancellation {
  private readonly channel: string;
  private readonly subscriber: ReturnType<typeof createClient>;
  private readonly listeners = new Set<(cancel: CancellationMessage) => void>();
  private failing = false;

  constructor(private readonly options: RedisCancellationOptions) {
    this.channel = `${options.prefix}cancellations`;
    this.subscriber = createClient({
      url: options.url,
      socket: {
        connectTimeout: options.connectTimeoutMs,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000),
      },
    });
    // Reported by the commands connection, which shares the Redis: one warning per outage is enough.
    this.subscriber.on("error", () => {});
    // Subscribed once connected (node-redis resubscribes by itself after a reconnection): a
    // SUBSCRIBE queued before the first connection reached Redis but left this client deaf.
    this.subscriber
      .connect()
      .then(() => this.subscriber.subscribe(this.channel, (message: string) => this.receive(message)))
      .catch((error: unknown) => this.failed("subscribe", error));
  }

  subscribe(deliver: (cancel: CancellationMessage) => void): void {
    this.listeners.add(deliver);
  }

  publish(cancel: CancellationMessage): void {
    const message = JSON.stringify(cancel);
    const { deadlineMs } = this.options;
    underDeadline(deadlineMs, () => this.options.commands.sendCommand<number>(["PUBLISH", this.channel, message], { timeout: deadlineMs }))
      .then(() => {
        this.failing = false;
      })
      .catch((error: unknown) => this.failed("publish", error));
  }

  /** Drops the subscriber connection at once: nothing is pending on it that would be worth a wait on a Redis that may not answer. */
  async close(): Promise<void> {
    this.listeners.clear();
    try {
      this.subscriber.destroy();
    } catch {
      // Never connected: nothing to drop.
    }
  }

  private receive(raw: string): void {
    const cancel = parseCancellation(raw);
    if (cancel === null) {
      this.options.logger.log("warn", "ignored a malformed message on the Redis cancellation channel", { channel: this.channel });
      return;
    }
    for (const deliver of this.listeners) deliver(cancel);
  }

  private failed(operation: string, error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.options.logger.log("warn", "a cancellation could not go through Redis: it reaches only the requests of the replica that received it", {
      operation,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The message as published, or null when it is not one (another program on the channel). */
export function parseCancellation(raw: string): CancellationMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { scopeId, sessionId, requestId, reason } = value as Record<string, unknown>;
  const text = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= MAX_ID;
  if (!text(scopeId) || !text(sessionId)) return null;
  if (!text(requestId) && !(typeof requestId === "number" && Number.isSafeInteger(requestId))) return null;
  return { scopeId, sessionId, requestId, ...(typeof reason === "string" ? { reason: reason.slice(0, MAX_REASON) } : {}) };
}
