/**
 * The linking layer: the use cases answer with ids, and every edge (MCP tools, library, gate)
 * gets the same answers with their deep links through linkUseCases. Time is the manual clock's.
 */
import { describe, expect, it } from "vitest";
import { errorLinks } from "../../src/adapters/error-links.js";
import { FakeOctoPerfAdapter } from "../../src/adapters/fake/fake-octoperf-adapter.js";
import { linkUseCases, type LinkedWaitProgress } from "../../src/adapters/linked-use-cases.js";
import { createContainer } from "../../src/app/container.js";
import { parseOptions } from "../../src/app/config.js";
import { UiLinks } from "../../src/adapters/ui-links.js";
import { cliMessage } from "../../src/app/cli-errors.js";
import { libraryMessage } from "../../src/app/library-errors.js";
import { CancelledError, LaunchOutcomeUnknownError, UpstreamUnavailableError } from "../../src/domain/errors.js";
import { ANSWER_GRACE_MS } from "../../src/domain/use-cases/deadline.js";
import { eachUseCase, type UseCases } from "../../src/domain/use-cases/use-cases.js";
import type { OctoPerfPort } from "../../src/ports/octoperf-port.js";
import type { UiLinksPort } from "../../src/ports/ui-links-port.js";
import { callUseCase, USE_CASE_NAMES } from "../support/every-use-case.js";
import { ManualClock } from "../support/manual-clock.js";
import { mcpWords } from "../support/mcp-words.js";
import { SEED } from "../support/seed-ids.js";
import { advanceSeconds, settle, stallingPort, track } from "../support/stalling-port.js";

const BASE = "https://octoperf.example";
const PROJECT = `${BASE}/ui/workspace/acmeRetailWs00000001/project/${SEED.project.checkoutApi}`;
const scenarioPage = (id: string) => `${PROJECT}/runtime/scenario/${id}`;
const reportPage = (id: string) => `${PROJECT}/analysis/report/${id}`;

/** The use cases as the composition root builds them on this port and clock: facts only, no links anywhere. */
function factsOnly(port: OctoPerfPort, clock: ManualClock): UseCases {
  const container = createContainer(parseOptions({ demo: true }), { octoperf: port, clock, logger: { log: () => {} } });
  return eachUseCase<UseCases>((name) => container.useCase(name));
}

function setup(options: { autoAdvance?: boolean; links?: (port: OctoPerfPort) => UiLinksPort } = {}) {
  const clock = new ManualClock(undefined, options.autoAdvance ?? false);
  const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
  const stalling = stallingPort(fake);
  const links = options.links?.(stalling.port) ?? new UiLinks(stalling.port, BASE);
  const lookups = () => stalling.calls.filter((c) => c === "getProject").length;
  return { clock, fake, ...stalling, lookups, linked: linkUseCases(factsOnly(stalling.port, clock), links, clock) };
}

describe("linkUseCases: the deep links, added at the edge", () => {
  it("adds to every answer the links the edges show: scenarios, launches, runs, reports, comparisons, trends", async () => {
    const { linked, fake } = setup({ autoAdvance: true });
    const expected = new UiLinks(fake, BASE);
    const runPage = async (id: string) => expected.run(await fake.getRun(id));

    const scenarios = await linked.listScenarios.execute({ projectId: SEED.project.checkoutApi });
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) expect(s.url).toBe(scenarioPage(s.id));

    const launch = await linked.launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(launch).toMatchObject({ reportUrl: reportPage(launch.benchReportId), scenarioUrl: scenarioPage(SEED.scenario.checkoutSmoke) });

    expect((await linked.getRunStatus.execute({ benchResultId: launch.benchResultId })).url).toBe(reportPage(launch.benchReportId));

    const progress: LinkedWaitProgress[] = [];
    const wait = await linked.waitForRun.execute({ benchResultId: launch.benchResultId, maxWaitSeconds: 0 }, { onProgress: (p) => void progress.push(p) });
    expect(wait.run.url).toBe(reportPage(launch.benchReportId));
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expect(p.run.url).toBe(reportPage(launch.benchReportId));

    expect((await linked.stopRun.execute({ benchResultId: launch.benchResultId })).run.url).toBe(reportPage(launch.benchReportId));

    const history = await linked.listTestRuns.execute({ projectId: SEED.project.checkoutApi });
    for (const { run } of history) {
      expect(run.url).toBe(run.benchReportId === null ? scenarioPage(run.scenarioId) : reportPage(run.benchReportId));
    }

    expect((await linked.getBenchReport.execute({ reportId: SEED.report.checkoutBaseline })).url).toBe(reportPage(SEED.report.checkoutBaseline));
    const baselinePage = await runPage(SEED.run.checkoutBaseline);
    expect(baselinePage).not.toBeNull();
    expect((await linked.getRunMetrics.execute({ benchResultId: SEED.run.checkoutBaseline, metricIds: ["ERRORS_PERCENT"] })).url).toBe(baselinePage);
    expect((await linked.evaluateSla.execute({ benchResultId: SEED.run.checkoutBaseline })).url).toBe(baselinePage);

    const comparison = await linked.compareRuns.execute({
      baselineBenchResultId: SEED.run.checkoutBaseline,
      candidateBenchResultId: SEED.run.checkoutLastNight,
    });
    expect(comparison.baseline.url).toBe(baselinePage);
    expect(comparison.candidate.url).toBe(await runPage(SEED.run.checkoutLastNight));

    const trend = await linked.getScenarioTrend.execute({ scenarioId: SEED.scenario.checkoutNightly, runs: 3 });
    expect(trend.scenario.url).toBe(scenarioPage(SEED.scenario.checkoutNightly));
    expect(trend.runs.length).toBeGreaterThan(0);
    for (const run of trend.runs)
      expect(run.url).toBe(run.benchReportId === null ? scenarioPage(SEED.scenario.checkoutNightly) : reportPage(run.benchReportId));

    const analysis = await linked.runAndAnalyze.execute({
      scenarioId: SEED.scenario.checkoutSmoke,
      allowParallel: true,
      baselineBenchResultId: SEED.run.checkoutBaseline,
      maxWaitSeconds: 300,
    });
    expect(analysis.wait.terminal).toBe(true);
    expect(analysis.launch).toMatchObject({ reportUrl: reportPage(analysis.launch.benchReportId), scenarioUrl: scenarioPage(SEED.scenario.checkoutSmoke) });
    expect(analysis.wait.run.url).toBe(reportPage(analysis.launch.benchReportId));
    expect(analysis.comparison).toMatchObject({ baseline: { url: baselinePage }, candidate: { url: reportPage(analysis.launch.benchReportId) } });
  });

  it("passes a use case whose answer names nothing to open through as it is, and links every other", () => {
    const clock = new ManualClock();
    const facts = factsOnly(new FakeOctoPerfAdapter(clock), clock);
    const linked = linkUseCases(facts, new UiLinks(new FakeOctoPerfAdapter(clock), BASE), clock);
    expect(Object.keys(linked)).toEqual([...USE_CASE_NAMES]);
    // Workspaces and projects are not linked (the UI's pages need more than their ids); runs are.
    expect(linked.listWorkspaces).toBe(facts.listWorkspaces);
    expect(linked.listProjects).toBe(facts.listProjects);
    expect(linked.getRunStatus).not.toBe(facts.getRunStatus);
  });

  it("looks a project's workspace up once, however many answers and links need it", async () => {
    const { linked, fake, lookups } = setup({ autoAdvance: true });
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    for (const name of USE_CASE_NAMES) await callUseCase(linked, name, benchResultId);
    expect(lookups()).toBe(1);
  });

  it("links a long answer whose project lookup is under way without a listener-leak warning on the caller's signal", async () => {
    const { linked, fake } = setup({ autoAdvance: true });
    for (let i = 0; i < 15; i++) await fake.launchScenario(SEED.scenario.checkoutSmoke);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const history = await linked.listTestRuns.execute({ scenarioId: SEED.scenario.checkoutSmoke, limit: 30 }, { signal: controller.signal });
      expect(history.length).toBeGreaterThan(10);
      expect(history.every(({ run }) => run.url !== null)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });

  it("leaves a link that cannot be built null: the answer never fails for it", async () => {
    const { linked, fake } = setup({ autoAdvance: true });
    fake.getProject = async () => {
      throw new UpstreamUnavailableError("OctoPerf is unreachable.");
    };
    const launch = await linked.launchScenario.execute({ scenarioId: SEED.scenario.checkoutSmoke });
    expect(launch).toMatchObject({ outcome: "launched", reportUrl: null, scenarioUrl: null });
    expect((await linked.getRunStatus.execute({ benchResultId: launch.benchResultId })).url).toBeNull();
    const trend = await linked.getScenarioTrend.execute({ scenarioId: SEED.scenario.checkoutNightly, runs: 3 });
    expect([trend.scenario.url, ...trend.runs.map((r) => r.url)].every((url) => url === null)).toBe(true);
  });

  it("a links adapter of a library user that throws gives null links too", async () => {
    const broken: UiLinksPort = {
      scenario: () => Promise.reject(new Error("bug in my links")),
      report: () => Promise.reject(new Error("bug in my links")),
      run: () => Promise.reject(new Error("bug in my links")),
    };
    const { linked } = setup({ autoAdvance: true, links: () => broken });
    const scenarios = await linked.listScenarios.execute({ projectId: SEED.project.checkoutApi });
    expect(scenarios.map((s) => s.url).every((url) => url === null)).toBe(true);
  });

  it("only the caller's own cancellation rejects, while its link is being looked up", async () => {
    const { linked, fake, stall } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutSmoke);
    stall("getProject");
    const controller = new AbortController();
    const status = linked.getRunStatus.execute({ benchResultId }, { signal: controller.signal });
    await settle();
    controller.abort();
    await expect(status).rejects.toBeInstanceOf(CancelledError);
  });

  it("keeps a wait's links under its deadline: a project lookup that hangs leaves the link null at budget + grace", async () => {
    const { linked, clock, fake, stall, pending } = setup();
    const { benchResultId } = await fake.launchScenario(SEED.scenario.checkoutNightly);
    stall("getProject");
    const startedAt = clock.now();
    const waiting = track(linked.waitForRun.execute({ benchResultId, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 5);
    expect(waiting.settled).toBe(false);
    await advanceSeconds(clock, ANSWER_GRACE_MS / 1000);
    expect(waiting.error).toBeUndefined();
    expect(waiting.value).toMatchObject({ terminal: false, run: { id: benchResultId, url: null } });
    expect(clock.now() - startedAt).toBe(5_000 + ANSWER_GRACE_MS);
    expect(pending()).toBe(0); // the hung lookup was abandoned, not left running
  });

  it("run and analyze: OctoPerf stalls on the link lookups after the launch: the launch is reported by the deadline, links null", async () => {
    const { linked, clock, fake, stall, calls } = setup();
    const launching = fake.launchScenario.bind(fake);
    fake.launchScenario = async (id, options) => {
      stall("getProject");
      return launching(id, options);
    };
    const running = track(linked.runAndAnalyze.execute({ scenarioId: SEED.scenario.checkoutNightly, maxWaitSeconds: 5 }));
    await advanceSeconds(clock, 5 + ANSWER_GRACE_MS / 1000);
    expect(running.error).toBeUndefined();
    expect(running.value).toMatchObject({ launch: { outcome: "launched", reportUrl: null, scenarioUrl: null }, wait: { terminal: false, run: { url: null } } });
    expect(calls.filter((c) => c === "launchScenario")).toHaveLength(1);
  });

  it("a launch whose outcome is unknown: the error keeps its ids, and each edge's words link the scenario's runs", async () => {
    const { linked, fake } = setup({ autoAdvance: true });
    fake.launchScenario = async (scenarioId) => {
      throw new LaunchOutcomeUnknownError(scenarioId, "the connection was reset");
    };
    const error = await linked.launchScenario.execute({ scenarioId: SEED.scenario.checkoutNightly }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
    expect(error).toMatchObject({ scenarioId: SEED.scenario.checkoutNightly, projectId: SEED.project.checkoutApi, runLookup: "not-found" });
    const page = scenarioPage(SEED.scenario.checkoutNightly);
    expect(errorLinks(error as LaunchOutcomeUnknownError).scenario).toBe(page);
    expect(mcpWords(error)).toContain(`Do not call octoperf_run_test again until you have checked the scenario's runs in OctoPerf's UI: ${page}`);
    expect(libraryMessage(error as LaunchOutcomeUnknownError)).toContain(`check the scenario's runs in OctoPerf (${page})`);
    expect(cliMessage(error as LaunchOutcomeUnknownError)).toContain(`Check the scenario's runs in OctoPerf (${page})`);
  });

  it("a launch whose outcome is unknown and whose link cannot be built: the same error, worded without the link", async () => {
    const { linked, fake } = setup({ autoAdvance: true });
    fake.launchScenario = async (scenarioId) => {
      throw new LaunchOutcomeUnknownError(scenarioId, "the connection was reset");
    };
    fake.getProject = async () => {
      throw new UpstreamUnavailableError("OctoPerf is unreachable.");
    };
    const error = await linked.launchScenario.execute({ scenarioId: SEED.scenario.checkoutNightly }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LaunchOutcomeUnknownError);
    expect(errorLinks(error as LaunchOutcomeUnknownError).scenario).toBeNull();
    expect(mcpWords(error)).toMatch(/until you have checked the scenario's runs in OctoPerf's UI$/);
  });
});
