import * as z from "zod";
import { GetRunMetricsInput } from "../../../domain/use-cases/get-run-metrics.js";
import { describedFor, FROM_TOOLS } from "../parameter-descriptions.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { metricLines, MetricValueOutput, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_get_report_metrics",
  title: "Run metrics",
  description:
    "Summary metrics of an ended run, each with label and unit (ms, % as 0..100, per second, bytes), e.g. RESPONSE_TIME_PERCENTILE_95, ERRORS_PERCENT, HITS_RATE; octoperf://metrics lists all. A refused metric has value null and `unavailable`.",
  inputSchema: describedFor(GetRunMetricsInput.shape, { benchResultId: FROM_TOOLS.benchResultId }),
  outputSchema: z.object({
    benchResultId: z.string(),
    state: z.string(),
    partial: z.boolean().describe("True while the run is not FINISHED: values may still change"),
    metrics: z.array(MetricValueOutput),
    url: UrlOutput,
  }),
  annotations: READ_ONLY,
  handler: async (input, { useCases, signal }) => {
    const result = await useCases.getRunMetrics.execute(input, { signal });
    const caveat = result.partial ? ` (state ${result.state}: values are partial)` : "";
    return {
      structured: result,
      text: `Metrics of run ${result.benchResultId}${caveat}:\n${metricLines(result.metrics)}`,
    };
  },
});
