import { describe, expect, it } from "vitest";
import type { LinkedUseCases as UseCases } from "../../src/adapters/linked-use-cases.js";
import { lazyUseCases } from "../../src/app/lazy-use-cases.js";

/** Use cases whose getRunStatus answers with its arguments, counting the loads. */
function counted(fail: { times: number }) {
  let loads = 0;
  const useCases = lazyUseCases(async () => {
    loads += 1;
    if (fail.times > 0) {
      fail.times -= 1;
      throw new Error("chunk missing");
    }
    return { getRunStatus: { execute: async (...args: unknown[]) => ({ args }) } } as unknown as UseCases;
  });
  return { useCases, loads: () => loads };
}

describe("lazyUseCases", () => {
  it("loads nothing until a use case is called, then once for every call, concurrent or not", async () => {
    const { useCases, loads } = counted({ times: 0 });
    const status = useCases.getRunStatus;
    expect(loads()).toBe(0);
    const signal = new AbortController().signal;
    const answers = await Promise.all([status.execute({ benchResultId: "a" }, { signal }), useCases.getRunStatus.execute({ benchResultId: "b" })]);
    expect(answers).toEqual([{ args: [{ benchResultId: "a" }, { signal }] }, { args: [{ benchResultId: "b" }] }]);
    await useCases.getRunStatus.execute({ benchResultId: "c" });
    expect(loads()).toBe(1);
  });

  it("fails the call when the load fails, and loads again on the next call", async () => {
    const { useCases, loads } = counted({ times: 1 });
    await expect(useCases.getRunStatus.execute({ benchResultId: "a" })).rejects.toThrow("chunk missing");
    await expect(useCases.getRunStatus.execute({ benchResultId: "a" })).resolves.toEqual({ args: [{ benchResultId: "a" }] });
    expect(loads()).toBe(2);
  });

  it("is not a thenable: awaiting a use case (or all of them) gives it back, loading nothing", async () => {
    const { useCases, loads } = counted({ times: 0 });
    expect(await Promise.resolve(useCases.getRunStatus)).toBe(useCases.getRunStatus);
    expect(await Promise.resolve(useCases)).toBe(useCases);
    expect(loads()).toBe(0);
  });
});
