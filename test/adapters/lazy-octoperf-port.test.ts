import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { LazyOctoPerfPort } from "../../src/adapters/lazy-octoperf-port.js";
import { SystemClock } from "../../src/adapters/system-clock.js";
import type { OctoPerfPort } from "../../src/ports/octoperf-port.js";

describe("LazyOctoPerfPort", () => {
  it("builds the real port on the first call only, once even for concurrent first calls", async () => {
    let loads = 0;
    const port = new LazyOctoPerfPort(async () => {
      loads += 1;
      return new FakeOctoPerfAdapter(new SystemClock());
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([port.listWorkspaces(), port.listWorkspaces()]);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    const projects = await port.listProjects(a[0]!.id);
    await port.listScenarios(projects[0]!.id);
    expect(loads).toBe(1);
  });

  it("passes every argument through, and the real port's errors out unchanged", async () => {
    const fake = new FakeOctoPerfAdapter(new SystemClock());
    const port = new LazyOctoPerfPort(async () => fake);
    const signal = new AbortController().signal;
    await expect(port.getRun("nope", { signal })).rejects.toEqual(await fake.getRun("nope", { signal }).catch((e: unknown) => e));
  });

  it("a failed load fails the calls instead of throwing at construction", async () => {
    const port: OctoPerfPort = new LazyOctoPerfPort(() => Promise.reject(new Error("no adapter")));
    await expect(port.listWorkspaces()).rejects.toThrow("no adapter");
  });
});
