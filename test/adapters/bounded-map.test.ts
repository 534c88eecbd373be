import { describe, expect, it } from "vitest";
import { setBounded } from "../../src/adapters/bounded-map.js";

describe("setBounded", () => {
  it("keeps at most max entries, dropping the oldest first", () => {
    const map = new Map<string, number>();
    for (let i = 0; i < 10; i += 1) setBounded(map, `k${i}`, i, 3);
    expect([...map.entries()]).toEqual([
      ["k7", 7],
      ["k8", 8],
      ["k9", 9],
    ]);
  });

  it("makes a key set again the newest, without dropping anything for it", () => {
    const map = new Map<string, number>();
    setBounded(map, "a", 1, 3);
    setBounded(map, "b", 2, 3);
    setBounded(map, "c", 3, 3);
    setBounded(map, "a", 4, 3);
    expect([...map.keys()]).toEqual(["b", "c", "a"]);
    setBounded(map, "d", 5, 3);
    expect([...map.entries()]).toEqual([
      ["c", 3],
      ["a", 4],
      ["d", 5],
    ]);
  });
});
