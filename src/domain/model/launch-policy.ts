import { LaunchRefusedError } from "../errors.js";

/**
 * Guardrails on what this server may do to real systems, set by whoever runs it (environment
 * or library options), never by the model.
 */
export interface LaunchPolicy {
  /** No launch, no stop. */
  readonly readOnly: boolean;
  /** Null: any scenario may be launched. */
  readonly allowedScenarios: readonly string[] | null;
}

export const OPEN_POLICY: LaunchPolicy = { readOnly: false, allowedScenarios: null };

export function assertMayChangeRuns(policy: LaunchPolicy, action: "launch" | "stop"): void {
  if (policy.readOnly) {
    throw new LaunchRefusedError({ kind: "read-only", action }, `This server is read-only: it does not ${action} tests.`);
  }
}

export function assertMayLaunch(policy: LaunchPolicy, scenarioId: string): void {
  assertMayChangeRuns(policy, "launch");
  if (policy.allowedScenarios !== null && !policy.allowedScenarios.includes(scenarioId)) {
    throw new LaunchRefusedError(
      { kind: "not-allowed", scenarioId, allowedScenarios: policy.allowedScenarios },
      `Scenario "${scenarioId}" may not be launched from here: it is not among the allowed scenarios ` +
        `(${policy.allowedScenarios.map((id) => `"${id}"`).join(", ")}).`,
    );
  }
}
