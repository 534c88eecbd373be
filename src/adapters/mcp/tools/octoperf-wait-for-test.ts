import * as z from "zod";
import { WaitForRunInput } from "../../../domain/use-cases/wait-for-run.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { absentIfNull, describeRun, RunStatusOutput, runStatusOutput } from "../output-schemas.js";
import { progressNotifier } from "../wait-progress.js";

export default defineTool({
  name: "octoperf_wait_for_test",
  toolsets: ["run"],
  title: "Wait for a run",
  description: "Wait, with progress, until a run ends or the budget is spent; on terminal=false call again. Next: octoperf_evaluate_sla.",
  inputSchema: describedFor(WaitForRunInput.shape, {
    maxWaitSeconds: PARAMETER_WORDS.maxWaitSeconds,
  }),
  outputSchema: RunStatusOutput.extend({
    budgetExhausted: z.boolean().describe("True when the wait ended before the run: call again"),
    waitedSeconds: z.number(),
    polls: z.number(),
    pollIntervalSeconds: z.number(),
    lastCheckedAt: z.string().describe("When OctoPerf was last asked for the state"),
    nextPollAfterSeconds: z.number().optional().describe("While the run is not terminal: when to call again"),
    stale: z.boolean().describe("True when OctoPerf did not answer the latest check within the budget: the state is the last one it gave"),
  }),
  handler: async (input, ctx) => {
    const result = await ctx.useCases.waitForRun.execute(input, { signal: ctx.signal, stop: ctx.stop, onProgress: progressNotifier(ctx) });
    const next = result.terminal
      ? "Next: octoperf_evaluate_sla or octoperf_get_report_metrics."
      : result.stale
        ? `OctoPerf did not answer within the ${result.waitedSeconds} s budget: state as last given at ${result.lastCheckedAt}. ` +
          `Next: octoperf_wait_for_test again in ${result.nextPollAfterSeconds} s.`
        : `Not ended after ${result.waitedSeconds} s. Next: octoperf_wait_for_test again in ${result.nextPollAfterSeconds} s.`;
    return {
      structured: {
        ...runStatusOutput(result.run),
        budgetExhausted: result.budgetExhausted,
        waitedSeconds: result.waitedSeconds,
        polls: result.polls,
        pollIntervalSeconds: result.pollIntervalSeconds,
        lastCheckedAt: result.lastCheckedAt,
        nextPollAfterSeconds: absentIfNull(result.nextPollAfterSeconds),
        stale: result.stale,
      },
      text: `${describeRun(result.run)}\n${next}`,
    };
  },
});
