import { describe, expect, it } from "vitest";
import { isTerminalState, KNOWN_RUN_STATES, runPhase } from "../../../src/domain/model/run-state.js";
import { createTestRun } from "../../../src/domain/model/test-run.js";

describe("run state model", () => {
  it.each([
    ["CREATED", "provisioning", false],
    ["PENDING", "provisioning", false],
    ["SCHEDULED", "provisioning", false],
    ["SCALING", "provisioning", false],
    ["PREPARING", "provisioning", false],
    ["INITIALIZING", "provisioning", false],
    ["RUNNING", "running", false],
    ["FINISHED", "finished", true],
    ["ABORTED", "aborted", true],
    ["ERROR", "error", true],
  ])("%s is in phase %s, terminal=%s", (state, phase, terminal) => {
    expect(runPhase(state)).toBe(phase);
    expect(isTerminalState(state)).toBe(terminal);
  });

  it("knows the nine documented states plus SCHEDULED", () => {
    expect(KNOWN_RUN_STATES).toHaveLength(10);
  });

  it("treats an unknown state as still provisioning, never terminal", () => {
    expect(runPhase("WARMING_UP")).toBe("provisioning");
    expect(isTerminalState("WARMING_UP")).toBe(false);
    expect(isTerminalState("")).toBe(false);
  });

  it("takes terminal from the state, never from progress", () => {
    const base = { id: "r", scenarioId: "s", projectId: "p", createdAt: "", updatedAt: "", benchReportId: null };
    expect(createTestRun({ ...base, state: "RUNNING", progress: 1 }).terminal).toBe(false);
    const aborted = createTestRun({ ...base, state: "ABORTED", progress: 0.5 });
    expect(aborted.terminal).toBe(true);
    expect(aborted.progress).toBe(0.5);
    expect(createTestRun({ ...base, state: "FINISHED", progress: 0.97 }).progress).toBe(1);
    expect(createTestRun({ ...base, state: "RUNNING", progress: 7 }).progress).toBe(1);
    expect(createTestRun({ ...base, state: "RUNNING", progress: Number.NaN }).progress).toBeNull();
  });
});
