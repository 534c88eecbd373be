import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import type { Offer } from "./server-instructions.js";

/** What the judging variant of the prompt needs: find the scenario, its runs, and judge one. */
const JUDGE_TOOLS = ["get_runtime_id", "octoperf_list_test_runs", "octoperf_evaluate_sla", "octoperf_compare_tests"];
/** And the launching variant: launch and follow a run, then the same. */
const LAUNCH_TOOLS = [...JUDGE_TOOLS, "octoperf_run_and_analyze", "octoperf_wait_for_test"];

/**
 * A ready-made request a user can pick in their client: run a scenario and explain the outcome.
 * When nothing can be launched (read-only mode, or toolsets without `run`) the same prompt explains
 * the scenario's latest run instead, and says why. It names only tools offered: without the tools
 * to find and judge a run (toolsets without `discover` or `analyze`) there is no prompt.
 * Returns whether it registered the prompt.
 */
export function registerPrompts(server: McpServer, offer: Offer): boolean {
  const has = (tools: readonly string[]) => tools.every((tool) => offer.offered.has(tool));
  if (!has(JUDGE_TOOLS)) return false;
  const launches = has(LAUNCH_TOOLS);
  const reason = offer.readOnly ? "This server is read-only" : "This server does not offer launching";
  server.registerPrompt(
    "load-test",
    {
      title: launches ? "Run a load test and explain it" : "Explain a scenario's latest load test",
      description: launches
        ? "Find a scenario, run it with octoperf_run_and_analyze, and summarise the verdict"
        : `${reason}: find a scenario, judge its latest run and summarise the verdict`,
      argsSchema: {
        scenario: z.string().describe("The scenario's name (or part of it) or its id"),
        sla: z.string().optional().describe('Pass criteria in words, e.g. "p95 under 800 ms, errors under 1%"'),
        baseline: z.string().optional().describe('A run to compare with, e.g. "last night\'s run" or a bench result id'),
      },
    },
    ({ scenario, sla, baseline }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: (launches
              ? launchSteps(scenario, sla, baseline)
              : judgeSteps({ reason, canWait: offer.offered.has("octoperf_wait_for_test") }, scenario, sla, baseline)
            ).join("\n"),
          },
        },
      ],
    }),
  );
  return true;
}

function criteriaStep(sla: string | undefined): string {
  return sla
    ? `2. Turn these pass criteria into octoperf criteria (metric ids with units: times in ms, percentages 0..100): ${sla}`
    : "2. Use the default pass criteria (p95 response time < 1000 ms, errors < 1%).";
}

const ANSWER_STEP =
  "5. Answer with: the verdict first (PASS / FAIL / INCONCLUSIVE, and regressed / improved / unchanged if compared), then a short table of the key metrics with units, then what stands out and what to look at next.";

function launchSteps(scenario: string, sla: string | undefined, baseline: string | undefined): string[] {
  return [
    `Run the OctoPerf load test scenario "${scenario}" and tell me how it went.`,
    "1. Find the scenario with get_runtime_id (no projectId searches every project). If several match, ask me which one; if none, say so and stop.",
    criteriaStep(sla),
    baseline
      ? `3. Find the baseline run "${baseline}" with octoperf_list_test_runs for that scenario, and pass its benchResultId as baselineBenchResultId.`
      : "3. No baseline comparison is needed.",
    "4. Call octoperf_run_and_analyze once. If it returns terminal=false, continue with octoperf_wait_for_test — never launch again — then octoperf_evaluate_sla" +
      (baseline ? " and octoperf_compare_tests." : "."),
    ANSWER_STEP,
  ];
}

function judgeSteps(judge: { reason: string; canWait: boolean }, scenario: string, sla: string | undefined, baseline: string | undefined): string[] {
  return [
    `Tell me how the latest run of the OctoPerf load test scenario "${scenario}" went. ` +
      `${judge.reason}: it cannot launch a test, so say that a new run must be started in OctoPerf, and judge the latest one.`,
    "1. Find the scenario with get_runtime_id (no projectId searches every project). If several match, ask me which one; if none, say so and stop.",
    criteriaStep(sla),
    "3. Find its latest run with octoperf_list_test_runs (scenarioId). " +
      (judge.canWait ? "If it is not terminal yet, follow it with octoperf_wait_for_test. " : "If it is not terminal yet, say so. ") +
      (baseline ? `Find the baseline run "${baseline}" the same way.` : "No baseline comparison is needed."),
    "4. Judge the latest run with octoperf_evaluate_sla" + (baseline ? ", and compare it with the baseline using octoperf_compare_tests." : "."),
    ANSWER_STEP,
  ];
}
