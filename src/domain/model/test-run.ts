import { isTerminalState, runPhase, type RunPhase, type RunState } from "./run-state.js";

/** A bench result: one execution of a scenario. */
export interface TestRun {
  /** The bench result id. */
  readonly id: string;
  readonly scenarioId: string;
  readonly projectId: string;
  readonly state: RunState;
  readonly phase: RunPhase;
  readonly terminal: boolean;
  /** 0..1 while known; null when OctoPerf gave none. Display only: never used to decide terminal. */
  readonly progress: number | null;
  /** ISO-8601. */
  readonly createdAt: string;
  /** ISO-8601; once terminal, the end of the run. */
  readonly updatedAt: string;
  /** Null when unknown: OctoPerf links report → results, not the other way round. */
  readonly benchReportId: string | null;
}

export interface TestRunFields {
  readonly id: string;
  readonly scenarioId: string;
  readonly projectId: string;
  readonly state: RunState;
  readonly progress: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly benchReportId: string | null;
}

/** The one way to build a TestRun, so phase and terminal always agree with the state. */
export function createTestRun(fields: TestRunFields): TestRun {
  const terminal = isTerminalState(fields.state);
  // A finished run is complete by definition; other states keep what OctoPerf said.
  const progress = fields.state === "FINISHED" ? 1 : clampProgress(fields.progress);
  return { ...fields, phase: runPhase(fields.state), terminal, progress };
}

function clampProgress(progress: number | null): number | null {
  if (progress === null || !Number.isFinite(progress)) return null;
  return Math.min(1, Math.max(0, progress));
}

/** Milliseconds from creation to the last update, once the run is terminal. */
export function runDurationMs(run: TestRun): number | null {
  if (!run.terminal) return null;
  return Math.max(0, Date.parse(run.updatedAt) - Date.parse(run.createdAt));
}

/** The launch answer: OctoPerf returns the bench report, whose first bench result is the run. */
export interface LaunchedRun {
  readonly benchResultId: string;
  readonly benchReportId: string;
  readonly scenarioId: string;
  readonly projectId: string;
}
