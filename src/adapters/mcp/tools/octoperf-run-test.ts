import * as z from "zod";
import { idSchema } from "../../../domain/model/ids.js";
import { LaunchScenarioInput } from "../../../domain/use-cases/launch-scenario.js";
import { PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineWriteTool } from "../define-tool.js";
import { absentIfNull, EXPECTED_DURATION, formatDuration, TOTAL_VUS, UrlOutput } from "../output-schemas.js";

const OUTCOME_TEXT = {
  launched: "Launched",
  existing: "Not launched again: a run launched moments ago is still provisioning. Following the existing run of",
  reconciled: "The launch answer was lost, but the run did start. Run of",
} as const;

export default defineWriteTool({
  name: "octoperf_run_test",
  toolsets: ["run"],
  title: "Launch a load test",
  description:
    "Launch a scenario. SPENDS CREDITS and puts real load on real systems: only when the user asked, once; never relaunch to retry. Next: octoperf_wait_for_test.",
  inputSchema: {
    runtimeId: idSchema("runtimeId"),
    allowParallel: LaunchScenarioInput.shape.allowParallel.describe(PARAMETER_WORDS.allowParallel),
  },
  outputSchema: z.object({
    benchResultId: z.string().describe("The run: pass to octoperf_status and octoperf_get_report_metrics"),
    reportId: z.string().describe("The run's bench report: pass to octoperf_report"),
    scenarioId: z.string(),
    scenarioName: z.string(),
    projectId: z.string(),
    totalVus: z.number().nullable().describe(TOTAL_VUS),
    expectedDurationSeconds: z.number().nullable().describe(EXPECTED_DURATION),
    reportUrl: UrlOutput,
    scenarioUrl: UrlOutput,
    outcome: z
      .enum(["launched", "existing", "reconciled"])
      .describe(
        "launched: a new run; existing: a run launched moments ago is still provisioning, no second one was started; reconciled: the launch answer was lost and the run it started was found",
      ),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  handler: async (input, { useCases, signal }) => {
    const run = await useCases.launchScenario.execute({ scenarioId: input.runtimeId, allowParallel: input.allowParallel }, { signal });
    const expectedDurationSeconds = run.expectedDurationMs === null ? null : Math.round(run.expectedDurationMs / 1000);
    const duration = expectedDurationSeconds === null ? "" : ` Load lasts about ${formatDuration(expectedDurationSeconds)} after provisioning.`;
    return {
      structured: {
        benchResultId: run.benchResultId,
        reportId: run.benchReportId,
        scenarioId: run.scenarioId,
        scenarioName: run.scenarioName,
        projectId: run.projectId,
        totalVus: run.totalVus,
        expectedDurationSeconds,
        outcome: run.outcome,
        reportUrl: absentIfNull(run.reportUrl),
        scenarioUrl: absentIfNull(run.scenarioUrl),
      },
      text:
        `${OUTCOME_TEXT[run.outcome]} "${run.scenarioName}" (${run.totalVus === null ? "VUs unknown" : `${run.totalVus} VUs`}): benchResultId ${run.benchResultId}, reportId ${run.benchReportId}.${duration}\n` +
        `${run.reportUrl === null ? "" : `Report: ${run.reportUrl}\n`}` +
        "Next: octoperf_wait_for_test (or octoperf_status) with the benchResultId until terminal. Do not launch it again.",
    };
  },
});
