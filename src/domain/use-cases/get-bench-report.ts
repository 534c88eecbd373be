import * as z from "zod";
import type { BenchReport } from "../model/bench-report.js";
import { idSchema } from "../model/ids.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { NO_LINKS, type UiLinksPort as Links } from "../../ports/ui-links-port.js";
import type { WithUrl } from "../model/with-url.js";
import { parseInput } from "./input.js";

export const GetBenchReportInput = z.object({
  reportId: idSchema("reportId").describe("Bench report id (reportId): from a launch, or from the run history"),
});
export type GetBenchReportInput = z.input<typeof GetBenchReportInput>;

/** Analyze: a bench report, reduced to its runs and widgets. */
export class GetBenchReport {
  constructor(
    private readonly octoperf: OctoPerfPort,
    private readonly links: Links = NO_LINKS,
  ) {}

  async execute(input: GetBenchReportInput, options?: CallOptions): Promise<WithUrl<BenchReport>> {
    const { reportId } = parseInput(GetBenchReportInput, input);
    const report = await this.octoperf.getReport(reportId, options);
    return { ...report, url: await this.links.report(report.projectId, report.id, options) };
  }
}
