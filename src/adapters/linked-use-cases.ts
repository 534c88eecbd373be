import { setMaxListeners } from "node:events";
import { CancelledError, LaunchOutcomeUnknownError, OctoPerfError } from "../domain/errors.js";
import type { TestRun } from "../domain/model/test-run.js";
import type { ScenarioTrend, TrendRun } from "../domain/model/trend.js";
import type { RunComparison, RunSide } from "../domain/use-cases/compare-runs.js";
import type { SlaReport } from "../domain/use-cases/evaluate-sla.js";
import type { RunMetrics } from "../domain/use-cases/get-run-metrics.js";
import type { LaunchOptions, LaunchResult, LaunchScenarioInput } from "../domain/use-cases/launch-scenario.js";
import type { RunHistoryEntry } from "../domain/use-cases/list-test-runs.js";
import type { RunAnalysis } from "../domain/use-cases/run-and-analyze.js";
import type { StopResult } from "../domain/use-cases/stop-run.js";
import { eachUseCase, type UseCaseName, type UseCases } from "../domain/use-cases/use-cases.js";
import type { WaitOptions, WaitProgress, WaitResult } from "../domain/use-cases/wait-for-run.js";
import type { Clock } from "../ports/clock-port.js";
import type { RunLocation, UiLinksPort } from "../ports/ui-links-port.js";
import { LinkedLaunchOutcomeUnknownError } from "./error-links.js";

/** Anything a person may want to open in OctoPerf, with its deep link (null when unknown). */
export type WithUrl<T> = T & { readonly url: string | null };

export interface LinkedLaunch extends LaunchResult {
  /** The run's report in OctoPerf's UI. */
  readonly reportUrl: string | null;
  /** The scenario's runtime page in OctoPerf's UI. */
  readonly scenarioUrl: string | null;
}

export interface LinkedRunComparison extends Omit<RunComparison, "baseline" | "candidate"> {
  readonly baseline: WithUrl<RunSide>;
  readonly candidate: WithUrl<RunSide>;
}

export interface LinkedWaitProgress extends Omit<WaitProgress, "run"> {
  readonly run: WithUrl<TestRun>;
}

export interface LinkedWaitOptions extends Omit<WaitOptions, "onProgress" | "onDeadline"> {
  /** Called after every state check, in order, with the run's link. */
  readonly onProgress?: (progress: LinkedWaitProgress) => void | Promise<void>;
}

export interface LinkedWaitResult extends Omit<WaitResult, "run"> {
  readonly run: WithUrl<TestRun>;
}

export interface LinkedRunAnalysis extends Omit<RunAnalysis, "launch" | "wait" | "comparison"> {
  readonly launch: LinkedLaunch;
  readonly wait: LinkedWaitResult;
  readonly comparison: LinkedRunComparison | null;
}

export interface LinkedStopResult extends Omit<StopResult, "run"> {
  readonly run: WithUrl<TestRun>;
}

export interface LinkedRunHistoryEntry extends Omit<RunHistoryEntry, "run"> {
  readonly run: WithUrl<TestRun>;
}

export interface LinkedScenarioTrend extends Omit<ScenarioTrend, "scenario" | "runs"> {
  readonly scenario: WithUrl<ScenarioTrend["scenario"]>;
  readonly runs: readonly WithUrl<TrendRun>[];
}

type ArgsOf<K extends UseCaseName> = Parameters<UseCases[K]["execute"]>;
type ResultOf<K extends UseCaseName> = Awaited<ReturnType<UseCases[K]["execute"]>>;
type Executes<Args extends unknown[], Out> = { readonly execute: (...args: Args) => Promise<Out> };
type Linked<K extends UseCaseName, Out> = Executes<ArgsOf<K>, Out>;
type Waits<K extends "waitForRun" | "runAndAnalyze", Out> = Executes<[input: ArgsOf<K>[0], options?: LinkedWaitOptions], Out>;

/** The use cases whose answers carry deep links, each with its answer's linked type. */
interface LinkedAnswers {
  readonly listScenarios: Linked<"listScenarios", WithUrl<ResultOf<"listScenarios">[number]>[]>;
  readonly launchScenario: Executes<[input: LaunchScenarioInput, options?: LaunchOptions], LinkedLaunch>;
  readonly runAndAnalyze: Waits<"runAndAnalyze", LinkedRunAnalysis>;
  readonly getRunStatus: Linked<"getRunStatus", WithUrl<TestRun>>;
  readonly waitForRun: Waits<"waitForRun", LinkedWaitResult>;
  readonly stopRun: Linked<"stopRun", LinkedStopResult>;
  readonly listTestRuns: Linked<"listTestRuns", LinkedRunHistoryEntry[]>;
  readonly getBenchReport: Linked<"getBenchReport", WithUrl<ResultOf<"getBenchReport">>>;
  readonly getRunMetrics: Linked<"getRunMetrics", WithUrl<RunMetrics>>;
  readonly evaluateSla: Linked<"evaluateSla", WithUrl<SlaReport>>;
  readonly compareRuns: Linked<"compareRuns", LinkedRunComparison>;
  readonly getScenarioTrend: Linked<"getScenarioTrend", LinkedScenarioTrend>;
  readonly getLiveRun: Linked<"getLiveRun", WithUrl<ResultOf<"getLiveRun">>>;
}

/**
 * Every use case as the edges call it: the same inputs, the answers with their deep links. A use
 * case whose answer names nothing to open (not in LinkedAnswers) is the use case itself.
 */
export type LinkedUseCases = { readonly [K in UseCaseName]: K extends keyof LinkedAnswers ? LinkedAnswers[K] : UseCases[K] };

/** What a use case's link function gets besides the use case. */
interface Linking {
  /** The links of one answer: looked up under the caller's signal, or under `bound` (a deadline merged with it). */
  readonly linker: (caller: AbortSignal | undefined, bound?: AbortSignal) => Linker;
  readonly clock: Clock;
}

/** How each answer of LinkedAnswers gets its links. */
const LINKS: { readonly [K in keyof LinkedAnswers]: (useCase: UseCases[K], linking: Linking) => LinkedAnswers[K] } = {
  listScenarios: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const link = linker(options?.signal);
      const scenarios = await useCase.execute(input, options);
      return Promise.all(scenarios.map(async (s) => ({ ...s, url: await link.scenario(s.projectId, s.id) })));
    },
  }),
  launchScenario: (useCase, { linker }) => ({
    execute: async (input, options) => {
      // The launch's own time budget (readSignal) bounds its links too, as it bounds its reads.
      const link = linker(options?.signal, options?.readSignal ?? options?.signal);
      return linkLaunch(link, await withErrorLinks(link, useCase.execute(input, options)));
    },
  }),
  runAndAnalyze: (useCase, { linker, clock }) => ({
    execute: (input, options = {}) =>
      // The links are bounded by the deadline the use case tells it answers by.
      underToldDeadline(clock, options, async (bound, onDeadline) => {
        const link = linker(options.signal, bound);
        const analysis = await withErrorLinks(link, useCase.execute(input, { ...withLinkedProgress(link, options), onDeadline }));
        const [launch, run, comparison] = await Promise.all([
          linkLaunch(link, analysis.launch),
          link.withUrl(analysis.wait.run),
          analysis.comparison === null ? null : linkComparison(link, analysis.comparison),
        ]);
        return { ...analysis, launch, wait: { ...analysis.wait, run }, comparison };
      }),
  }),
  getRunStatus: (useCase, { linker }) => ({
    execute: async (input, options) => linker(options?.signal).withUrl(await useCase.execute(input, options)),
  }),
  waitForRun: (useCase, { linker, clock }) => ({
    execute: (input, options = {}) =>
      underToldDeadline(clock, options, async (bound, onDeadline) => {
        const link = linker(options.signal, bound);
        return withRunUrl(link, await useCase.execute(input, { ...withLinkedProgress(link, options), onDeadline }));
      }),
  }),
  stopRun: (useCase, { linker }) => ({
    execute: async (input, options) => withRunUrl(linker(options?.signal), await useCase.execute(input, options)),
  }),
  listTestRuns: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const link = linker(options?.signal);
      const entries = await useCase.execute(input, options);
      return Promise.all(entries.map((entry) => withRunUrl(link, entry)));
    },
  }),
  getBenchReport: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const report = await useCase.execute(input, options);
      return { ...report, url: await linker(options?.signal).report(report.projectId, report.id) };
    },
  }),
  getRunMetrics: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const metrics = await useCase.execute(input, options);
      return { ...metrics, url: await linker(options?.signal).run(metrics) };
    },
  }),
  evaluateSla: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const report = await useCase.execute(input, options);
      return { ...report, url: await linker(options?.signal).run(report) };
    },
  }),
  compareRuns: (useCase, { linker }) => ({
    execute: async (input, options) => linkComparison(linker(options?.signal), await useCase.execute(input, options)),
  }),
  getScenarioTrend: (useCase, { linker }) => ({
    execute: async (input, options) => {
      const trend = await useCase.execute(input, options);
      const link = linker(options?.signal);
      const { id: scenarioId, projectId } = trend.scenario;
      const [url, runs] = await Promise.all([
        link.scenario(projectId, scenarioId),
        Promise.all(trend.runs.map(async (run) => ({ ...run, url: await link.run({ projectId, scenarioId, ...run }) }))),
      ]);
      return { ...trend, scenario: { ...trend.scenario, url }, runs };
    },
  }),
  getLiveRun: (useCase, { linker }) => ({
    // The link is the run's page (its report once known): what the view opens.
    execute: async (input, options) => {
      const live = await useCase.execute(input, options);
      return { ...live, url: await linker(options?.signal).run(live.run) };
    },
  }),
};

/**
 * The deep links, added at the edge. The use cases answer with facts (ids); this layer, which
 * every edge (MCP tools, the library, the gate) calls through, adds the links to those answers,
 * and to the errors that name a scenario (error-links.ts), through the UI links port.
 *
 * A link is a convenience: null when it cannot be built, or not in time; only the caller's own
 * cancellation rejects. A wait (and run and analyze) bounds its links by the deadline the use
 * case tells it answers by, so links never make it late: the links of its progress are looked up
 * as each check comes in, as before, which also learns the run's project early for the answer.
 */
export function linkUseCases(useCases: UseCases, links: UiLinksPort, clock: Clock): LinkedUseCases {
  const linking: Linking = { linker: (caller, bound) => new Linker(links, caller, bound), clock };
  return eachUseCase<LinkedUseCases>((name) => linked(name, useCases, linking));
}

function hasLinks<K extends UseCaseName>(name: K): name is K & keyof LinkedAnswers {
  return Object.hasOwn(LINKS, name);
}

/** One use case as the edges call it: through its link function, or as it is when its answer has no links. */
function linked<K extends UseCaseName>(name: K, useCases: UseCases, linking: Linking): LinkedUseCases[K] {
  const entry = hasLinks(name) ? withLinks(name, useCases, linking) : useCases[name];
  // TypeScript does not resolve LinkedUseCases' rule for a generic name; the line above is that rule.
  return entry as LinkedUseCases[K];
}

function withLinks<K extends keyof LinkedAnswers>(name: K, useCases: UseCases, linking: Linking): LinkedAnswers[K] {
  const link: (useCase: UseCases[K], linking: Linking) => LinkedAnswers[K] = LINKS[name];
  return link(useCases[name], linking);
}

async function withRunUrl<T extends { readonly run: TestRun }>(link: Linker, value: T): Promise<Omit<T, "run"> & { readonly run: WithUrl<TestRun> }> {
  return { ...value, run: await link.withUrl(value.run) };
}

/**
 * Runs a call that tells the deadline it answers by (onDeadline), with `bound`: a signal that
 * aborts at that deadline or when the caller cancels, for the links of its progress and answer.
 */
async function underToldDeadline<T>(
  clock: Clock,
  options: { readonly signal?: AbortSignal },
  run: (bound: AbortSignal, onDeadline: (answerBy: number) => void) => Promise<T>,
): Promise<T> {
  const expiry = new AbortController();
  let cancelAlarm = () => {};
  const onDeadline = (answerBy: number) => {
    cancelAlarm();
    cancelAlarm = clock.alarm(answerBy, () => expiry.abort(new Error("deadline reached")));
  };
  const bound = options.signal === undefined ? expiry.signal : AbortSignal.any([options.signal, expiry.signal]);
  try {
    return await run(bound, onDeadline);
  } finally {
    cancelAlarm();
  }
}

/**
 * One answer's links: looked up with `bound` (the caller's signal, or a deadline merged with it),
 * null when they cannot be built or not in time, rejected only when the caller cancelled.
 */
class Linker {
  private readonly bound: AbortSignal | undefined;

  constructor(
    private readonly links: UiLinksPort,
    private readonly caller: AbortSignal | undefined,
    bound: AbortSignal | undefined = caller,
  ) {
    // An answer's links (a 100-run history, a trend) all wait on the same project lookup, each
    // listening for the abort meanwhile: on a signal of this answer's own, where that many
    // listeners are expected, not on the caller's, where Node would warn of a leak (on stderr).
    this.bound = bound === undefined ? undefined : AbortSignal.any([bound]);
    if (this.bound !== undefined) setMaxListeners(0, this.bound);
  }

  scenario(projectId: string, scenarioId: string): Promise<string | null> {
    return this.settle(() => this.links.scenario(projectId, scenarioId, { signal: this.bound }));
  }

  report(projectId: string, reportId: string): Promise<string | null> {
    return this.settle(() => this.links.report(projectId, reportId, { signal: this.bound }));
  }

  run(run: RunLocation): Promise<string | null> {
    return this.settle(() => this.links.run(run, { signal: this.bound }));
  }

  async withUrl(run: TestRun): Promise<WithUrl<TestRun>> {
    return { ...run, url: await this.run(run) };
  }

  private async settle(make: () => Promise<string | null>): Promise<string | null> {
    try {
      return await make();
    } catch (error) {
      if (this.caller?.aborted === true) throw error instanceof OctoPerfError ? error : new CancelledError({ cause: this.caller.reason });
      // Cut short by the deadline, or a links adapter that failed: the answer goes without it.
      return null;
    }
  }
}

async function linkLaunch(link: Linker, launch: LaunchResult): Promise<LinkedLaunch> {
  const [reportUrl, scenarioUrl] = await Promise.all([link.report(launch.projectId, launch.benchReportId), link.scenario(launch.projectId, launch.scenarioId)]);
  return { ...launch, reportUrl, scenarioUrl };
}

async function linkComparison(link: Linker, comparison: RunComparison): Promise<LinkedRunComparison> {
  const side = async (run: RunSide) => ({ ...run, url: await link.run(run) });
  const [baseline, candidate] = await Promise.all([side(comparison.baseline), side(comparison.candidate)]);
  return { ...comparison, baseline, candidate };
}

/**
 * The progress of a wait, with the run's link. Installed even for a caller who follows no
 * progress: looking the link up as the first check comes in learns the run's project while the
 * wait has time, so the answer's links are ready when it ends.
 */
function withLinkedProgress(link: Linker, options: LinkedWaitOptions): WaitOptions {
  const { onProgress, ...rest } = options;
  return {
    ...rest,
    onProgress: async (progress) => {
      const run = await link.withUrl(progress.run);
      await onProgress?.({ ...progress, run });
    },
  };
}

/** A launch whose outcome is unknown gets the link to its scenario's runs, where to check, before it leaves. */
async function withErrorLinks<T>(link: Linker, running: Promise<T>): Promise<T> {
  try {
    return await running;
  } catch (error) {
    if (!(error instanceof LaunchOutcomeUnknownError) || error.projectId === null) throw error;
    let scenario: string | null = null;
    try {
      scenario = await link.scenario(error.projectId, error.scenarioId);
    } catch {
      // The caller cancelled meanwhile: the launch's unknown outcome is still what they must hear.
    }
    throw new LinkedLaunchOutcomeUnknownError(error, scenario);
  }
}
