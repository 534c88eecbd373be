/** What the server offers, which is all its texts for the model may name. */
export interface Offer {
  /** Names of the tools registered. */
  readonly offered: ReadonlySet<string>;
  /** Read-only mode (the reason launching is not possible, when it is not). */
  readonly readOnly: boolean;
}

/** `a → b → c`, `a or b`: the offered names only, joined; empty when none is offered. */
function names(offer: Offer, tools: readonly string[], separator: string): string {
  return tools.filter((tool) => offer.offered.has(tool)).join(separator);
}

function discoverStep(offer: Offer): string | null {
  const chain = names(offer, ["octoperf_get_current_user_workspaces", "get_project_by_workspace_id", "get_runtime_id"], " → ");
  // The shortcut is the one thing here the tool descriptions say only in passing.
  const shortcut = chain.includes(" → get_runtime_id") ? ", or get_runtime_id alone for every project" : "";
  const parts = [chain === "" ? "" : `${chain}${shortcut}.`, offer.offered.has("octoperf_list_test_runs") ? "octoperf_list_test_runs shows past runs." : ""];
  const text = parts.filter((part) => part !== "").join(" ");
  return text === "" ? null : `Discover: ${text}`;
}

function launchStep(offer: Offer): string {
  if (offer.offered.has("octoperf_run_test")) {
    const both = offer.offered.has("octoperf_run_and_analyze") ? " or octoperf_run_and_analyze" : "";
    return `Launch: octoperf_run_test${both}. A launch spends credits and puts real load on real systems: launch only when the user asked for a run, and never launch again to "retry": check the run's status first.`;
  }
  const why = offer.readOnly
    ? "This server is read-only (OCTOPERF_READ_ONLY): it cannot launch or stop tests."
    : "This server does not offer the tools that launch tests (OCTOPERF_TOOLSETS leaves out run).";
  return `Launch: not possible here. ${why} If the user asks for a run, say so; they can start it in OctoPerf.`;
}

function pollStep(offer: Offer): string | null {
  const poll = names(offer, ["octoperf_wait_for_test", "octoperf_status"], " or ");
  const stop = offer.offered.has("octoperf_stop_test") ? " octoperf_stop_test aborts a run." : "";
  if (poll === "") return stop === "" ? null : `Stop:${stop}`;
  return `Poll: ${poll} until terminal is true (FINISHED, ABORTED or ERROR).${stop}`;
}

const ANALYZE_TOOLS = ["octoperf_evaluate_sla", "octoperf_compare_tests", "octoperf_trend", "octoperf_get_report_metrics", "octoperf_report"];

function analyzeStep(offer: Offer): string | null {
  const tools = names(offer, ANALYZE_TOOLS, ", ");
  return tools === "" ? null : `Analyze: ${tools}.`;
}

/**
 * What the model reads once, at initialization: the order of things and the one hard rule. What
 * each tool does is in its description, which the model reads too: it is not said again here. It
 * names only the tools offered (toolsets, read-only mode), and says why launching is not possible
 * when it is not.
 */
export function serverInstructions(offer: Offer): string {
  const steps = [discoverStep(offer), launchStep(offer), pollStep(offer), analyzeStep(offer)].filter((step): step is string => step !== null);
  return [
    "OctoPerf load testing. Work in this order:",
    ...steps.map((step, i) => `${i + 1}. ${step}`),
    "Metric values always come with their unit; percentages are 0..100; times are milliseconds.",
  ].join("\n");
}
