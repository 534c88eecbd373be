import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { InFlightRequests } from "../../../src/app/http/in-flight.js";

const cancel = (requestId: string | number) =>
  ({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId } }) as JSONRPCMessage & { params: { requestId: string | number } };

describe("InFlightRequests", () => {
  it("routes a cancellation to the one request of that caller with that id, and to nothing else", () => {
    const flight = new InFlightRequests();
    const got: string[] = [];
    flight.add("shared\u0000client-a", 1, () => got.push("a1"));
    flight.add("shared\u0000client-b", 1, () => got.push("b1"));
    flight.add("shared\u0000client-a", "1", () => got.push("a'1'"));
    expect(flight.cancel("shared\u0000client-a", cancel(1))).toBe(true);
    expect(got).toEqual(["a1"]);
    expect(flight.cancel("shared\u0000client-c", cancel(1))).toBe(false);
    expect(flight.cancel("shared\u0000client-a", cancel(2))).toBe(false);
    expect(got).toEqual(["a1"]);
  });

  it("drops an ambiguous cancellation (two requests of one caller with the same id)", () => {
    const flight = new InFlightRequests();
    const got: string[] = [];
    const removeFirst = flight.add("anon", 7, () => got.push("first"));
    flight.add("anon", 7, () => got.push("second"));
    expect(flight.cancel("anon", cancel(7))).toBe(false);
    expect(got).toEqual([]);
    removeFirst();
    expect(flight.cancel("anon", cancel(7))).toBe(true);
    expect(got).toEqual(["second"]);
  });

  it("counts requests and resolves idle() when the last one ends (removing twice counts once)", async () => {
    const flight = new InFlightRequests();
    await flight.idle();
    const a = flight.add("x", 1, () => {});
    const b = flight.add("x", 2, () => {});
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
