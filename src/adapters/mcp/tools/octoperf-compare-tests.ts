import { CompareRunsInput } from "../../../domain/use-cases/compare-runs.js";
import { defineTool, READ_ONLY } from "../define-tool.js";
import { ComparisonOutput, comparisonLines } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_compare_tests",
  title: "Compare two runs",
  description:
    "Compare a candidate run with a baseline run per metric: both values, deltas and regressed/improved/unchanged (knowing which direction is better), plus an overall verdict. Run ids: octoperf_list_test_runs.",
  inputSchema: CompareRunsInput.shape,
  outputSchema: ComparisonOutput,
  annotations: READ_ONLY,
  handler: async (input, { useCases, signal }) => {
    const comparison = await useCases.compareRuns.execute(input, { signal });
    return {
      structured: comparison,
      text:
        `Candidate ${comparison.candidate.benchResultId} vs baseline ${comparison.baseline.benchResultId}: ${comparison.verdict.toUpperCase()} ` +
        `(tolerance ±${comparison.tolerancePercent}%)\n${comparisonLines(comparison)}`,
    };
  },
});
