import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { CancelledError, ReportListingUnavailableError, UpstreamUnavailableError } from "../../src/domain/errors.js";
import type { BenchReport } from "../../src/domain/model/bench-report.js";
import { UiLinks } from "../../src/adapters/ui-links.js";
import { ManualClock } from "../support/manual-clock.js";
import { SEED } from "../support/seed-ids.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The fake, its report listings counted (and answered by `answer` when given, which may call the fake's own). */
function countingListings(answer?: (list: () => Promise<BenchReport[]>) => Promise<BenchReport[]>) {
  const fake = new FakeOctoPerfAdapter(new ManualClock());
  const listReports = fake.listReports.bind(fake);
  let count = 0;
  fake.listReports = async (projectId, options) => {
    count += 1;
    const list = () => listReports(projectId, options);
    return answer === undefined ? list() : answer(list);
  };
  return { fake, listings: () => count };
}

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

  it("links a run to its report when known, with no listing", async () => {
    const { fake, listings } = countingListings();
    const links = new UiLinks(fake, "https://api.octoperf.com", new ManualClock());
    const launched = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    expect(await links.run(await fake.getRun(launched.benchResultId))).toMatch(/\/analysis\/report\/fakeRep/);
    expect(listings()).toBe(0);
  });

  it("a run read by id (its report unknown) learns its own report from one listing of its project, shared and remembered", async () => {
    const { fake, listings } = countingListings();
    const links = new UiLinks(fake, "https://api.octoperf.com", new ManualClock());
    const [baseline, lastNight] = await Promise.all([fake.getRun(SEED.run.checkoutBaseline), fake.getRun(SEED.run.checkoutLastNight)]);
    expect(baseline.benchReportId).toBeNull(); // OctoPerf's bench result does not name its report
    const { id: benchResultId, ...side } = lastNight; // as a comparison side names it
    const [first, second] = await Promise.all([links.run(baseline), links.run({ ...side, benchResultId })]);
    expect(first).toBe(
      "https://api.octoperf.com/ui/workspace/acmeRetailWs00000001/project/checkoutApiPrj000001/analysis/report/" + SEED.report.checkoutBaseline,
    );
    expect(second).toMatch(new RegExp(`/analysis/report/${SEED.report.checkoutLastNight}$`));
    expect(await links.run(baseline)).toBe(first);
    expect(listings()).toBe(1);
  });

  it("a run no report of its own lists links to its scenario page; its project is listed again only a minute later", async () => {
    const { fake, listings } = countingListings(async () => []);
    const clock = new ManualClock();
    const links = new UiLinks(fake, "https://api.octoperf.com", clock);
    const run = await fake.getRun(SEED.run.checkoutBaseline);
    expect(await links.run(run)).toMatch(/\/runtime\/scenario\/checkoutNightly00001$/);
    expect(await links.run(run)).toMatch(/\/runtime\/scenario\/checkoutNightly00001$/);
    expect(listings()).toBe(1);
    clock.advance(60_000);
    await links.run(run);
    expect(listings()).toBe(2);
  });

  it("a listing slower than the budget: the scenario page when the budget is spent, never later; the listing goes on and the next link is the report", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { fake, listings } = countingListings(async (list) => {
      await held;
      return list();
    });
    const clock = new ManualClock();
    const links = new UiLinks(fake, "https://api.octoperf.com", clock, { reportLookupBudgetMs: 1_000 });
    const run = await fake.getRun(SEED.run.checkoutBaseline);
    let link: string | null | undefined;
    const pending = links.run(run).then((url) => (link = url));
    await settle();
    clock.advance(999);
    await settle();
    expect(link).toBeUndefined();
    clock.advance(1);
    await pending;
    expect(link).toMatch(/\/runtime\/scenario\/checkoutNightly00001$/);
    release();
    await settle();
    expect(await links.run(run)).toMatch(new RegExp(`/analysis/report/${SEED.report.checkoutBaseline}$`));
    expect(listings()).toBe(1);
  });

  it("an OctoPerf without the (unconfirmed) report listing is never asked again; a passing failure is, a minute later", async () => {
    const clock = new ManualClock();
    const missing = countingListings(async () => {
      throw new ReportListingUnavailableError(SEED.project.checkoutApi, 404, "/analysis/bench-reports/by-project/{projectId}");
    });
    const links = new UiLinks(missing.fake, "https://api.octoperf.com", clock);
    const run = await missing.fake.getRun(SEED.run.checkoutBaseline);
    expect(await links.run(run)).toMatch(/\/runtime\/scenario\//);
    clock.advance(3_600_000);
    expect(await links.run(run)).toMatch(/\/runtime\/scenario\//);
    expect(missing.listings()).toBe(1);

    const down = countingListings(async () => {
      throw new UpstreamUnavailableError("down");
    });
    const again = new UiLinks(down.fake, "https://api.octoperf.com", clock);
    expect(await again.run(run)).toMatch(/\/runtime\/scenario\//);
    clock.advance(60_000);
    expect(await again.run(run)).toMatch(/\/runtime\/scenario\//);
    expect(down.listings()).toBe(2);
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
