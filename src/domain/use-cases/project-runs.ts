import { NotFoundError } from "../errors.js";
import type { BenchReport } from "../model/bench-report.js";
import { createTestRun, type TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { mapWithConcurrency } from "./input.js";

/** A run of a project, with the bench report that is its own. */
export interface ProjectRun {
  readonly run: TestRun;
  readonly report: BenchReport;
}

const MAX_PARALLEL_REQUESTS = 4;

/**
 * Every run of a project that OctoPerf still keeps, in no particular order. OctoPerf has no
 * listing of bench results: runs are reached through the project's bench reports, each run read
 * once. The run history and the reconciliation of a lost launch both start from here.
 */
export async function listProjectRuns(octoperf: OctoPerfPort, projectId: string, options?: CallOptions): Promise<ProjectRun[]> {
  const reportOfRun = runsToReports(await octoperf.listReports(projectId, options));
  const runs = await mapWithConcurrency([...reportOfRun], MAX_PARALLEL_REQUESTS, async ([id, report]) => {
    let run: TestRun;
    try {
      run = await octoperf.getRun(id, options);
    } catch (error) {
      // A report can outlive its results (retention cap): skip what is gone.
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    // OctoPerf links report → results only: the run learns its report here.
    return { run: run.benchReportId === null ? createTestRun({ ...run, benchReportId: report.id }) : run, report };
  });
  return runs.filter((found): found is ProjectRun => found !== null);
}

/** Newest first, by creation time. */
export function newestFirst(a: ProjectRun, b: ProjectRun): number {
  return Date.parse(b.run.createdAt) - Date.parse(a.run.createdAt);
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
