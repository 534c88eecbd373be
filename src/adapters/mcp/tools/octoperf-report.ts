import * as z from "zod";
import { GetBenchReportInput } from "../../../domain/use-cases/get-bench-report.js";
import { describedFor } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { absentIfNull, UrlOutput } from "../output-schemas.js";

const KIND_TEXT = {
  run: "Report",
  trend: "Trend report (not the report of one run)",
  comparison: "Comparison report",
} as const;

export default defineTool({
  name: "octoperf_report",
  toolsets: ["analyze"],
  title: "Bench report",
  description: "A run's bench report: its widgets and their metric ids. Values: octoperf_get_report_metrics.",
  inputSchema: describedFor(GetBenchReportInput.shape, {}),
  outputSchema: z.object({
    reportId: z.string(),
    name: z.string(),
    projectId: z.string(),
    benchResultIds: z.array(z.string()),
    kind: z
      .enum(["run", "trend", "comparison"])
      .describe("run: the report of the run(s) it lists; trend: follows runs over time, listing only its reference run; comparison: runs side by side"),
    items: z.array(z.object({ type: z.string(), name: z.string(), metricIds: z.array(z.string()) })),
    url: UrlOutput,
  }),
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
        kind: report.kind,
        items,
        url: absentIfNull(report.url),
      },
      text:
        `${KIND_TEXT[report.kind]} "${report.name}" (${report.id}) ${report.kind === "trend" ? "has reference run" : "covers run(s)"} ` +
        `${report.benchResultIds.join(", ")}; ${items.length} widget(s):\n${lines.join("\n")}\n` +
        `${report.url === null ? "" : `${report.url}\n`}` +
        "Next: octoperf_get_report_metrics with a benchResultId and metric ids.",
    };
  },
});
