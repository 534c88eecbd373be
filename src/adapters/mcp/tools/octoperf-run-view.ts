import * as z from "zod";
import { formatMeasure } from "../../../domain/model/metrics.js";
import { GetLiveRunInput } from "../../../domain/use-cases/get-live-run.js";
import { RUN_VIEW_TOOL, type RunViewData } from "../apps/view-data.js";
import { defineTool } from "../define-tool.js";
import { runFacts } from "../output-schemas.js";
import { describedFor, PARAMETER_WORDS } from "../parameter-descriptions.js";

const STOP_TOOL = "octoperf_stop_test";

/** Between polls of the view: about a hundredth of the planned load (a demo run of 20 s moves every second), 1 to 5 s; 5 s when the plan was not asked for. */
function nextPollSeconds(expectedDurationMs: number | null | undefined): number {
  if (expectedDurationMs === null || expectedDurationMs === undefined) return 5;
  return Math.min(5, Math.max(1, Math.round(expectedDurationMs / 100_000)));
}

const LiveMetricOutput = z.object({
  name: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  kind: z.enum(["users", "responseTime", "hitsRate", "errorsRate", "errorsPercent", "throughput", "elapsed"]).nullable(),
});

/**
 * The live view's data, for the view only (`visibility: ["app"]`): hosts do not show it to the
 * model. Read-only, so read-only mode offers it; in the `run` toolset, with the tools whose view
 * polls it. `canStop` tells the view whether this server offers the stop tool.
 */
export default defineTool({
  name: RUN_VIEW_TOOL,
  toolsets: ["run"],
  title: "Live view",
  description: "Data of the live run view (app only).",
  inputSchema: describedFor(GetLiveRunInput.shape, { summary: PARAMETER_WORDS.viewSummary }),
  outputSchema: z.object({
    run: z.object({
      benchResultId: z.string(),
      scenarioId: z.string(),
      projectId: z.string(),
      state: z.string(),
      phase: z.enum(["provisioning", "running", "finished", "aborted", "error"]),
      terminal: z.boolean(),
      createdAt: z.string(),
      updatedAt: z.string(),
      reportUrl: z.string().optional(),
      scenario: z.object({ name: z.string(), totalVus: z.number().nullable(), expectedDurationSeconds: z.number().nullable() }).optional(),
    }),
    progress: z.object({ percent: z.number(), elapsedSeconds: z.number(), remainingSeconds: z.number().nullable(), checkedAt: z.string() }),
    live: z.object({ metrics: z.array(LiveMetricOutput), unavailable: z.string().optional() }),
    summary: z.array(z.object({ metricId: z.string(), label: z.string(), unit: z.string(), value: z.number().nullable() })).optional(),
    view: z.object({ canStop: z.boolean(), nextPollSeconds: z.number() }),
  }),
  handler: async (input, { useCases, signal, offered }) => {
    const live = await useCases.getLiveRun.execute(input, { signal });
    const { run, scenario } = live;
    const structured: RunViewData = {
      run: {
        ...runFacts(run),
        createdAt: run.createdAt,
        updatedAt: run.updatedAt,
        ...(live.url === null ? {} : { reportUrl: live.url }),
        ...(scenario === null
          ? {}
          : {
              scenario: {
                name: scenario.name,
                totalVus: scenario.totalVus,
                expectedDurationSeconds: scenario.expectedDurationMs === null ? null : Math.round(scenario.expectedDurationMs / 1000),
              },
            }),
      },
      progress: {
        percent: live.percent,
        elapsedSeconds: Math.round(live.elapsedMs / 100) / 10,
        remainingSeconds: live.remainingMs === null ? null : Math.round(live.remainingMs / 1000),
        checkedAt: live.checkedAt,
      },
      live: { metrics: live.live, ...(live.liveUnavailable === null ? {} : { unavailable: live.liveUnavailable }) },
      ...(live.summary === null ? {} : { summary: live.summary.map(({ metricId, label, unit, value }) => ({ metricId, label, unit, value })) }),
      view: { canStop: offered.has(STOP_TOOL), nextPollSeconds: nextPollSeconds(scenario?.expectedDurationMs) },
    };
    const figures = live.live.map((m) => `${m.name} ${formatMeasure(m.value, "count")}${m.unit === "" ? "" : ` ${m.unit}`}`).join(", ");
    return {
      structured,
      text: `${run.state} ${Math.round(live.percent)}% (run ${run.id})${figures === "" ? "" : `: ${figures}`}.`,
    };
  },
});
