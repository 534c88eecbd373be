import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_METRIC_IDS } from "../../../src/domain/model/metrics.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { isSentence, repeatedWithin, stringLeaves } from "../../support/answer-facts.js";
import { ManualClock } from "../../support/manual-clock.js";
import { connectInMemory, textOf, type InMemoryMcp } from "../../support/mcp-client.js";
import { SEED } from "../../support/seed-ids.js";

/**
 * The answer rule (src/adapters/mcp/output-schemas.ts): structuredContent states facts for programs, each once, with
 * no prose; the text is complete for the model, each fact once; prose never sits in both parts.
 * One typical answer of every tool, through the real SDK client and the demo OctoPerf.
 */

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

interface Answer {
  readonly result: CallToolResult;
  readonly text: string;
  readonly structured: Record<string, unknown>;
}

let mcp: InMemoryMcp;
const answers = new Map<string, Answer>();

async function ask(name: string, args: Record<string, unknown> = {}): Promise<Answer> {
  const result = await mcp.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  const answer = { result, text: textOf(result), structured: result.structuredContent as Record<string, unknown> };
  answers.set(name, answer);
  return answer;
}

beforeAll(async () => {
  const clock = new ManualClock(undefined, true);
  mcp = await connectInMemory({ clock, octoperf: new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 }) });
  await mcp.client.listTools(); // the client then checks every structuredContent against its output schema
  await ask("octoperf_get_current_user_workspaces");
  await ask("get_project_by_workspace_id", { workspaceId: SEED.workspace.acmeRetail });
  await ask("get_runtime_id", { projectId: SEED.project.checkoutApi });
  await ask("octoperf_list_test_runs", { scenarioId: SEED.scenario.checkoutNightly });
  const launched = (await ask("octoperf_run_test", { runtimeId: SEED.scenario.checkoutNightly })).structured as { benchResultId: string };
  await ask("octoperf_status", { benchResultId: launched.benchResultId });
  await ask("octoperf_wait_for_test", { benchResultId: launched.benchResultId, pollIntervalSeconds: 5, maxWaitSeconds: 600 });
  await ask("octoperf_run_view", { benchResultId: launched.benchResultId, summary: true });
  await ask("octoperf_report", { reportId: SEED.report.checkoutLastNight });
  await ask("octoperf_get_report_metrics", { benchResultId: SEED.run.checkoutLastNight, metricIds: [...KEY_METRIC_IDS] });
  await ask("octoperf_evaluate_sla", { benchResultId: SEED.run.checkoutLastNight });
  await ask("octoperf_compare_tests", { baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutLastNight });
  await ask("octoperf_trend", { scenarioId: SEED.scenario.searchRelevance, chart: false });
  await ask("octoperf_run_and_analyze", {
    scenarioId: SEED.scenario.checkoutNightly,
    criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }],
    baselineBenchResultId: SEED.run.checkoutBaseline,
    allowParallel: true,
  });
  const toStop = (await mcp.call("octoperf_run_test", { runtimeId: SEED.scenario.checkoutSmoke })).structuredContent as { benchResultId: string };
  await ask("octoperf_stop_test", { benchResultId: toStop.benchResultId });
}, 60_000);
afterAll(async () => {
  if (process.env.DUMP_ANSWERS) for (const [n, a] of answers) process.stderr.write(`\n=== ${n}\n${a.text}\n${JSON.stringify(a.structured)}\n`);
  await mcp?.close();
});

/** The facts each text must hold, and the ids said once in a header rather than per line. */
const KEY_FACTS: Record<string, (a: Answer) => { contains: string[]; once: string[] }> = {
  octoperf_get_current_user_workspaces: ({ structured }) => ({ contains: (structured.workspaces as { id: string }[]).map((w) => w.id), once: [] }),
  get_project_by_workspace_id: ({ structured }) => ({
    contains: (structured.projects as { id: string }[]).map((p) => p.id),
    once: [SEED.workspace.acmeRetail],
  }),
  get_runtime_id: ({ structured }) => ({ contains: (structured.scenarios as { id: string }[]).map((s) => s.id), once: [SEED.project.checkoutApi] }),
  octoperf_list_test_runs: ({ structured }) => ({
    contains: (structured.runs as { benchResultId: string }[]).map((r) => r.benchResultId),
    once: [SEED.scenario.checkoutNightly],
  }),
  octoperf_run_test: ({ structured: s }) => ({ contains: [s.benchResultId as string, s.reportId as string], once: [s.reportUrl as string] }),
  octoperf_status: ({ structured: s }) => ({ contains: [s.benchResultId as string, s.state as string], once: [s.url as string] }),
  octoperf_wait_for_test: ({ structured: s }) => ({ contains: ["FINISHED", "octoperf_evaluate_sla"], once: [s.url as string] }),
  octoperf_report: ({ structured: s }) => ({ contains: [s.reportId as string, ...(s.benchResultIds as string[])], once: [s.url as string] }),
  octoperf_get_report_metrics: ({ structured: s }) => ({
    contains: (s.metrics as { label: string }[]).map((m) => m.label),
    once: [s.url as string],
  }),
  octoperf_evaluate_sla: ({ structured: s }) => ({ contains: [`SLA ${s.verdict as string}`], once: [s.url as string] }),
  octoperf_compare_tests: ({ structured: s }) => ({
    contains: [(s.verdict as string).toUpperCase()],
    // The candidate's link, to its own report (the baseline's, another report, is in structuredContent only).
    once: [(s.candidate as { url: string }).url],
  }),
  octoperf_trend: ({ structured: s }) => ({
    contains: [(s.verdict as string).toUpperCase(), ...(s.metrics as { label: string }[]).map((m) => m.label)],
    once: [(s.scenario as { url: string }).url],
  }),
  octoperf_run_and_analyze: ({ structured: s }) => {
    const run = s.run as { benchResultId: string; url: string };
    const sla = s.sla as { verdict: string };
    const comparison = s.comparison as { verdict: string };
    return { contains: [`SLA ${sla.verdict}`, comparison.verdict.toUpperCase(), "FINISHED"], once: [run.url, run.benchResultId] };
  },
  octoperf_run_view: ({ structured: s }) => {
    const run = s.run as { benchResultId: string; state: string };
    return { contains: [run.benchResultId, run.state], once: [] };
  },
  octoperf_stop_test: ({ structured: s }) => ({ contains: ["Stop requested", s.benchResultId as string], once: [s.url as string] }),
};

describe("every tool states each fact once (issue 16)", () => {
  it("drives every tool of the registry", () => {
    expect([...answers.keys()].sort()).toEqual(allTools.map((t) => t.name).sort());
    expect(Object.keys(KEY_FACTS).sort()).toEqual(allTools.map((t) => t.name).sort());
  });

  describe.each(allTools.map((t) => t.name))("%s", (name) => {
    it("has no prose in structuredContent and repeats no value within it", () => {
      const { structured } = answers.get(name)!;
      expect(
        stringLeaves(structured)
          .filter(isSentence)
          .map((l) => `${l.path.join(".")}: ${l.value}`),
      ).toEqual([]);
      expect(repeatedWithin(structured).map((r) => r.value)).toEqual([]);
      expect(JSON.stringify(structured)).not.toContain(":null");
    });

    it("has a text of its own holding the key facts, each link and header id once, and no sentence of structuredContent", () => {
      const { text, structured } = answers.get(name)!;
      expect(text.trim()).not.toBe("");
      const { contains, once } = KEY_FACTS[name]!(answers.get(name)!);
      for (const fact of contains) expect(text, fact).toContain(fact);
      for (const fact of once) {
        expect(fact, "a fact the test expects the answer to have").toEqual(expect.any(String));
        expect(occurrences(text, fact), `${fact} in:\n${text}`).toBe(1);
      }
      const sentences = stringLeaves(structured)
        .filter(isSentence)
        .map((l) => l.value);
      expect(sentences.filter((s) => text.includes(s))).toEqual([]);
    });
  });
});
