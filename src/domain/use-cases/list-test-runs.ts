import * as z from "zod";
import { InvalidInputError } from "../errors.js";
import { idSchema } from "../model/ids.js";
import { runDurationMs, type TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const ListTestRunsInput = z
  .object({
    projectId: idSchema("projectId").optional().describe("Project id: the runs of every scenario of the project. Give this or scenarioId (one is required)"),
    scenarioId: idSchema("scenarioId").optional().describe("Runtime scenario id: the runs of this scenario only. Give this or projectId (one is required)"),
    limit: z
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(100, { error: "limit must be at most 100 (OctoPerf keeps about 100 results per project)" })
      .optional()
      .describe("How many runs, newest first (default 10, at most 100)"),
  })
  // Required rather than "every project": OctoPerf lists runs only per project, one request per
  // run, so a key with many projects would cost thousands of requests to show ten; and a bound on
  // projects would silently hide runs, giving a wrong "latest run".
  .refine((input) => input.projectId !== undefined || input.scenarioId !== undefined, {
    error: "give a projectId or a scenarioId; OctoPerf keeps runs per project, so one of the two is required",
  });
export type ListTestRunsInput = z.input<typeof ListTestRunsInput>;

export interface RunHistoryEntry {
  readonly run: TestRun;
  readonly durationMs: number | null;
  readonly reportName: string | null;
}

/**
 * Poll family: the past and current runs of a project or scenario, newest first. OctoPerf has no
 * listing of bench results; runs are reached through the project's bench reports.
 */
export class ListTestRuns {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: ListTestRunsInput, options?: CallOptions): Promise<RunHistoryEntry[]> {
    const { projectId, scenarioId, limit = 10 } = parseInput(ListTestRunsInput, input);
    const scenario = scenarioId === undefined ? undefined : await this.octoperf.getScenario(scenarioId, options);
    if (scenario !== undefined && projectId !== undefined && scenario.projectId !== projectId) {
      throw new InvalidInputError(`Scenario "${scenarioId}" belongs to project "${scenario.projectId}", not "${projectId}".`);
    }
    const runs = await listProjectRuns(this.octoperf, projectId ?? scenario!.projectId, options);
    const newest = runs
      .filter(({ run }) => scenarioId === undefined || run.scenarioId === scenarioId)
      .sort(newestFirst)
      .slice(0, limit);
    return newest.map(({ run, report }) => ({ run, durationMs: runDurationMs(run), reportName: report?.name ?? null }));
  }
}
