import { createHash } from "node:crypto";
import { InMemoryRunCoordination } from "../adapters/memory/in-memory-run-coordination.js";
import type { Clock } from "../ports/clock-port.js";
import type { RunCoordinationPort } from "../ports/run-coordination-port.js";
import type { Config } from "./config.js";

/** Past this many held stores, a new account first forgets the accounts with nothing live. */
const FORGET_IDLE_ABOVE = 256;

/**
 * One coordination store per OctoPerf account, whoever asks: every container built for the same
 * API key (one per request in a team server) shares its launch guard and polling pace, and
 * different keys never see each other's. Keyed by a SHA-256 of the key, so the key itself is
 * never held here.
 */
export class CoordinationStores {
  private readonly stores = new Map<string, RunCoordinationPort & Partial<IdleAware>>();

  /**
   * @param create builds the store of an account (in memory by default; a shared store for several replicas).
   * @param keep whether to hold each account's store: a store whose state lives elsewhere (Redis)
   *   is a cheap view, rebuilt per call, so that a server does not hold one per key it ever saw.
   */
  constructor(
    private readonly create: (accountId: string) => RunCoordinationPort & Partial<IdleAware>,
    private readonly keep = true,
  ) {}

  /** In-process stores, expiring on `clock`. */
  static inMemory(clock: Clock): CoordinationStores {
    return new CoordinationStores(() => new InMemoryRunCoordination(clock));
  }

  /** How many accounts' stores are held now. */
  get heldAccounts(): number {
    return this.stores.size;
  }

  forAccount(accountId: string): RunCoordinationPort {
    if (!this.keep) return this.create(accountId);
    let store = this.stores.get(accountId);
    if (store === undefined) {
      // A team server meets every key its users send (and any key-shaped string a stranger sends):
      // without this, each one would hold a store for the life of the process. Only a store with
      // nothing live is forgotten, so no claim that guards a launch is ever dropped.
      if (this.stores.size >= FORGET_IDLE_ABOVE) {
        for (const [id, held] of this.stores) if (held.isIdle?.() === true) this.stores.delete(id);
      }
      store = this.create(accountId);
      this.stores.set(accountId, store);
    }
    return store;
  }
}

/** A store that can tell it holds nothing live (the in-memory one). */
export interface IdleAware {
  isIdle(): boolean;
}

/** The account a configuration acts for: a digest of its API key, or the one demo account. */
export function accountIdOf(config: Config): string {
  if (config.mode === "demo" || config.apiKey === null) return "demo";
  // The same key on another OctoPerf server (Enterprise) is another account.
  return `key:${createHash("sha256").update(`${config.baseUrl}\n${config.apiKey.reveal()}`).digest("hex")}`;
}
