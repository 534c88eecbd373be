/**
 * One run-state model for every adapter.
 *
 * OctoPerf documents nine states; the Jenkins client also knows SCHEDULED. The enum may grow,
 * so a state is any string: an unknown one is treated as "still provisioning, keep polling",
 * never as a crash and never as terminal.
 */
export const KNOWN_RUN_STATES = ["CREATED", "PENDING", "SCHEDULED", "SCALING", "PREPARING", "INITIALIZING", "RUNNING", "FINISHED", "ABORTED", "ERROR"] as const;

export type KnownRunState = (typeof KNOWN_RUN_STATES)[number];
/** A known state, or whatever new string OctoPerf sends. */
export type RunState = KnownRunState | (string & {});

export type RunPhase = "provisioning" | "running" | "finished" | "aborted" | "error";

const TERMINAL_PHASE: Partial<Record<string, RunPhase>> = {
  FINISHED: "finished",
  ABORTED: "aborted",
  ERROR: "error",
};

/** Terminal comes from the state alone: progress never flips to a sentinel on ABORTED/ERROR. */
export function isTerminalState(state: RunState): boolean {
  return TERMINAL_PHASE[state] !== undefined;
}

export function runPhase(state: RunState): RunPhase {
  if (state === "RUNNING") return "running";
  return TERMINAL_PHASE[state] ?? "provisioning";
}
