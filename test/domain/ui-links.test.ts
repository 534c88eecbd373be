import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { UpstreamUnavailableError } from "../../src/domain/errors.js";
import { UiLinks } from "../../src/domain/ui-links.js";
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
});
