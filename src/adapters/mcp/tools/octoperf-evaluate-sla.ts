import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import * as z from "zod";
import { EvaluateSlaInput } from "../../../domain/use-cases/evaluate-sla.js";
import { defineTool } from "../define-tool.js";
import { absentIfNull, SlaOutput, slaLines, slaRowOutput, UrlOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_evaluate_sla",
  toolsets: ["analyze"],
  title: "SLA verdict",
  description: "Judge a run against pass criteria (threshold in the metric's unit): PASS, FAIL or INCONCLUSIVE, per criterion and overall.",
  inputSchema: describedFor(EvaluateSlaInput.shape, { criteria: PARAMETER_WORDS.criteria }),
  outputSchema: SlaOutput.extend({
    benchResultId: z.string(),
    state: z.string(),
    criteriaSource: z.enum(["caller", "default"]),
    url: UrlOutput,
  }),
  handler: async (input, { useCases, signal }) => {
    const report = await useCases.evaluateSla.execute(input, { signal });
    return {
      structured: {
        benchResultId: report.benchResultId,
        state: report.state,
        criteriaSource: report.criteriaSource,
        verdict: report.verdict,
        results: report.results.map((r) => ({
          ...slaRowOutput(r),
          label: r.label,
          unit: r.unit,
          unavailable:
            r.basis.kind === "unavailable" ? { httpStatus: r.basis.unavailable.httpStatus, serverMessage: r.basis.unavailable.serverMessage } : undefined,
        })),
        url: absentIfNull(report.url),
      },
      text:
        `SLA ${report.verdict} for run ${report.benchResultId} (${report.state}, ${report.criteriaSource} criteria):\n${slaLines(report.results)}` +
        `${report.url === null ? "" : `\n${report.url}`}`,
    };
  },
});
