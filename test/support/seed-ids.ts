import { DEFAULT_FAKE_DATA } from "../../src/adapters/fake/fake-data.js";

/**
 * The ids of the in-memory OctoPerf's seed data, looked up by name in fake-data.ts: a test names
 * the thing it means ("the checkout nightly scenario", "last night's run") instead of repeating a
 * 20-character id, and a change of the seed data breaks here, once, with a clear message.
 */
function find<T>(kind: string, items: readonly T[], matches: (item: T) => boolean): T {
  const found = items.find(matches);
  if (found === undefined) throw new Error(`the fake OctoPerf's seed data has no such ${kind}`);
  return found;
}

const workspace = (name: string) => find("workspace", DEFAULT_FAKE_DATA.workspaces, (w) => w.name === name).id;
const project = (name: string) => find("project", DEFAULT_FAKE_DATA.projects, (p) => p.name === name).id;
const scenario = (name: string) => find("scenario", DEFAULT_FAKE_DATA.scenarios, (s) => s.scenario.name === name).scenario.id;
const pastRun = (name: string) => find("past run", DEFAULT_FAKE_DATA.pastRuns, (r) => r.name === name);

const baseline = pastRun("Checkout nightly (baseline)");
const stopped = pastRun("Checkout nightly (stopped)");
const lastNight = pastRun("Checkout nightly (last night)");
const authSpike = pastRun("Auth login spike");
const searchError = pastRun("Search load (ap-south)");

export const SEED = {
  workspace: {
    acmeRetail: workspace("Acme Retail"),
    acmePlatform: workspace("Acme Platform"),
  },
  project: {
    checkoutApi: project("Checkout API"),
    storefront: project("Storefront Web"),
    authService: project("Auth Service"),
    searchService: project("Search Service"),
  },
  scenario: {
    /** 500 VUs, 12 minutes: the scenario the stories launch. */
    checkoutNightly: scenario("Checkout nightly 500 VUs"),
    checkoutSmoke: scenario("Checkout smoke 20 VUs"),
    storefrontPeak: scenario("Storefront browse peak"),
    storefrontSoak: scenario("Storefront soak"),
    authLoginSpike: scenario("Auth login spike"),
    /** Always ends in ERROR during provisioning. */
    searchNoCapacity: scenario("Search load (ap-south, no capacity)"),
    searchRelevance: scenario("Search relevance load"),
  },
  /** Past runs (bench results), with their reports. */
  run: {
    /** FINISHED, the reference of the checkout nightly scenario. */
    checkoutBaseline: baseline.benchResultId,
    /** ABORTED after 4 minutes. */
    checkoutStopped: stopped.benchResultId,
    /** FINISHED, 30% slower than the baseline. */
    checkoutLastNight: lastNight.benchResultId,
    authSpike: authSpike.benchResultId,
    searchError: searchError.benchResultId,
  },
  report: {
    checkoutBaseline: baseline.benchReportId,
    checkoutStopped: stopped.benchReportId,
    checkoutLastNight: lastNight.benchReportId,
    authSpike: authSpike.benchReportId,
    searchError: searchError.benchReportId,
  },
} as const;

/** Well-formed ids that name nothing in the seed data. */
export const UNKNOWN = {
  workspace: "noSuchWorkspace00000",
  project: "noSuchProject0000001",
  scenario: "noSuchScenario000000",
  run: "noSuchRun00000000000",
  report: "noSuchReport00000000",
} as const;
