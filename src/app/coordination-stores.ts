import { createHash } from "node:crypto";
import { InMemoryRunCoordination } from "../adapters/memory/in-memory-run-coordination.js";
import type { Clock } from "../ports/clock-port.js";
import type { RunCoordinationPort } from "../ports/run-coordination-port.js";
import type { Config } from "./config.js";

/**
 * One coordination store per OctoPerf account, whoever asks: every container built for the same
 * API key (one per request in a team server) shares its launch guard and polling pace, and
 * different keys never see each other's. Keyed by a SHA-256 of the key, so the key itself is
 * never held here.
 */
export class CoordinationStores {
  private readonly stores = new Map<string, RunCoordinationPort>();

  /** @param create builds the store of an account (in memory by default; a shared store for several replicas). */
  constructor(private readonly create: (accountId: string) => RunCoordinationPort) {}

  /** In-process stores, expiring on `clock`. */
  static inMemory(clock: Clock): CoordinationStores {
    return new CoordinationStores(() => new InMemoryRunCoordination(clock));
  }

  forAccount(accountId: string): RunCoordinationPort {
    let store = this.stores.get(accountId);
    if (store === undefined) {
      store = this.create(accountId);
      this.stores.set(accountId, store);
    }
    return store;
  }
}

/** The account a configuration acts for: a digest of its API key, or the one demo account. */
export function accountIdOf(config: Config): string {
  if (config.mode === "demo" || config.apiKey === null) return "demo";
  // The same key on another OctoPerf server (Enterprise) is another account.
  return `key:${createHash("sha256").update(`${config.baseUrl}\n${config.apiKey.reveal()}`).digest("hex")}`;
}
