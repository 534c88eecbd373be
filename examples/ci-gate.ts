/**
 * A CI gate through the library, in a few lines: validate, launch once, follow, judge.
 * (The ready-made one, with JUnit and Markdown reports, is `octoperf-mcp gate`.)
 *
 *   OCTOPERF_API_KEY=… npx tsx examples/ci-gate.ts <scenarioId> [p95MaxMs]
 *
 * Without OCTOPERF_API_KEY it runs on the offline demo OctoPerf. Exit code: 0 PASS, 1 FAIL,
 * 2 bad input (nothing launched), 3 INCONCLUSIVE, 4 the gate could not finish (the run is named).
 */
import {
  createDemoOctoPerf,
  createOctoPerf,
  formatMeasure,
  InvalidInputError,
  NotFoundError,
  OctoPerfError,
  RunAndAnalyzeInput,
  type CriterionResult,
} from "octoperf-mcp";

const [scenarioId = "checkoutSmoke0000002", p95MaxMs = "1000"] = process.argv.slice(2);
const input = {
  scenarioId,
  criteria: [
    { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<" as const, threshold: Number(p95MaxMs) },
    { metricId: "ERRORS_PERCENT", operator: "<" as const, threshold: 1 },
  ],
  maxWaitSeconds: 3600,
};
// The library's own schema, checked before anything is launched.
const valid = RunAndAnalyzeInput.safeParse(input);
if (!valid.success) {
  console.error(`bad input: ${valid.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}

const apiKey = process.env.OCTOPERF_API_KEY;
const octoperf = apiKey
  ? createOctoPerf({ apiKey, baseUrl: process.env.OCTOPERF_BASE_URL })
  : createDemoOctoPerf({ demoRunSeconds: Number(process.env.OCTOPERF_DEMO_RUN_SECONDS ?? 10) });
try {
  const { wait, sla } = await octoperf.runAndAnalyze(input, { onProgress: (p) => console.error(`${Math.round(p.percent)}% ${p.message}`) });
  if (!wait.terminal || sla === null) {
    console.error(`run ${wait.run.id} is still ${wait.run.state}: follow it in OctoPerf, do not launch it again`);
    process.exit(4);
  }
  for (const r of sla.results) console.log(`${r.verdict.padEnd(12)} ${r.label}: ${why(r)}`);
  console.log(`SLA ${sla.verdict} (run ${wait.run.id}, ${wait.run.state})`);
  process.exitCode = { PASS: 0, FAIL: 1, INCONCLUSIVE: 3 }[sla.verdict];
} catch (error) {
  if (!(error instanceof OctoPerfError)) throw error;
  // A wrong id launched nothing; after a launch, FollowUpFailedError names the run to follow.
  console.error(`octoperf: ${error.message}`);
  process.exitCode = error instanceof NotFoundError || error instanceof InvalidInputError ? 2 : 4;
}

/** The library answers with facts (a criterion's basis); the words are the caller's. */
function why(r: CriterionResult): string {
  const bound = `${r.operator} ${formatMeasure(r.threshold, r.unit)}`;
  const observed = formatMeasure(r.observed, r.unit);
  switch (r.basis.kind) {
    case "measured":
      return `${observed} ${r.verdict === "PASS" ? "" : "not "}${bound}`;
    case "partial":
      return `${observed} from a run ${r.basis.state}, not FINISHED (expected ${bound})`;
    case "no-value":
      return `no value (expected ${bound})`;
    case "unavailable":
      return `OctoPerf refused it, HTTP ${r.basis.unavailable.httpStatus}: ${r.basis.unavailable.serverMessage} (expected ${bound})`;
  }
}
