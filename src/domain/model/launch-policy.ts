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
    throw new LaunchRefusedError(
      `This server is read-only (OCTOPERF_READ_ONLY / readOnly option): it does not ${action} tests. Ask its owner to lift read-only mode, or use OctoPerf directly.`,
    );
  }
}

export function assertMayLaunch(policy: LaunchPolicy, scenarioId: string): void {
  assertMayChangeRuns(policy, "launch");
  if (policy.allowedScenarios !== null && !policy.allowedScenarios.includes(scenarioId)) {
    throw new LaunchRefusedError(
      `Scenario "${scenarioId}" may not be launched from here: it is not in OCTOPERF_ALLOWED_SCENARIOS (allowedScenarios option), ` +
        `which allows ${policy.allowedScenarios.map((id) => `"${id}"`).join(", ")}. Ask the server's owner to add it.`,
    );
  }
}
