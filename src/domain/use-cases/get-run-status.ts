import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { TestRun } from "../model/test-run.js";
import { createTestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";

export const GetRunStatusInput = z.object({
  benchResultId: idSchema("benchResultId").describe("Bench result id (the run): from a launch, or from the run history"),
});
export type GetRunStatusInput = z.input<typeof GetRunStatusInput>;

/** Poll: a run's state, phase, terminal flag and progress. */
export class GetRunStatus {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: GetRunStatusInput, options?: CallOptions): Promise<TestRun> {
    const { benchResultId } = parseInput(GetRunStatusInput, input);
    let run = await this.octoperf.getRun(benchResultId, options);
    // Progress only means something while load runs; before, it is 0, after, it is frozen.
    if (run.phase === "running" && run.progress === null) {
      run = createTestRun({ ...run, progress: await this.octoperf.getRunProgress(benchResultId, options) });
    }
    return run;
  }
}
