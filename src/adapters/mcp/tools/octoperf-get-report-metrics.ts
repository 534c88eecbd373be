import * as z from "zod";
import { GetRunMetricsInput } from "../../../domain/use-cases/get-run-metrics.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { absentIfNull, metricLines, MetricValueOutput, metricValueOutput, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_get_report_metrics",
  toolsets: ["analyze"],
  title: "Run metrics",
  description: "An ended run's summary metrics with units (ms, % as 0..100, /s); all ids: resource octoperf://metrics.",
  inputSchema: describedFor(GetRunMetricsInput.shape, { metricIds: PARAMETER_WORDS.metricIds }),
  outputSchema: z.object({
    benchResultId: z.string(),
    state: z.string(),
    partial: z.boolean().describe("True while the run is not FINISHED: values may still change"),
    metrics: z.array(MetricValueOutput),
    url: UrlOutput,
  }),
  handler: async (input, { useCases, signal }) => {
    const result = await useCases.getRunMetrics.execute(input, { signal });
    const caveat = result.partial ? `, ${result.state}: values are partial` : "";
    return {
      structured: {
        benchResultId: result.benchResultId,
        state: result.state,
        partial: result.partial,
        metrics: result.metrics.map(metricValueOutput),
        url: absentIfNull(result.url),
      },
      text: `Metrics of run ${result.benchResultId}${caveat}:\n${metricLines(result.metrics)}${result.url === null ? "" : `\n${result.url}`}`,
    };
  },
});
