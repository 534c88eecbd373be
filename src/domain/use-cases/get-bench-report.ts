import * as z from "zod";
import type { BenchReport } from "../model/bench-report.js";
import { idSchema } from "../model/ids.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";

export const GetBenchReportInput = z.object({
  reportId: idSchema("reportId").describe("Bench report id (reportId): from a launch, or from the run history"),
});
export type GetBenchReportInput = z.input<typeof GetBenchReportInput>;

/** Analyze: a bench report, reduced to its runs and widgets. */
export class GetBenchReport {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: GetBenchReportInput, options?: CallOptions): Promise<BenchReport> {
    const { reportId } = parseInput(GetBenchReportInput, input);
    return this.octoperf.getReport(reportId, options);
  }
}
