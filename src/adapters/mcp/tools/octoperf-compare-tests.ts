import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { CompareRunsInput } from "../../../domain/use-cases/compare-runs.js";
import { defineTool } from "../define-tool.js";
import { ComparisonOutput, comparisonLines, comparisonOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_compare_tests",
  toolsets: ["analyze"],
  title: "Compare two runs",
  description: "Compare a run with a baseline, metric by metric: deltas, regressed/improved/unchanged, overall verdict.",
  inputSchema: describedFor(CompareRunsInput.shape, {
    metricIds: PARAMETER_WORDS.defaultMetricIds,
  }),
  outputSchema: ComparisonOutput,
  handler: async (input, { useCases, signal }) => {
    const comparison = await useCases.compareRuns.execute(input, { signal });
    return {
      structured: comparisonOutput(comparison),
      text:
        `Candidate ${comparison.candidate.benchResultId} vs baseline ${comparison.baseline.benchResultId}: ${comparison.verdict.toUpperCase()} ` +
        `(tolerance ±${comparison.tolerancePercent}%)\n${comparisonLines(comparison)}` +
        // The candidate's link: the run being judged (the baseline's is in structuredContent).
        `${comparison.candidate.url === null ? "" : `\n${comparison.candidate.url}`}`,
    };
  },
});
