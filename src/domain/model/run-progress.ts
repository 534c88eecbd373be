import type { TestRun } from "./test-run.js";

/**
 * One 0..100 number for a whole run, provisioning included, for progress bars and MCP progress
 * notifications. OctoPerf's own progress is 0 until load starts, which would leave a user
 * staring at 0% through minutes of provisioning; each provisioning state gets a small step.
 */
const PROVISIONING_PERCENT: Record<string, number> = {
  CREATED: 1,
  PENDING: 2,
  SCHEDULED: 3,
  SCALING: 4,
  PREPARING: 6,
  INITIALIZING: 8,
};
const LOAD_STARTS_AT = 10;

export function overallPercent(run: TestRun): number {
  if (run.terminal) return 100;
  if (run.phase === "running") return Math.round((LOAD_STARTS_AT + (100 - LOAD_STARTS_AT) * (run.progress ?? 0)) * 10) / 10;
  return PROVISIONING_PERCENT[run.state] ?? 1;
}

/** "RUNNING 42% (bench result X)", what a user sees beside a progress bar. */
export function progressMessage(run: TestRun): string {
  const load = run.phase === "running" && run.progress !== null ? ` ${Math.round(run.progress * 100)}% of load` : "";
  return `${run.state}${load} (run ${run.id})`;
}
