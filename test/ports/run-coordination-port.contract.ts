/**
 * The behaviour every RunCoordinationPort must have, written once and run against each store
 * (in memory today; a shared store such as Redis points the same suite at itself). Each step
 * the use cases rely on is atomic: set-if-absent, compare-and-set on a token, expiry. Time is
 * the subject's: `advance` moves it (a fake clock in memory; a real store may really wait, so
 * the expiries here are short).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestRun } from "../../src/domain/model/test-run.js";
import type { RecordedLaunch, RunCheck, RunCoordinationPort } from "../../src/ports/run-coordination-port.js";

export interface CoordinationContractSubject {
  /** A fresh, empty store. */
  readonly store: RunCoordinationPort;
  /** A second handle on the SAME store, as another process or replica would have (may be `store` itself). */
  readonly sameStoreElsewhere: RunCoordinationPort;
  /** Moves the store's notion of time forward by at least `ms`. */
  advance(ms: number): Promise<void>;
  /** The store's current time, epoch ms, for the `at` fields. */
  now(): number;
  close?(): Promise<void>;
}

const TTL = 200;

export const RECORDED: RecordedLaunch = {
  benchResultId: "run00000000000000001",
  benchReportId: "rep00000000000000001",
  scenarioId: "scenario000000000001",
  scenarioName: "Checkout smoke",
  projectId: "project0000000000001",
  totalVus: 50,
  expectedDurationMs: 120_000,
};

function check(at: number): RunCheck {
  const run = createTestRun({
    id: RECORDED.benchResultId,
    scenarioId: RECORDED.scenarioId,
    projectId: RECORDED.projectId,
    state: "RUNNING",
    progress: 0.4,
    createdAt: "2026-11-24T09:00:00.000Z",
    updatedAt: "2026-11-24T09:01:00.000Z",
    benchReportId: RECORDED.benchReportId,
  });
  return { at, run, intervalMs: 5_000 };
}

export function describeRunCoordinationContract(name: string, makeSubject: () => Promise<CoordinationContractSubject>): void {
  describe(`RunCoordinationPort contract: ${name}`, () => {
    let subject: CoordinationContractSubject;
    let store: RunCoordinationPort;
    const S = RECORDED.scenarioId;
    const claimSpec = () => ({ at: subject.now(), ttlMs: TTL });

    beforeEach(async () => {
      subject = await makeSubject();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.close?.();
    });

    it("claims a scenario once: a second claim, from anywhere, finds the first", async () => {
      const first = await store.claimLaunch(S, claimSpec());
      expect(first.kind).toBe("claimed");
      const second = await subject.sameStoreElsewhere.claimLaunch(S, claimSpec());
      expect(second).toMatchObject({ kind: "held", entry: { state: "claimed" } });
      if (first.kind !== "claimed" || second.kind !== "held") return;
      expect(second.entry.token).toBe(first.token);
      expect((await store.claimLaunch("scenario000000000002", claimSpec())).kind).toBe("claimed");
    });

    it("many claims at the same moment: exactly one wins", async () => {
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : subject.sameStoreElsewhere).claimLaunch(S, claimSpec())));
      expect(claims.filter((c) => c.kind === "claimed")).toHaveLength(1);
    });

    it("gives every claim its own token", async () => {
      const a = await store.claimLaunch(S, claimSpec());
      const b = await store.claimLaunch("scenario000000000002", claimSpec());
      if (a.kind !== "claimed" || b.kind !== "claimed") throw new Error("both should be claimed");
      expect(a.token).not.toBe(b.token);
      expect(a.token.length).toBeGreaterThan(8);
    });

    it("records the run only for the claim's holder, and everyone then reads it", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      expect(await store.recordLaunch(S, "not-the-token", RECORDED, TTL)).toBe(false);
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toMatchObject({ state: "claimed", token: claim.token });
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(true);
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toMatchObject({ state: "launched", token: claim.token, launch: RECORDED });
      // Recorded once: the claim is spent.
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(false);
      expect(await subject.sameStoreElsewhere.claimLaunch(S, claimSpec())).toMatchObject({ kind: "held", entry: { state: "launched" } });
    });

    it("reads what the previous version wrote, UI links included (a rolling deploy shares one store): every fact is there", async () => {
      // Until this version, records carried the deep links too; they expire within minutes, but
      // replicas of both versions share the store meanwhile.
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      const legacy = { ...RECORDED, reportUrl: null, scenarioUrl: "https://octoperf.example/ui/workspace/w/project/p/runtime/scenario/s" };
      expect(await store.recordLaunch(S, claim.token, legacy, TTL)).toBe(true);
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toMatchObject({ state: "launched", token: claim.token, launch: RECORDED });
      const legacyCheck = { ...check(1_000), run: { ...check(1_000).run, url: "https://octoperf.example/ui/x" } };
      await store.rememberCheck(RECORDED.benchResultId, legacyCheck, TTL);
      expect(await subject.sameStoreElsewhere.lastCheck(RECORDED.benchResultId)).toMatchObject(check(1_000));
    });

    it("releases only for the holder: nothing sent frees the scenario", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      expect(await store.releaseLaunch(S, "not-the-token", "nothing-sent", TTL)).toBe(false);
      expect(await store.readLaunch(S)).not.toBeNull();
      expect(await store.releaseLaunch(S, claim.token, "nothing-sent", TTL)).toBe(true);
      expect(await store.readLaunch(S)).toBeNull();
      expect((await subject.sameStoreElsewhere.claimLaunch(S, claimSpec())).kind).toBe("claimed");
    });

    it("a release with an unknown outcome stays visible to waiters, then expires", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      expect(await store.releaseLaunch(S, claim.token, "outcome-unknown", TTL)).toBe(true);
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toMatchObject({ state: "outcome-unknown", token: claim.token });
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(false);
      await subject.advance(TTL + 50);
      expect(await store.readLaunch(S)).toBeNull();
    });

    it("takes over only the entry it saw (compare-and-set on the token)", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      await store.recordLaunch(S, claim.token, RECORDED, TTL);
      const racers = await Promise.all([
        store.takeOverLaunch(S, claim.token, claimSpec()),
        subject.sameStoreElsewhere.takeOverLaunch(S, claim.token, claimSpec()),
      ]);
      expect(racers.filter((c) => c.kind === "claimed")).toHaveLength(1);
      const winner = racers.find((c) => c.kind === "claimed");
      const loser = racers.find((c) => c.kind === "held");
      if (winner?.kind !== "claimed" || loser?.kind !== "held") throw new Error("one winner, one loser");
      expect(loser.entry).toMatchObject({ state: "claimed", token: winner.token });
      // A stale token cannot take over again.
      expect(await store.takeOverLaunch(S, claim.token, claimSpec())).toMatchObject({ kind: "held", entry: { token: winner.token } });
    });

    it("takes over an entry that expired meanwhile", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      await subject.advance(TTL + 50);
      expect((await store.takeOverLaunch(S, "whatever", claimSpec())).kind).toBe("claimed");
    });

    it("a claim expires when its holder never ends it, and the holder's late record is refused", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      await subject.advance(TTL + 50);
      expect(await store.readLaunch(S)).toBeNull();
      const next = await subject.sameStoreElsewhere.claimLaunch(S, claimSpec());
      expect(next.kind).toBe("claimed");
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(false);
      expect(await store.releaseLaunch(S, claim.token, "nothing-sent", TTL)).toBe(false);
      expect(await store.readLaunch(S)).toMatchObject({ state: "claimed" });
    });

    it("renews a claim only for its holder and while it is a claim: the heartbeat and the send time are what everyone reads", async () => {
      const at = subject.now();
      const claim = await store.claimLaunch(S, { at, ttlMs: TTL, aliveUntil: at + 100 });
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toEqual({ state: "claimed", token: claim.token, at, aliveUntil: at + 100 });
      expect(await store.renewClaim(S, "not-the-token", { at, ttlMs: TTL, aliveUntil: at + 999 })).toBe(false);
      expect(await store.renewClaim(S, claim.token, { at, ttlMs: TTL, aliveUntil: at + 300, sentAt: at + 5 })).toBe(true);
      expect(await subject.sameStoreElsewhere.readLaunch(S)).toEqual({ state: "claimed", token: claim.token, at, aliveUntil: at + 300, sentAt: at + 5 });
      // A renewal pushes the expiry on: past the first TTL, the claim is still there.
      await subject.advance(TTL / 2 + 20);
      expect(await store.renewClaim(S, claim.token, { at, ttlMs: TTL, aliveUntil: at + 400, sentAt: at + 5 })).toBe(true);
      await subject.advance(TTL / 2 + 20);
      expect(await store.readLaunch(S)).toMatchObject({ state: "claimed", aliveUntil: at + 400 });
      // Recorded, the claim is spent: no renewal turns it back into a claim.
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(true);
      expect(await store.renewClaim(S, claim.token, { at, ttlMs: TTL, aliveUntil: at + 500 })).toBe(false);
      expect(await store.readLaunch(S)).toMatchObject({ state: "launched" });
    });

    it("a take-over keeps what the new holder says (the send time of a launch that may have gone out)", async () => {
      const at = subject.now();
      const claim = await store.claimLaunch(S, { at, ttlMs: TTL, aliveUntil: at + 10, sentAt: at + 1 });
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      const taken = await subject.sameStoreElsewhere.takeOverLaunch(S, claim.token, { at, ttlMs: TTL, aliveUntil: at + 100, sentAt: at + 1 });
      if (taken.kind !== "claimed") throw new Error("should be taken over");
      expect(await store.readLaunch(S)).toEqual({ state: "claimed", token: taken.token, at, aliveUntil: at + 100, sentAt: at + 1 });
      // The old holder lost it: it can neither renew (so it sends nothing) nor record.
      expect(await store.renewClaim(S, claim.token, { at, ttlMs: TTL, aliveUntil: at + 200, sentAt: at + 1 })).toBe(false);
      expect(await store.recordLaunch(S, claim.token, RECORDED, TTL)).toBe(false);
    });

    it("a recorded run expires with its window", async () => {
      const claim = await store.claimLaunch(S, claimSpec());
      if (claim.kind !== "claimed") throw new Error("should be claimed");
      await store.recordLaunch(S, claim.token, RECORDED, TTL);
      await subject.advance(TTL + 50);
      expect(await store.readLaunch(S)).toBeNull();
    });

    it("remembers a run's last check for everyone, replaces it with a newer one, and lets it expire", async () => {
      expect(await store.lastCheck(RECORDED.benchResultId)).toBeNull();
      await store.rememberCheck(RECORDED.benchResultId, check(1_000), TTL);
      expect(await subject.sameStoreElsewhere.lastCheck(RECORDED.benchResultId)).toEqual(check(1_000));
      await subject.sameStoreElsewhere.rememberCheck(RECORDED.benchResultId, check(2_000), TTL);
      expect(await store.lastCheck(RECORDED.benchResultId)).toEqual(check(2_000));
      expect(await store.lastCheck("otherRun000000000001")).toBeNull();
      await subject.advance(TTL + 50);
      expect(await store.lastCheck(RECORDED.benchResultId)).toBeNull();
    });

    it("hands out copies: changing what was read changes nothing stored", async () => {
      const mine = { ...check(1_000), run: { ...check(1_000).run } };
      await store.rememberCheck(RECORDED.benchResultId, mine, TTL);
      (mine.run as { state: string }).state = "ERROR";
      expect((await store.lastCheck(RECORDED.benchResultId))?.run.state).toBe("RUNNING");
    });
  });
}
