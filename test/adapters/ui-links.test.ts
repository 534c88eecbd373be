import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { CancelledError, UpstreamUnavailableError } from "../../src/domain/errors.js";
import { UiLinks } from "../../src/adapters/ui-links.js";
import { ManualClock } from "../support/manual-clock.js";
import { SEED } from "../support/seed-ids.js";

describe("UI deep links", () => {
  it("builds report and scenario links from the base URL and the project's workspace, looking it up once", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    let lookups = 0;
    const getProject = fake.getProject.bind(fake);
    fake.getProject = async (...args) => {
      lookups += 1;
      return getProject(...args);
    };
    const links = new UiLinks(fake, "https://octoperf.example.com/");
    expect(await links.report(SEED.project.checkoutApi, SEED.report.checkoutBaseline)).toBe(
      "https://octoperf.example.com/ui/workspace/acmeRetailWs00000001/project/checkoutApiPrj000001/analysis/report/checkoutRepBase00001",
    );
    expect(await links.scenario(SEED.project.checkoutApi, SEED.scenario.checkoutNightly)).toBe(
      "https://octoperf.example.com/ui/workspace/acmeRetailWs00000001/project/checkoutApiPrj000001/runtime/scenario/checkoutNightly00001",
    );
    expect(lookups).toBe(1);
  });

  it("links a run to its report when known, else to its scenario", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    const links = new UiLinks(fake, "https://api.octoperf.com");
    const launched = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    expect(await links.run(await fake.getRun(launched.benchResultId))).toMatch(/\/analysis\/report\/fakeRep/);
    expect(await links.run(await fake.getRun(SEED.run.checkoutBaseline))).toMatch(/\/runtime\/scenario\/checkoutNightly00001$/);
  });

  it("gives null instead of failing the answer, and tries again after a passing failure", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    const links = new UiLinks(fake, "https://api.octoperf.com");
    expect(await links.scenario("noSuchProject0000000", "x")).toBeNull();
    const getProject = fake.getProject.bind(fake);
    fake.getProject = async () => {
      throw new UpstreamUnavailableError("down");
    };
    expect(await links.scenario(SEED.project.checkoutApi, "s")).toBeNull();
    fake.getProject = getProject;
    expect(await links.scenario(SEED.project.checkoutApi, "s")).toMatch(/^https:\/\/api\.octoperf\.com\/ui\/workspace\//);
  });

  it("one caller cancelling a shared project lookup does not cancel the others: they still get their link", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    const getProject = fake.getProject.bind(fake);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lookups = 0;
    // Honours its signal as the HTTP adapter does: an aborted request rejects with CancelledError.
    fake.getProject = async (projectId, options) => {
      lookups += 1;
      await new Promise<void>((resolve, reject) => {
        options?.signal?.addEventListener("abort", () => reject(new CancelledError({ cause: options.signal?.reason })), { once: true });
        void held.then(resolve);
      });
      return getProject(projectId, options);
    };
    const links = new UiLinks(fake, "https://api.octoperf.com");
    const impatient = new AbortController();
    const first = links.scenario(SEED.project.checkoutApi, "a", { signal: impatient.signal });
    const second = links.scenario(SEED.project.checkoutApi, "b");
    const third = links.report(SEED.project.checkoutApi, "r", { signal: new AbortController().signal });
    impatient.abort("the first caller gave up");
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    release();
    expect(await second).toMatch(/\/project\/checkoutApiPrj000001\/runtime\/scenario\/b$/);
    expect(await third).toMatch(/\/analysis\/report\/r$/);
    expect(lookups).toBe(1);
  });

  it("the shared lookup is aborted once every caller waiting for it has given up, and tried afresh later", async () => {
    const fake = new FakeOctoPerfAdapter(new ManualClock());
    const getProject = fake.getProject.bind(fake);
    const aborted: unknown[] = [];
    let stall = true;
    fake.getProject = async (projectId, options) => {
      if (!stall) return getProject(projectId, options);
      return new Promise((_resolve, reject) => {
        options?.signal?.addEventListener(
          "abort",
          () => {
            aborted.push(options.signal?.reason);
            reject(new CancelledError());
          },
          { once: true },
        );
      });
    };
    const links = new UiLinks(fake, "https://api.octoperf.com");
    const a = new AbortController();
    const b = new AbortController();
    const first = links.scenario(SEED.project.checkoutApi, "a", { signal: a.signal });
    const second = links.scenario(SEED.project.checkoutApi, "b", { signal: b.signal });
    a.abort();
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    expect(aborted).toHaveLength(0); // someone still waits for it
    b.abort();
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    expect(aborted).toHaveLength(1);
    stall = false;
    expect(await links.scenario(SEED.project.checkoutApi, "c")).toMatch(/\/runtime\/scenario\/c$/);
  });
});
