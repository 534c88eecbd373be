import { GetRunStatusInput } from "../../../domain/use-cases/get-run-status.js";
import { describedFor } from "../parameter-descriptions.js";
import { defineTool } from "../define-tool.js";
import { hint, joined } from "../offered-tools.js";
import { describeRun, RunStatusOutput, runStatusOutput } from "../output-schemas.js";

export default defineTool({
  name: "octoperf_status",
  toolsets: ["run"],
  title: "Run status",
  description: (offered) =>
    joined(
      " ",
      "A run's state, phase, terminal flag and progress %. Poll every 10-30 s until terminal.",
      hint(offered, "octoperf_get_report_metrics", "Next: octoperf_get_report_metrics."),
    ),
  inputSchema: describedFor(GetRunStatusInput.shape, {}),
  outputSchema: RunStatusOutput,
  handler: async (input, { useCases, signal, offered }) => {
    const run = await useCases.getRunStatus.execute(input, { signal });
    const next = run.terminal
      ? run.state === "FINISHED"
        ? hint(offered, "octoperf_get_report_metrics", "Next: octoperf_get_report_metrics.")
        : run.state === "ERROR"
          ? "It failed before or during load (often provisioning): check the scenario's load generators in OctoPerf."
          : "Stopped before its planned end: its metrics are partial."
      : "Next: octoperf_status again in 10–30 s.";
    return { structured: runStatusOutput(run), text: joined("\n", describeRun(run), next) };
  },
});
