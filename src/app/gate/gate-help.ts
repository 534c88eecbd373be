import { MAX_WAIT_SECONDS } from "../../domain/use-cases/wait-for-run.js";
import { DEFAULT_GATE_TOLERANCE_PERCENT } from "./gate-options.js";

export const GATE_HELP = `octoperf-mcp gate: a load-test gate for CI. Launches an OctoPerf scenario once, follows it,
judges it, and exits with a code a pipeline understands.

Usage:
  octoperf-mcp gate <scenarioId> [options]

Options:
  --sla "CRITERIA"       pass criteria, comma-separated METRIC_ID<threshold (operators < <= > >=),
                         thresholds in the metric's unit (ms, 0..100 for %, per second), e.g.
                         "RESPONSE_TIME_PERCENTILE_95<800,ERRORS_PERCENT<1".
                         Default: RESPONSE_TIME_PERCENTILE_95<1000,ERRORS_PERCENT<1
  --baseline <runId>     a previous FINISHED run (bench result id) to compare with: a metric that got
                         worse beyond the tolerance fails the gate
  --tolerance <percent>  tolerance of the comparison, default ${DEFAULT_GATE_TOLERANCE_PERCENT} (needs --baseline)
  --max-wait <seconds>   how long to follow the run, default and maximum ${MAX_WAIT_SECONDS}
  --junit <file>         write a JUnit XML report (one test case per criterion and compared metric)
  --markdown <file>      write a Markdown summary with the verdicts and links to the OctoPerf report;
                         when GITHUB_STEP_SUMMARY is set, the summary is also appended there
  --chart <file>         after the verdict, draw the scenario's trend over its last finished runs
                         (the octoperf_trend chart, including this run if it finished) to a .png
                         or .svg file (the extension chooses); the --markdown summary shows it
                         under the table (upload the file beside the summary), the GitHub step
                         summary names it. A chart that cannot be drawn is a warning on stderr:
                         it never changes the verdict or the exit code
  --demo                 run against the offline demo OctoPerf (no key, no network)
  -h, --help             this text

Exit codes:
  0  PASS          every criterion passed, and nothing regressed against the baseline
  1  FAIL          a criterion failed, or a metric regressed beyond the tolerance
  2  usage error   a bad argument, configuration, scenario or baseline: nothing was launched
  3  INCONCLUSIVE  the run ended ABORTED or ERROR, or a metric had no value
  4  error         OctoPerf unreachable, the wait budget spent (the reports then show the run as
                   still going), a report not written: the message names the run, if one was
                   launched; do not launch it again blindly

Arguments, configuration, output files and the baseline are all checked before anything is
launched. The launch is sent once and never retried. Progress goes to stderr (a live bar on a
terminal, plain lines in CI logs); the verdict goes to stdout.

Environment: the same as the server (OCTOPERF_API_KEY, OCTOPERF_BASE_URL, ...: octoperf-mcp --help).
`;
