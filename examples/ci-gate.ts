/**
 * A CI gate: run an OctoPerf scenario, show its progress, and fail the build when its SLA fails.
 *
 *   OCTOPERF_API_KEY=… npx tsx examples/ci-gate.ts <scenarioId> [p95MaxMs] [errorsMaxPercent]
 *
 * Without OCTOPERF_API_KEY it runs against the offline demo OctoPerf. Exit code: 0 PASS, 1 FAIL,
 * 2 INCONCLUSIVE (the run did not finish), 3 the gate itself could not run.
 */
import { createDemoOctoPerf, createOctoPerf, OctoPerfError, type OctoPerf, type WaitResult } from "octoperf-mcp";

const [scenarioId = "checkoutNightly00001", p95MaxMs = "1000", errorsMaxPercent = "1"] = process.argv.slice(2);
const apiKey = process.env.OCTOPERF_API_KEY;
const octoperf: OctoPerf = apiKey
  ? createOctoPerf({ apiKey, baseUrl: process.env.OCTOPERF_BASE_URL })
  : createDemoOctoPerf({ demoRunSeconds: Number(process.env.OCTOPERF_DEMO_RUN_SECONDS ?? 10) });

try {
  const run = await octoperf.launchScenario({ scenarioId });
  console.log(`Launched "${run.scenarioName}" (${run.totalVus} VUs): run ${run.benchResultId}${run.reportUrl ? `, ${run.reportUrl}` : ""}`);

  let wait: WaitResult;
  do {
    // Each call waits up to ten minutes; the loop keeps going for runs longer than that.
    wait = await octoperf.waitForRun(
      { benchResultId: run.benchResultId, maxWaitSeconds: 600 },
      { onProgress: ({ percent, message }) => console.log(`[${"#".repeat(Math.round(percent / 5)).padEnd(20, ".")}] ${message}`) },
    );
  } while (!wait.terminal);

  const sla = await octoperf.evaluateSla({
    benchResultId: run.benchResultId,
    criteria: [
      { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: Number(p95MaxMs) },
      { metricId: "ERRORS_PERCENT", operator: "<", threshold: Number(errorsMaxPercent) },
    ],
  });
  for (const result of sla.results) console.log(`${result.verdict.padEnd(12)} ${result.label}: ${result.reason}`);
  console.log(`SLA ${sla.verdict} (run ${wait.run.state})`);
  process.exitCode = sla.verdict === "PASS" ? 0 : sla.verdict === "FAIL" ? 1 : 2;
} catch (error) {
  // Typed errors carry a message meant for people; anything else is a bug worth its stack.
  console.error(error instanceof OctoPerfError ? `octoperf: ${error.message}` : error);
  process.exitCode = 3;
}
