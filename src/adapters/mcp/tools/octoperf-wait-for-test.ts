import * as z from "zod";
import { WaitForRunInput } from "../../../domain/use-cases/wait-for-run.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { hint, joined, offeredOf } from "../offered-tools.js";
import { absentIfNull, describeRun, RunStatusOutput, runStatusOutput } from "../output-schemas.js";
import { progressNotifier } from "../wait-progress.js";

export default defineTool({
  name: "octoperf_wait_for_test",
  toolsets: ["run"],
  title: "Wait for a run",
  description: (offered) =>
    joined(
      " ",
      "Wait, with progress, until a run ends or the budget is spent; on terminal=false call again.",
      hint(offered, "octoperf_evaluate_sla", "Next: octoperf_evaluate_sla."),
    ),
  inputSchema: describedFor(WaitForRunInput.shape, {
    maxWaitSeconds: PARAMETER_WORDS.maxWaitSeconds,
  }),
  outputSchema: RunStatusOutput.extend({
    budgetExhausted: z.boolean().describe("True when the budget was spent before the run ended: call again"),
    stopped: z.boolean().describe("True when this server shut down before the budget was spent: the run goes on; call again"),
    waitedSeconds: z.number(),
    polls: z.number(),
    pollIntervalSeconds: z.number(),
    lastCheckedAt: z.string().describe("When OctoPerf was last asked for the state"),
    nextPollAfterSeconds: z.number().optional().describe("While the run is not terminal: when to call again"),
    stale: z.boolean().describe("True when OctoPerf failed or did not answer the latest check: the state is the last one it gave, at lastCheckedAt"),
  }),
  handler: async (input, ctx) => {
    const result = await ctx.useCases.waitForRun.execute(input, { signal: ctx.signal, stop: ctx.stop, onProgress: progressNotifier(ctx) });
    const staleWords = result.stale ? `OctoPerf failed or did not answer the latest check: state as last given at ${result.lastCheckedAt}. ` : "";
    const analyses = offeredOf(ctx.offered, ["octoperf_evaluate_sla", "octoperf_get_report_metrics"]);
    const next = result.terminal
      ? analyses.length === 0
        ? ""
        : `Next: ${analyses.join(" or ")}.`
      : result.stopped
        ? `${staleWords}The wait ended after ${result.waitedSeconds} s because this server is shutting down; the run goes on. ` +
          `Next: octoperf_wait_for_test again in ${result.nextPollAfterSeconds} s.`
        : `${staleWords}Not ended after ${result.waitedSeconds} s. Next: octoperf_wait_for_test again in ${result.nextPollAfterSeconds} s.`;
    return {
      structured: {
        ...runStatusOutput(result.run),
        budgetExhausted: result.budgetExhausted,
        stopped: result.stopped,
        waitedSeconds: result.waitedSeconds,
        polls: result.polls,
        pollIntervalSeconds: result.pollIntervalSeconds,
        lastCheckedAt: result.lastCheckedAt,
        nextPollAfterSeconds: absentIfNull(result.nextPollAfterSeconds),
        stale: result.stale,
      },
      text: joined("\n", describeRun(result.run), next),
    };
  },
});
