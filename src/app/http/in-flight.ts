import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";

/** Delivers a message to the MCP server that holds the request (its transport's onmessage). */
type Deliver = (message: JSONRPCMessage) => void;

/**
 * The requests being served, so that a `notifications/cancelled` can reach its request. A
 * stateless server has no session: the cancellation comes in its own POST, to a fresh server
 * instance that never saw the request, so it is routed here by (caller, request id), the caller
 * being the scope and the client's Mcp-Session-Id (a stateless client-instance id). Request ids
 * are only unique per client, so an id that more than one request of one caller carries (clients
 * that send no Mcp-Session-Id) is ambiguous and the cancellation is dropped (the request still
 * ends with its own budget, or when its client hangs up), rather than cancelling another
 * client's call.
 */
export class InFlightRequests {
  private readonly byKey = new Map<string, Set<Deliver>>();
  private count = 0;
  private readonly idleWaiters = new Set<() => void>();

  /** Registers a request; the returned function removes it. */
  add(callerId: string, requestId: RequestId, deliver: Deliver): () => void {
    const key = keyOf(callerId, requestId);
    let set = this.byKey.get(key);
    if (set === undefined) this.byKey.set(key, (set = new Set()));
    set.add(deliver);
    this.count += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      set.delete(deliver);
      if (set.size === 0) this.byKey.delete(key);
      this.count -= 1;
      if (this.count === 0) for (const waiter of [...this.idleWaiters]) waiter();
    };
  }

  /** Routes a cancellation to the one request it names; false when none or several match. */
  cancel(callerId: string, message: JSONRPCMessage & { params?: { requestId?: RequestId } }): boolean {
    const requestId = message.params?.requestId;
    if (requestId === undefined) return false;
    const set = this.byKey.get(keyOf(callerId, requestId));
    if (set === undefined || set.size !== 1) return false;
    for (const deliver of set) deliver(message);
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

function keyOf(callerId: string, requestId: RequestId): string {
  return `${callerId}\u0000${typeof requestId}:${String(requestId)}`;
}
