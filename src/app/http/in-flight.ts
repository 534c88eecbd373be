import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

/**
 * Where a cancellation goes: the request `requestId` of the client that holds session `sessionId`
 * (a signed id, see session-ids.ts) under the credential whose namespace is `scopeId`. Request ids
 * are unique only within one client's session, so all three are needed.
 */
export interface CancelAddress {
  readonly scopeId: string;
  readonly sessionId: string;
  readonly requestId: RequestId;
}

/** A cancellation on its way to whichever replica runs the request. */
export interface RoutedCancel extends CancelAddress {
  readonly reason?: string;
}

/**
 * Carries cancellations between replicas (Redis pub/sub): every replica, this one included, hears
 * each published cancellation and delivers it if it holds the request.
 */
export interface CancellationBus {
  /** Never throws and never blocks: a bus that does not answer loses the cancellation, it does not hold its caller. */
  publish(cancel: RoutedCancel): void;
  subscribe(deliver: (cancel: RoutedCancel) => void): void;
}

/** Hands a cancellation to the MCP server that runs the request (and ends the request's stream). */
type Deliver = (reason: string | undefined) => void;

/**
 * The requests this replica is serving: counted, so that a drain waits for them, and those of a
 * client with a session id addressable, so that a `notifications/cancelled` can reach them. A
 * stateless server has no session state: the cancellation comes in a POST of its own, to a fresh
 * MCP server that never saw the request (or to another replica), and is routed here by address.
 *
 * A request sent without a session id has no address: no cancellation reaches it (its client
 * cancels by hanging up). Callers without a session are indistinguishable from one another, so
 * addressing them by request id alone let one caller cancel another's call.
 */
export class InFlightRequests {
  private readonly byKey = new Map<string, Set<Deliver>>();
  private count = 0;
  private readonly idleWaiters = new Set<() => void>();

  /** Registers a request (`address` null: it cannot be cancelled by notification); the returned function removes it. */
  add(address: CancelAddress | null, deliver: Deliver): () => void {
    const key = address === null ? null : keyOf(address);
    let set: Set<Deliver> | undefined;
    if (key !== null) {
      set = this.byKey.get(key);
      if (set === undefined) this.byKey.set(key, (set = new Set()));
      set.add(deliver);
    }
    this.count += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      if (key !== null && set !== undefined) {
        set.delete(deliver);
        if (set.size === 0) this.byKey.delete(key);
      }
      this.count -= 1;
      if (this.count === 0) for (const waiter of [...this.idleWaiters]) waiter();
    };
  }

  /**
   * Delivers a cancellation to the one request at its address; false when this replica holds
   * none. A client that reused a request id within its session (two requests at one address) is
   * ambiguous: neither is cancelled, rather than the wrong one.
   */
  cancel(cancel: RoutedCancel): boolean {
    const set = this.byKey.get(keyOf(cancel));
    if (set === undefined || set.size !== 1) return false;
    for (const deliver of set) deliver(cancel.reason);
    return true;
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = () => {
        this.idleWaiters.delete(waiter);
        resolve();
      };
      this.idleWaiters.add(waiter);
    });
  }
}

function keyOf({ scopeId, sessionId, requestId }: CancelAddress): string {
  return `${scopeId}\u0000${sessionId}\u0000${typeof requestId}:${String(requestId)}`;
}
