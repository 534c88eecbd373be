import { describe, expect, it } from "vitest";
import { CoordinationStores } from "../../src/app/coordination-stores.js";
import { ManualClock } from "../support/manual-clock.js";

describe("CoordinationStores", () => {
  it("does not hold a store for every key it ever met: accounts with nothing live are forgotten", async () => {
    const clock = new ManualClock();
    const stores = CoordinationStores.inMemory(clock);
    // A team server sees one account per key a client sends, real or not.
    for (let i = 0; i < 5_000; i++) await stores.forAccount(`key:${i}`).lastCheck("run");
    expect(stores.heldAccounts).toBeLessThanOrEqual(257);
  });

  it("never forgets an account whose launch claim is live, so its launch guard holds", async () => {
    const clock = new ManualClock();
    const stores = CoordinationStores.inMemory(clock);
    const busy = stores.forAccount("key:busy");
    const claim = await busy.claimLaunch("scenario-1", { at: clock.now(), ttlMs: 60_000 });
    expect(claim.kind).toBe("claimed");

    for (let i = 0; i < 2_000; i++) stores.forAccount(`key:${i}`);

    expect(stores.forAccount("key:busy")).toBe(busy);
    expect((await stores.forAccount("key:busy").claimLaunch("scenario-1", { at: clock.now(), ttlMs: 60_000 })).kind).toBe("held");

    // Once everything it held has expired, it may go like the others.
    clock.advance(61_000);
    for (let i = 2_000; i < 4_000; i++) stores.forAccount(`key:${i}`);
    expect(stores.forAccount("key:busy")).not.toBe(busy);
  });
});
