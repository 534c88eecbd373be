import * as z from "zod";
import { InvalidInputError, NotFoundError } from "../errors.js";
import type { BenchReport } from "../model/bench-report.js";
import { idSchema } from "../model/ids.js";
import { createTestRun, runDurationMs, type TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { NO_LINKS, type Links, type WithUrl } from "../ui-links.js";
import { mapWithConcurrency, parseInput } from "./input.js";

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

const MAX_PARALLEL_REQUESTS = 4;

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
    const reports = await this.octoperf.listReports(projectId ?? scenario!.projectId, options);
    const reportOfRun = runsToReports(reports);

    const runs = await mapWithConcurrency([...reportOfRun.keys()], MAX_PARALLEL_REQUESTS, async (id) => {
      try {
        return await this.octoperf.getRun(id, options);
      } catch (error) {
        // A report can outlive its results (retention cap): skip what is gone.
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    });

    const newest = runs
      .filter((run): run is TestRun => run !== null && (scenarioId === undefined || run.scenarioId === scenarioId))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, limit);
    return Promise.all(
      newest.map(async (found) => {
        const report = reportOfRun.get(found.id);
        const run = found.benchReportId === null && report ? createTestRun({ ...found, benchReportId: report.id }) : found;
        return {
          run: { ...run, url: await this.links.run(run, options) },
          durationMs: runDurationMs(run),
          reportName: report?.name ?? null,
        };
      }),
    );
  }
}

/** Each run's own report: a report of one run wins over a comparison report that includes it. */
function runsToReports(reports: readonly BenchReport[]): Map<string, BenchReport> {
  const byRun = new Map<string, BenchReport>();
  for (const report of reports) {
    for (const id of report.benchResultIds) {
      const known = byRun.get(id);
      if (known === undefined || (known.benchResultIds.length > 1 && report.benchResultIds.length === 1)) byRun.set(id, report);
    }
  }
  return byRun;
}
