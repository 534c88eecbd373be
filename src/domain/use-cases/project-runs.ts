import { NotFoundError } from "../errors.js";
import type { BenchReport } from "../model/bench-report.js";
import { createTestRun, type TestRun } from "../model/test-run.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { mapWithConcurrency } from "./input.js";

/** A run of a project, with the bench report that is its own (null when only trend or comparison reports list it). */
export interface ProjectRun {
  readonly run: TestRun;
  readonly report: BenchReport | null;
}

const MAX_PARALLEL_REQUESTS = 4;

/**
 * Every run of a project that OctoPerf still keeps, in no particular order. OctoPerf has no
 * listing of bench results: runs are reached through the project's bench reports, each run read
 * once. The run history and the reconciliation of a lost launch both start from here.
 */
export async function listProjectRuns(octoperf: OctoPerfPort, projectId: string, options?: CallOptions): Promise<ProjectRun[]> {
  const reports = await octoperf.listReports(projectId, options);
  const reportOfRun = ownReports(reports);
  const byId = new Map(reports.map((report) => [report.id, report]));
  const runs = await mapWithConcurrency([...reportOfRun], MAX_PARALLEL_REQUESTS, async ([id, listed]) => {
    let run: TestRun;
    try {
      run = await octoperf.getRun(id, options);
    } catch (error) {
      // A report can outlive its results (retention cap): skip what is gone.
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    // The report the launch answered is the run's own beyond doubt; otherwise the listing's best.
    const launched = run.benchReportId === null ? undefined : byId.get(run.benchReportId);
    const report = launched ?? listed;
    // OctoPerf links report → results only: the run learns its report here.
    return { run: run.benchReportId === null && report !== null ? createTestRun({ ...run, benchReportId: report.id }) : run, report };
  });
  return runs.filter((found): found is ProjectRun => found !== null);
}

/** Newest first, by creation time. */
export function newestFirst(a: ProjectRun, b: ProjectRun): number {
  return Date.parse(b.run.createdAt) - Date.parse(a.run.createdAt);
}

/**
 * Every run any report lists, with its own report: only a report of kind "run" can be that (a
 * trend report lists exactly one run too, its reference anchor, and is never taken for the run's
 * report); among several, one listing this run alone wins, then the earliest created (the launch
 * creates the run's report; copies come later), then the listing's order. A run that only trend
 * or comparison reports list is still a run of the project, with no report of its own.
 */
export function ownReports(reports: readonly BenchReport[]): Map<string, BenchReport | null> {
  const byRun = new Map<string, BenchReport | null>();
  for (const report of reports) {
    for (const id of report.benchResultIds) {
      const known = byRun.get(id) ?? null;
      if (!byRun.has(id)) byRun.set(id, null);
      if (report.kind === "run" && (known === null || ownerRank(report, known) < 0)) byRun.set(id, report);
    }
  }
  return byRun;
}

/** Negative when `a` is more likely than `b` to be the own report of a run both list. */
function ownerRank(a: BenchReport, b: BenchReport): number {
  const alone = (r: BenchReport) => (r.benchResultIds.length === 1 ? 0 : 1);
  if (alone(a) !== alone(b)) return alone(a) - alone(b);
  const created = (r: BenchReport) => (r.created ? Date.parse(r.created) : Number.POSITIVE_INFINITY);
  return created(a) < created(b) ? -1 : 0;
}
