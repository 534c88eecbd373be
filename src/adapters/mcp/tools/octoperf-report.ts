import * as z from "zod";
import { GetBenchReportInput } from "../../../domain/use-cases/get-bench-report.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_report",
  title: "Bench report",
  description:
    "A run's bench report in OctoPerf: its name, the runs it covers and its widgets with the metric ids each shows. " +
    "reportId comes from a launch or from octoperf_list_test_runs. Metric values are read with octoperf_get_report_metrics (it takes the benchResultId).",
  inputSchema: GetBenchReportInput.shape,
  outputSchema: z.object({
    reportId: z.string(),
    name: z.string(),
    projectId: z.string(),
    benchResultIds: z.array(z.string()),
    items: z.array(z.object({ type: z.string(), name: z.string(), metricIds: z.array(z.string()) })),
    url: UrlOutput,
  }),
  annotations: READ_ONLY,
  writes: false,
  handler: async (input, { useCases, signal }) => {
    const report = await useCases.getBenchReport.execute(input, { signal });
    const items = report.items.map((i) => ({ type: i.type, name: i.name, metricIds: i.metricIds }));
    const lines = items.map((i) => `- ${i.name} (${i.type})${i.metricIds.length ? `: ${i.metricIds.join(", ")}` : ""}`);
    return {
      structured: {
        reportId: report.id,
        name: report.name,
        projectId: report.projectId,
        benchResultIds: report.benchResultIds,
        items,
        url: report.url,
      },
      text:
        `Report "${report.name}" (${report.id}) covers run(s) ${report.benchResultIds.join(", ")}; ${items.length} widget(s):\n${lines.join("\n")}\n` +
        `${report.url === null ? "" : `Open it: ${report.url}\n`}` +
        "Next: octoperf_get_report_metrics with a benchResultId and metric ids.",
    };
  },
});
