import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { TestRun } from "../model/test-run.js";
import { assertMayChangeRuns, OPEN_POLICY, type LaunchPolicy } from "../model/launch-policy.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";

export const StopRunInput = z.object({
  benchResultId: idSchema("benchResultId").describe("Bench result id (the run) to stop"),
});
export type StopRunInput = z.input<typeof StopRunInput>;

export interface StopResult {
  /** The run after the stop request; OctoPerf turns it ABORTED asynchronously. */
  readonly run: TestRun;
  /** False when the run had already ended: nothing was sent. */
  readonly stopRequested: boolean;
}

/** Poll family: stops a run. On a run that already ended it only reports the state. */
export class StopRun {
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly policy: LaunchPolicy = OPEN_POLICY,
  ) {}

  async execute(input: StopRunInput, options?: CallOptions): Promise<StopResult> {
    const { benchResultId } = parseInput(StopRunInput, input);
    assertMayChangeRuns(this.policy, "stop");
    const before = await this.octoperf.getRun(benchResultId, options);
    if (before.terminal) return { run: before, stopRequested: false };
    await this.octoperf.stopRun(benchResultId, options);
    const after = await this.octoperf.getRun(benchResultId, options);
    return { run: after, stopRequested: true };
  }
}
