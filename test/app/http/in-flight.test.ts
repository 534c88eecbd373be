import { describe, expect, it } from "vitest";
import { InFlightRequests } from "../../../src/app/http/in-flight.js";

const at = (sessionId: string, requestId: string | number, scopeId = "shared") => ({ scopeId, sessionId, requestId });

describe("InFlightRequests", () => {
  it("routes a cancellation to the one request of that credential, session and id, with its reason, and to nothing else", () => {
    const flight = new InFlightRequests();
    const got: string[] = [];
    flight.add(at("session-a", 1), (reason) => got.push(`a1 ${reason}`));
    flight.add(at("session-b", 1), () => got.push("b1"));
    flight.add(at("session-a", "1"), () => got.push("a'1'"));
    flight.add(at("session-a", 1, "account-2"), () => got.push("other account a1"));
    expect(flight.cancel({ ...at("session-a", 1), reason: "changed my mind" })).toBe(true);
    expect(got).toEqual(["a1 changed my mind"]);
    expect(flight.cancel(at("session-c", 1))).toBe(false);
    expect(flight.cancel(at("session-a", 2))).toBe(false);
    expect(got).toEqual(["a1 changed my mind"]);
  });

  it("a request without a session is counted but no cancellation can reach it", async () => {
    const flight = new InFlightRequests();
    const got: string[] = [];
    const remove = flight.add(null, () => got.push("anonymous"));
    expect(flight.size).toBe(1);
    expect(flight.cancel(at("", 1))).toBe(false);
    expect(got).toEqual([]);
    remove();
    await flight.idle();
  });

  it("drops an ambiguous cancellation (a client that reused a request id in its session)", () => {
    const flight = new InFlightRequests();
    const got: string[] = [];
    const removeFirst = flight.add(at("s", 7), () => got.push("first"));
    flight.add(at("s", 7), () => got.push("second"));
    expect(flight.cancel(at("s", 7))).toBe(false);
    expect(got).toEqual([]);
    removeFirst();
    expect(flight.cancel(at("s", 7))).toBe(true);
    expect(got).toEqual(["second"]);
  });

  it("counts requests and resolves idle() when the last one ends (removing twice counts once)", async () => {
    const flight = new InFlightRequests();
    await flight.idle();
    const a = flight.add(at("x", 1), () => {});
    const b = flight.add(null, () => {});
    let idle = false;
    const waiting = flight.idle().then(() => (idle = true));
    a();
    a();
    await Promise.resolve();
    expect(flight.size).toBe(1);
    expect(idle).toBe(false);
    b();
    await waiting;
    expect(flight.size).toBe(0);
  });
});
