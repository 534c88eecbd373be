import { describedFor } from "../parameter-descriptions.js";
import * as z from "zod";
import { StopRunInput } from "../../../domain/use-cases/stop-run.js";
import { defineWriteTool } from "../define-tool.js";
import { describeRun, RunStatusOutput, runStatusOutput } from "../output-schemas.js";

export default defineWriteTool({
  name: "octoperf_stop_test",
  toolsets: ["run"],
  title: "Stop a run",
  description: "Abort a running test (user asked, or it clearly fails); metrics stay, partial. Next: octoperf_status until ABORTED.",
  inputSchema: describedFor(StopRunInput.shape, {}),
  outputSchema: RunStatusOutput.extend({
    stopRequested: z.boolean().describe("False when the run had already ended and nothing was sent"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (input, { useCases, signal }) => {
    const { run, stopRequested } = await useCases.stopRun.execute(input, { signal });
    const text = stopRequested
      ? `Stop requested. ${describeRun(run)}${run.terminal ? "" : " OctoPerf turns it ABORTED within seconds; metrics so far stay."}`
      : `Nothing to stop, it had ended. ${describeRun(run)}`;
    return { structured: { ...runStatusOutput(run), stopRequested }, text };
  },
});
