import type { Project } from "../../domain/model/project.js";
import { createScenario, type Scenario, type UserProfile } from "../../domain/model/scenario.js";
import type { Workspace } from "../../domain/model/workspace.js";

/** How a scenario's runs perform: the fake's metrics are derived from this, per run. */
export interface PerformanceProfile {
  readonly responseTimeAvgMs: number;
  readonly errorPercent: number;
  /** Hits per second that one virtual user produces. */
  readonly hitsPerVuPerSecond: number;
  readonly responseBytes: number;
  readonly sentBytes: number;
}

export interface FakeScenario {
  readonly scenario: Scenario;
  readonly performance: PerformanceProfile;
  /** A scenario whose load generators cannot be provisioned ends in ERROR, as on OctoPerf. */
  readonly failsDuringProvisioning: boolean;
  /** How much slower than its baseline the system under test is today (new runs): 1.3 is 30% slower. */
  readonly currentSlowdown?: number;
}

/** A run that happened before the fake started: run history, baselines to compare with. */
export interface PastRun {
  readonly benchResultId: string;
  readonly benchReportId: string;
  readonly scenarioId: string;
  readonly name: string;
  /** How long before the fake's start the run began. */
  readonly startedAgoMs: number;
  readonly durationMs: number;
  readonly outcome: "FINISHED" | "ABORTED" | "ERROR";
  /** Multiplies the scenario's response times: 1.3 is a run 30% slower. */
  readonly slowdown: number;
}

export interface FakeData {
  readonly workspaces: readonly Workspace[];
  readonly projects: readonly Project[];
  readonly scenarios: readonly FakeScenario[];
  readonly pastRuns: readonly PastRun[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function rampUp(
  name: string,
  plateauVus: number,
  rampUpMs: number,
  plateauMs: number,
  location = "eu-west-1",
  extra: { rampDownMs?: number; stepCount?: number } = {},
): UserProfile {
  const kind = extra.stepCount !== undefined ? "ASCENDING_STAIRS" : extra.rampDownMs !== undefined ? "RAMP_UP_THEN_DOWN" : "RAMP_UP";
  return {
    name,
    virtualUserId: `vu${name
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 15)
      .padEnd(15, "0")}01`,
    location,
    load: {
      kind,
      delayMs: 0,
      rampUpMs,
      plateauMs,
      plateauVus,
      rampDownMs: extra.rampDownMs ?? 0,
      stepCount: extra.stepCount ?? null,
    },
  };
}

/**
 * Two workspaces, four projects, seven scenarios, and a checkout history with a regression.
 * Names and descriptions state no durations: demo mode compresses every load shape to the
 * length of a demo run, and a "2 h soak" that ends in 14 s would contradict itself.
 */
export const DEFAULT_FAKE_DATA: FakeData = {
  workspaces: [
    { id: "acmeRetailWs00000001", name: "Acme Retail", description: "E-commerce teams", created: "2025-03-01T09:00:00.000Z" },
    { id: "acmePlatformWs000002", name: "Acme Platform", description: "Shared services", created: "2025-04-15T09:00:00.000Z" },
  ],
  projects: [
    {
      id: "checkoutApiPrj000001",
      workspaceId: "acmeRetailWs00000001",
      name: "Checkout API",
      description: "Cart, payment and order endpoints",
      tags: ["api", "critical"],
    },
    { id: "storefrontPrj0000002", workspaceId: "acmeRetailWs00000001", name: "Storefront Web", description: "Browsing and search pages", tags: ["web"] },
    { id: "authServicePrj000003", workspaceId: "acmePlatformWs000002", name: "Auth Service", description: "Login and token refresh", tags: ["api"] },
    { id: "searchSvcPrj00000004", workspaceId: "acmePlatformWs000002", name: "Search Service", description: "Catalogue search backend", tags: ["api"] },
  ],
  scenarios: [
    {
      scenario: createScenario({
        id: "checkoutNightly00001",
        projectId: "checkoutApiPrj000001",
        name: "Checkout nightly 500 VUs",
        description: "Nightly regression load on the checkout flow",
        tags: ["nightly"],
        userProfiles: [rampUp("Checkout buyer", 500, 2 * MINUTE, 10 * MINUTE)],
      }),
      performance: { responseTimeAvgMs: 240, errorPercent: 0.4, hitsPerVuPerSecond: 0.6, responseBytes: 5_400, sentBytes: 820 },
      failsDuringProvisioning: false,
      // The regression that appeared last night is still there: new runs compare badly with the baseline.
      currentSlowdown: 1.3,
    },
    {
      scenario: createScenario({
        id: "checkoutSmoke0000002",
        projectId: "checkoutApiPrj000001",
        name: "Checkout smoke 20 VUs",
        description: "Quick check after each deploy, from two regions",
        tags: ["smoke"],
        userProfiles: [
          rampUp("Buyer EU", 10, 30_000, 3 * MINUTE, "eu-west-1", { rampDownMs: 30_000 }),
          rampUp("Buyer US", 10, 30_000, 3 * MINUTE, "us-east-1", { rampDownMs: 30_000 }),
        ],
      }),
      performance: { responseTimeAvgMs: 180, errorPercent: 0.1, hitsPerVuPerSecond: 0.8, responseBytes: 5_100, sentBytes: 790 },
      failsDuringProvisioning: false,
    },
    {
      scenario: createScenario({
        id: "storefrontPeak000003",
        projectId: "storefrontPrj0000002",
        name: "Storefront browse peak",
        description: "Ascending stairs to Black Friday peak",
        tags: ["peak"],
        userProfiles: [rampUp("Browser", 300, 10 * MINUTE, 15 * MINUTE, "eu-west-1", { stepCount: 5 })],
      }),
      performance: { responseTimeAvgMs: 420, errorPercent: 1.2, hitsPerVuPerSecond: 1.1, responseBytes: 48_000, sentBytes: 950 },
      failsDuringProvisioning: false,
    },
    {
      scenario: createScenario({
        id: "storefrontSoak000004",
        projectId: "storefrontPrj0000002",
        name: "Storefront soak",
        description: "Long steady load, to hunt memory leaks",
        tags: ["soak"],
        userProfiles: [rampUp("Browser", 150, 5 * MINUTE, 2 * HOUR)],
      }),
      performance: { responseTimeAvgMs: 380, errorPercent: 0.6, hitsPerVuPerSecond: 0.9, responseBytes: 46_000, sentBytes: 940 },
      failsDuringProvisioning: false,
    },
    {
      scenario: createScenario({
        id: "authLoginSpike000005",
        projectId: "authServicePrj000003",
        name: "Auth login spike",
        description: "1000 logins on a steep ramp-up",
        tags: ["spike"],
        userProfiles: [rampUp("Login", 1000, 30_000, 5 * MINUTE)],
      }),
      performance: { responseTimeAvgMs: 95, errorPercent: 2.5, hitsPerVuPerSecond: 0.4, responseBytes: 1_200, sentBytes: 600 },
      failsDuringProvisioning: false,
    },
    {
      scenario: createScenario({
        id: "searchNoCapacity0006",
        projectId: "searchSvcPrj00000004",
        name: "Search load (ap-south, no capacity)",
        description: "Targets a region without load generator capacity: provisioning ends in ERROR",
        tags: [],
        userProfiles: [rampUp("Searcher", 200, MINUTE, 10 * MINUTE, "ap-south-1")],
      }),
      performance: { responseTimeAvgMs: 150, errorPercent: 0.2, hitsPerVuPerSecond: 1, responseBytes: 9_000, sentBytes: 700 },
      failsDuringProvisioning: true,
    },
    {
      scenario: createScenario({
        id: "searchRelevance00007",
        projectId: "searchSvcPrj00000004",
        name: "Search relevance load",
        description: "Mixed queries at 200 VUs",
        tags: ["weekly"],
        userProfiles: [rampUp("Searcher", 200, MINUTE, 10 * MINUTE)],
      }),
      performance: { responseTimeAvgMs: 130, errorPercent: 0.3, hitsPerVuPerSecond: 1.4, responseBytes: 9_500, sentBytes: 720 },
      failsDuringProvisioning: false,
      // Where the slow regression of its weekly history has got to (see searchRelevanceHistory).
      currentSlowdown: 1.3,
    },
  ],
  pastRuns: [
    {
      benchResultId: "checkoutRunBase00001",
      benchReportId: "checkoutRepBase00001",
      scenarioId: "checkoutNightly00001",
      name: "Checkout nightly (baseline)",
      startedAgoMs: 2 * DAY,
      durationMs: 12 * MINUTE,
      outcome: "FINISHED",
      slowdown: 1,
    },
    {
      benchResultId: "checkoutRunAbrt00002",
      benchReportId: "checkoutRepAbrt00002",
      scenarioId: "checkoutNightly00001",
      name: "Checkout nightly (stopped)",
      startedAgoMs: 36 * HOUR,
      durationMs: 4 * MINUTE,
      outcome: "ABORTED",
      slowdown: 1.05,
    },
    {
      benchResultId: "checkoutRunLast00003",
      benchReportId: "checkoutRepLast00003",
      scenarioId: "checkoutNightly00001",
      name: "Checkout nightly (last night)",
      startedAgoMs: 12 * HOUR,
      durationMs: 12 * MINUTE,
      outcome: "FINISHED",
      slowdown: 1.3,
    },
    {
      benchResultId: "authRunSpike00000004",
      benchReportId: "authRepSpike00000004",
      scenarioId: "authLoginSpike000005",
      name: "Auth login spike",
      startedAgoMs: 3 * DAY,
      durationMs: 6 * MINUTE,
      outcome: "FINISHED",
      slowdown: 1,
    },
    {
      benchResultId: "searchRunError000005",
      benchReportId: "searchRepError000005",
      scenarioId: "searchNoCapacity0006",
      name: "Search load (ap-south)",
      startedAgoMs: 5 * DAY,
      durationMs: 40_000,
      outcome: "ERROR",
      slowdown: 1,
    },
    ...searchRelevanceHistory(),
  ],
};

/**
 * Eleven weekly runs of the search relevance load, oldest ten weeks ago: a slow regression (the
 * catalogue index grows, each week about 3% slower) under the runs' own noise, and one run
 * stopped half-way. Enough history for the scenario trend to show one (the demo shows it).
 */
function searchRelevanceHistory(): PastRun[] {
  return Array.from({ length: 11 }, (_, week) => {
    const serial = String(week + 1).padStart(2, "0");
    const stopped = week === 6;
    return {
      benchResultId: `searchRelevRun0000${serial}`,
      benchReportId: `searchRelevRep0000${serial}`,
      scenarioId: "searchRelevance00007",
      name: `Search relevance load (week ${week + 1}${stopped ? ", stopped" : ""})`,
      startedAgoMs: (10 - week) * 7 * DAY + 20 * HOUR,
      durationMs: stopped ? 5 * MINUTE : 11 * MINUTE,
      outcome: stopped ? "ABORTED" : "FINISHED",
      slowdown: Number((1 + 0.028 * week).toFixed(3)),
    };
  });
}
