import * as z from "zod";
import { InvalidInputError } from "../errors.js";
import { idSchema } from "../model/ids.js";
import { runDurationMs, type TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { NO_LINKS, type Links, type WithUrl } from "../ui-links.js";
import { parseInput } from "./input.js";
import { listProjectRuns, newestFirst } from "./project-runs.js";

export const ListTestRunsInput = z
  .object({
    projectId: idSchema("projectId").optional().describe("Project id: the runs of every scenario of the project"),
    scenarioId: idSchema("scenarioId").optional().describe("Runtime scenario id: the runs of this scenario only"),
    limit: z
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(100, { error: "limit must be at most 100 (OctoPerf keeps about 100 results per project)" })
      .optional()
      .describe("How many runs, newest first (default 10, at most 100)"),
  })
  .refine((input) => input.projectId !== undefined || input.scenarioId !== undefined, {
    error: "give a projectId or a scenarioId",
  });
export type ListTestRunsInput = z.input<typeof ListTestRunsInput>;

export interface RunHistoryEntry {
  readonly run: WithUrl<TestRun>;
  readonly durationMs: number | null;
  readonly reportName: string | null;
}

/**
 * Poll family: the past and current runs of a project or scenario, newest first. OctoPerf has no
 * listing of bench results; runs are reached through the project's bench reports.
 */
export class ListTestRuns {
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly links: Links = NO_LINKS,
  ) {}

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
    return Promise.all(
      newest.map(async ({ run, report }) => ({
        run: { ...run, url: await this.links.run(run, options) },
        durationMs: runDurationMs(run),
        reportName: report?.name ?? null,
      })),
    );
  }
}
