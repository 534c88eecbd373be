import * as z from "zod";
import { GetRunMetricsInput } from "../../../domain/use-cases/get-run-metrics.js";
import { describedFor, FROM_TOOLS } from "../parameter-descriptions.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { metricLines, MetricValueOutput, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_get_report_metrics",
  title: "Run metrics",
  description:
    "Summary metrics of a run, each with its label and unit (times in ms, percentages 0..100, rates per second, bytes). " +
    "Use it once octoperf_status says terminal (values of a running run are partial). " +
    "Useful ids: RESPONSE_TIME_AVG, RESPONSE_TIME_PERCENTILE_95, RESPONSE_TIME_PERCENTILE_99, ERRORS_PERCENT, HITS_RATE, HITS_TOTAL, THROUGHPUT_RATE; the octoperf://metrics resource lists all. " +
    "A metric this OctoPerf refuses to compute comes back with value null and `unavailable` (the reason); the others are unaffected.",
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
