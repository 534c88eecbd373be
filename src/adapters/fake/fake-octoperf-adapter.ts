import type { BenchReport, BenchReportItem } from "../../domain/model/bench-report.js";
import { CancelledError, InvalidInputError, NotFoundError } from "../../domain/errors.js";
import { assertValidId, previewValue } from "../../domain/model/ids.js";
import { isMetricId, metricValue, type MetricId, type MetricValue } from "../../domain/model/metrics.js";
import type { Project } from "../../domain/model/project.js";
import { isTerminalState, type RunState } from "../../domain/model/run-state.js";
import { createScenario, type Scenario } from "../../domain/model/scenario.js";
import { createTestRun, type LaunchedRun, type TestRun } from "../../domain/model/test-run.js";
import type { Workspace } from "../../domain/model/workspace.js";
import type { Clock } from "../../ports/clock-port.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { DEFAULT_FAKE_DATA, type FakeData, type FakeScenario } from "./fake-data.js";
import { computeFakeLiveMetrics, computeFakeMetrics, type RunLoad } from "./fake-metrics.js";
import { liveMetric, type LiveMetric } from "../../domain/model/live-metrics.js";

export interface FakeOctoPerfOptions {
  /** How long a launched run takes from CREATED to FINISHED, in fake time. */
  readonly runDurationMs?: number;
  readonly data?: FakeData;
  /**
   * "match-run": every scenario's load shape is compressed so that its expected duration is
   * what a run really takes here, and pacing derived from it (the wait cadence) stays honest.
   * Demo mode uses it; "as-seeded" (the default) keeps the realistic minutes-long shapes.
   */
  readonly scenarioDurations?: "as-seeded" | "match-run";
}

export const DEFAULT_FAKE_RUN_DURATION_MS = 30_000;

/**
 * Where each state starts, as a share of the run's timeline. Provisioning takes 30% so a demo
 * shows every state; ERROR strikes while PREPARING, as when OctoPerf cannot get machines.
 */
const TIMELINE: readonly (readonly [RunState, number])[] = [
  ["CREATED", 0],
  ["PENDING", 0.05],
  ["SCALING", 0.1],
  ["PREPARING", 0.18],
  ["INITIALIZING", 0.24],
  ["RUNNING", 0.3],
];
const RUNNING_STARTS_AT = 0.3;
/** Not-found messages speak of the demo: there is no API key, and runs live in this process only. */
const DEMO = { demo: true } as const;
const ERROR_STRIKES_AT = 0.22;
/** Live values change once per tick of the run's timeline (a real OctoPerf aggregates over seconds too). */
const LIVE_TICK_MS = 500;

interface RunRecord {
  readonly id: string;
  readonly reportId: string;
  readonly name: string;
  readonly fake: FakeScenario;
  readonly startedAt: number;
  readonly timelineMs: number;
  readonly slowdown: number;
  /** OctoPerf's bench result carries no report id; only the launch answer tells it. */
  readonly launchedHere: boolean;
  stoppedAt: number | null;
}

interface RunSnapshot {
  readonly state: RunState;
  readonly updatedAt: number;
  /** 0..1 share of the load phase done. */
  readonly loadFraction: number;
}

/**
 * An in-memory OctoPerf: seeded workspaces, projects and scenarios, and runs that walk the real
 * state machine on the injected clock. Demo mode and the tests use it; the port contract suite
 * keeps it honest against the HTTP adapter.
 */
export class FakeOctoPerfAdapter implements OctoPerfPort {
  private readonly runDurationMs: number;
  private readonly data: FakeData;
  private readonly runs = new Map<string, RunRecord>();
  private readonly reports = new Map<string, BenchReport>();
  private launchCount = 0;

  constructor(
    private readonly clock: Clock,
    options: FakeOctoPerfOptions = {},
  ) {
    this.runDurationMs = options.runDurationMs ?? DEFAULT_FAKE_RUN_DURATION_MS;
    const data = options.data ?? DEFAULT_FAKE_DATA;
    this.data = options.scenarioDurations === "match-run" ? compressedData(data, (1 - RUNNING_STARTS_AT) * this.runDurationMs) : data;
    this.seedPastRuns();
  }

  async listWorkspaces(options?: CallOptions): Promise<Workspace[]> {
    checkSignal(options);
    return [...this.data.workspaces];
  }

  async listProjects(workspaceId: string, options?: CallOptions): Promise<Project[]> {
    checkSignal(options);
    if (!this.data.workspaces.some((w) => w.id === assertValidId(workspaceId, "workspace"))) {
      throw new NotFoundError("workspace", workspaceId, DEMO);
    }
    return this.data.projects.filter((p) => p.workspaceId === workspaceId);
  }

  async getProject(projectId: string, options?: CallOptions): Promise<Project> {
    checkSignal(options);
    return this.project(projectId);
  }

  async listScenarios(projectId: string, options?: CallOptions): Promise<Scenario[]> {
    checkSignal(options);
    this.project(projectId);
    return this.data.scenarios.map((s) => s.scenario).filter((s) => s.projectId === projectId);
  }

  async getScenario(scenarioId: string, options?: CallOptions): Promise<Scenario> {
    checkSignal(options);
    return this.fakeScenario(scenarioId).scenario;
  }

  async launchScenario(scenarioId: string, options?: CallOptions): Promise<LaunchedRun> {
    checkSignal(options);
    const fake = this.fakeScenario(scenarioId);
    this.launchCount += 1;
    const serial = String(this.launchCount).padStart(13, "0");
    const record: RunRecord = {
      id: `fakeRun${serial}`,
      reportId: `fakeRep${serial}`,
      name: fake.scenario.name,
      fake,
      startedAt: this.clock.now(),
      timelineMs: this.runDurationMs,
      slowdown: fake.currentSlowdown ?? 1,
      launchedHere: true,
      stoppedAt: null,
    };
    this.addRun(record);
    return { benchResultId: record.id, benchReportId: record.reportId, scenarioId, projectId: fake.scenario.projectId };
  }

  async getRun(benchResultId: string, options?: CallOptions): Promise<TestRun> {
    checkSignal(options);
    const record = this.run(benchResultId);
    const snapshot = this.snapshot(record);
    return createTestRun({
      id: record.id,
      scenarioId: record.fake.scenario.id,
      projectId: record.fake.scenario.projectId,
      state: snapshot.state,
      progress: null,
      createdAt: new Date(record.startedAt).toISOString(),
      updatedAt: new Date(snapshot.updatedAt).toISOString(),
      benchReportId: record.launchedHere ? record.reportId : null,
    });
  }

  async getRunProgress(benchResultId: string, options?: CallOptions): Promise<number | null> {
    checkSignal(options);
    return this.snapshot(this.run(benchResultId)).loadFraction;
  }

  async stopRun(benchResultId: string, options?: CallOptions): Promise<void> {
    checkSignal(options);
    const record = this.run(benchResultId);
    // Stopping a run that already ended changes nothing, as the fake's contract promises.
    if (!isTerminalState(this.snapshot(record).state)) record.stoppedAt = this.clock.now();
  }

  async listReports(projectId: string, options?: CallOptions): Promise<BenchReport[]> {
    checkSignal(options);
    this.project(projectId);
    return [...this.reports.values()].filter((r) => r.projectId === projectId);
  }

  async getReport(benchReportId: string, options?: CallOptions): Promise<BenchReport> {
    checkSignal(options);
    const report = this.reports.get(assertValidId(benchReportId, "bench report"));
    if (report === undefined) throw new NotFoundError("bench report", benchReportId, DEMO);
    return report;
  }

  async getMetrics(benchResultId: string, metricIds: readonly MetricId[], options?: CallOptions): Promise<MetricValue[]> {
    checkSignal(options);
    const record = this.run(benchResultId);
    const unknown = metricIds.filter((id) => !isMetricId(id));
    if (unknown.length > 0) throw new InvalidInputError(`Unknown metric id(s): ${unknown.slice(0, 5).map(previewValue).join(", ")}.`);
    const { loadFraction } = this.snapshot(record);
    const values = computeFakeMetrics(this.loadAt(record, loadFraction));
    return metricIds.map((id) => metricValue(id, values[id]));
  }

  /** Only while RUNNING, as OctoPerf's CI plugins ask: before load and after it, there is nothing live. */
  async getLiveMetrics(benchResultId: string, options?: CallOptions): Promise<LiveMetric[]> {
    checkSignal(options);
    const record = this.run(benchResultId);
    const { state, loadFraction } = this.snapshot(record);
    if (state !== "RUNNING") return [];
    const tick = Math.floor((this.clock.now() - record.startedAt) / LIVE_TICK_MS);
    const metrics = computeFakeLiveMetrics({ ...this.loadAt(record, loadFraction), tick });
    return metrics.map((m) => liveMetric(m.name, m.value, m.unit));
  }

  /**
   * What the run's metrics, summary or live, are computed from: how much load it has applied so
   * far, in its scenario's time, and how far its ramp-up got.
   */
  private loadAt(record: RunRecord, loadFraction: number): RunLoad {
    const loadMs = (record.fake.scenario.summary.expectedDurationMs ?? 0) * loadFraction;
    const firstLoad = record.fake.scenario.userProfiles[0]?.load;
    const rampUpMs = firstLoad !== undefined && firstLoad.kind !== "OTHER" ? firstLoad.rampUpMs : 0;
    return {
      seed: record.id,
      performance: record.fake.performance,
      slowdown: record.slowdown,
      totalVus: record.fake.scenario.summary.totalVus ?? 0,
      loadSeconds: loadMs / 1000,
      rampFraction: loadMs <= 0 ? 0 : rampUpMs <= 0 ? 1 : Math.min(1, loadMs / rampUpMs),
    };
  }

  private snapshot(record: RunRecord): RunSnapshot {
    const now = this.clock.now();
    const at = (share: number) => record.startedAt + share * record.timelineMs;
    const loadFractionAt = (t: number) => Math.min(1, Math.max(0, (t - at(RUNNING_STARTS_AT)) / ((1 - RUNNING_STARTS_AT) * record.timelineMs)));

    if (record.fake.failsDuringProvisioning && now >= at(ERROR_STRIKES_AT)) {
      if (record.stoppedAt === null || record.stoppedAt >= at(ERROR_STRIKES_AT)) {
        return { state: "ERROR", updatedAt: at(ERROR_STRIKES_AT), loadFraction: 0 };
      }
    }
    if (record.stoppedAt !== null && now >= record.stoppedAt) {
      return { state: "ABORTED", updatedAt: record.stoppedAt, loadFraction: loadFractionAt(record.stoppedAt) };
    }
    if (now >= at(1)) return { state: "FINISHED", updatedAt: at(1), loadFraction: 1 };

    const share = (now - record.startedAt) / record.timelineMs;
    let state: RunState = "CREATED";
    for (const [candidate, startsAt] of TIMELINE) if (share >= startsAt) state = candidate;
    return { state, updatedAt: now, loadFraction: loadFractionAt(now) };
  }

  private addRun(record: RunRecord): void {
    this.runs.set(record.id, record);
    this.reports.set(record.reportId, {
      id: record.reportId,
      projectId: record.fake.scenario.projectId,
      name: record.name,
      description: "",
      benchResultIds: [record.id],
      items: defaultReportItems(),
      kind: "run",
      created: new Date(record.startedAt).toISOString(),
    });
  }

  private seedPastRuns(): void {
    const now = this.clock.now();
    for (const past of this.data.pastRuns) {
      const fake = this.fakeScenario(past.scenarioId);
      const startedAt = now - past.startedAgoMs;
      // Stretch each past run's timeline so that it ends the way the seed says it did.
      const timelineMs = past.outcome === "ERROR" ? past.durationMs / ERROR_STRIKES_AT : past.outcome === "ABORTED" ? past.durationMs * 2 : past.durationMs;
      this.addRun({
        id: past.benchResultId,
        reportId: past.benchReportId,
        name: past.name,
        fake: past.outcome === "ERROR" ? { ...fake, failsDuringProvisioning: true } : fake,
        startedAt,
        timelineMs,
        slowdown: past.slowdown,
        launchedHere: false,
        stoppedAt: past.outcome === "ABORTED" ? startedAt + past.durationMs : null,
      });
    }
  }

  private project(projectId: string): Project {
    const project = this.data.projects.find((p) => p.id === assertValidId(projectId, "project"));
    if (project === undefined) throw new NotFoundError("project", projectId, DEMO);
    return project;
  }

  private fakeScenario(scenarioId: string): FakeScenario {
    const fake = this.data.scenarios.find((s) => s.scenario.id === assertValidId(scenarioId, "scenario"));
    if (fake === undefined) throw new NotFoundError("scenario", scenarioId, DEMO);
    return fake;
  }

  private run(benchResultId: string): RunRecord {
    const record = this.runs.get(assertValidId(benchResultId, "bench result"));
    if (record === undefined) throw new NotFoundError("bench result", benchResultId, DEMO);
    return record;
  }
}

/**
 * Every scenario's load lasting `loadMs`, and each past run shortened by its scenario's factor,
 * so a scenario's history is on the same scale as its new runs.
 */
function compressedData(data: FakeData, loadMs: number): FakeData {
  const factorOf = (fake: FakeScenario) => {
    const longest = fake.scenario.summary.expectedDurationMs;
    return longest === null || longest <= 0 ? 1 : loadMs / longest;
  };
  const factors = new Map(data.scenarios.map((fake) => [fake.scenario.id, factorOf(fake)]));
  return {
    ...data,
    scenarios: data.scenarios.map((fake) => compressed(fake, factorOf(fake))),
    pastRuns: data.pastRuns.map((past) => ({ ...past, durationMs: Math.round(past.durationMs * (factors.get(past.scenarioId) ?? 1)) })),
  };
}

/** The scenario with its load shapes scaled by `factor`. */
function compressed(fake: FakeScenario, factor: number): FakeScenario {
  if (factor === 1) return fake;
  const scale = (ms: number) => Math.round(ms * factor);
  const userProfiles = fake.scenario.userProfiles.map((profile) =>
    profile.load.kind === "OTHER"
      ? profile
      : {
          ...profile,
          load: {
            ...profile.load,
            delayMs: scale(profile.load.delayMs),
            rampUpMs: scale(profile.load.rampUpMs),
            plateauMs: scale(profile.load.plateauMs),
            rampDownMs: scale(profile.load.rampDownMs),
          },
        },
  );
  const { summary: _summary, ...fields } = fake.scenario;
  return { ...fake, scenario: createScenario({ ...fields, userProfiles }) };
}

function checkSignal(options: CallOptions | undefined): void {
  if (options?.signal?.aborted) throw new CancelledError({ cause: options.signal.reason });
}

/** The widgets OctoPerf's default report has (octoperf-api.md Op 10). */
function defaultReportItems(): BenchReportItem[] {
  return [
    {
      type: "SummaryReportItem",
      id: "summaryItem000000001",
      name: "Statistics summary",
      metricIds: ["HITS_TOTAL", "HITS_RATE", "ERRORS_PERCENT", "RESPONSE_TIME_AVG", "RESPONSE_TIME_PERCENTILE_95", "THROUGHPUT_RATE"],
      computeType: null,
    },
    {
      type: "StatisticTableReportItem",
      id: "tableItem00000000001",
      name: "Results table",
      metricIds: ["HITS_TOTAL", "RESPONSE_TIME_AVG", "ERRORS_TOTAL"],
      computeType: "NORMAL",
    },
    { type: "InsightsReportItem", id: "insightsItem00000001", name: "Insights", metricIds: [], computeType: null },
  ];
}
