/**
 * Many runs at once, no cross-talk: 50 runs launched and followed in parallel on the built server
 * in demo mode (stdio), each answering for its own id, scenario and report, all reaching a
 * terminal state, with deterministic and distinct metrics. In process over the HTTP adapter:
 * parallel launches against a flaky stub send exactly one POST each, and the duplicate-launch
 * guardrail holds when the same scenario is launched twice at the same moment.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { KEY_METRIC_IDS } from "../../src/domain/model/metrics.js";
import { clearErrorProblems, startHttpMcp } from "../support/adversarial-harness.js";
import { IDS } from "../support/hostile-inputs.js";
import { textOf } from "../support/mcp-client.js";
import { LAUNCH_ROUTE } from "../support/octoperf-routes.js";
import { closeAllRecorded, spawnRecorded } from "../support/recorded-stdio.js";
import { SecretScanner } from "../support/secret-scan.js";
import { SEED } from "../support/seed-ids.js";

const scanner = new SecretScanner();
const RUNS = 50;

afterAll(async () => {
  await closeAllRecorded();
});

interface Launched {
  readonly benchResultId: string;
  readonly reportId: string;
  readonly scenarioId: string;
  readonly outcome: string;
}

interface Metric {
  readonly metricId: string;
  readonly value: number | null;
  readonly unit: string;
}

const structured = <T>(result: CallToolResult): T => {
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.structuredContent as T;
};

describe("50 runs in parallel on the built server (demo mode, stdio)", () => {
  it("all launched at once, followed at once, all terminal, no cross-talk, deterministic distinct metrics", { timeout: 60_000 }, async () => {
    const server = await spawnRecorded(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: "2" }, { scanner, label: "concurrency demo" });
    const { scenarios } = structured<{ scenarios: { id: string; projectId: string }[] }>(await server.call("get_runtime_id", {}));
    expect(scenarios.length).toBeGreaterThanOrEqual(7);
    const plan = Array.from({ length: RUNS }, (_, i) => scenarios[i % scenarios.length]!);

    // Launch: 50 concurrent tools/call requests on one session.
    const launches = await Promise.all(plan.map((s) => server.call("octoperf_run_test", { runtimeId: s.id, allowParallel: true })));
    const runs = launches.map((r) => structured<Launched>(r));
    runs.forEach((run, i) => expect(run).toMatchObject({ scenarioId: plan[i]!.id, outcome: "launched" }));
    expect(new Set(runs.map((r) => r.benchResultId)).size).toBe(RUNS);
    expect(new Set(runs.map((r) => r.reportId)).size).toBe(RUNS);

    // Follow: 50 concurrent waits, each with its own progress stream.
    const followed = await Promise.all(
      runs.map(async (run) => {
        const progress: number[] = [];
        let last: { terminal: boolean; state: string; benchResultId: string } | undefined;
        for (let attempt = 0; attempt < 6 && !last?.terminal; attempt++) {
          const waited = structured<{ terminal: boolean; state: string; benchResultId: string }>(
            await server.call(
              "octoperf_wait_for_test",
              { benchResultId: run.benchResultId, maxWaitSeconds: 10, pollIntervalSeconds: 1 },
              { onprogress: (p) => progress.push(p.progress), timeout: 30_000 },
            ),
          );
          expect(waited.benchResultId).toBe(run.benchResultId);
          last = waited;
        }
        return { run, last: last!, progress };
      }),
    );

    for (const { run, last, progress } of followed) {
      expect(last.terminal, run.benchResultId).toBe(true);
      expect(last.state).toBe(run.scenarioId === SEED.scenario.searchNoCapacity ? "ERROR" : "FINISHED");
      // A run's own progress stream never goes backwards (another run's would).
      for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    }

    // Each run answers for itself: status, report, metrics (twice: deterministic), the run resource.
    const answers = await Promise.all(
      runs.map(async (run) => {
        const [status, report, first, second, resource] = await Promise.all([
          server.call("octoperf_status", { benchResultId: run.benchResultId }),
          server.call("octoperf_report", { reportId: run.reportId }),
          server.call("octoperf_get_report_metrics", { benchResultId: run.benchResultId, metricIds: [...KEY_METRIC_IDS] }),
          server.call("octoperf_get_report_metrics", { benchResultId: run.benchResultId, metricIds: [...KEY_METRIC_IDS] }),
          server.client.readResource({ uri: `octoperf://runs/${run.benchResultId}` }),
        ]);
        return { run, status, report, first, second, resource };
      }),
    );
    const fingerprints = new Map<string, string>();
    for (const { run, status, report, first, second, resource } of answers) {
      expect(structured(status)).toMatchObject({ benchResultId: run.benchResultId, scenarioId: run.scenarioId, reportId: run.reportId, terminal: true });
      expect(structured(report)).toMatchObject({ reportId: run.reportId, benchResultIds: [run.benchResultId] });
      const a = structured<{ benchResultId: string; metrics: Metric[] }>(first);
      const b = structured<{ benchResultId: string; metrics: Metric[] }>(second);
      expect(a.benchResultId).toBe(run.benchResultId);
      expect(a.metrics.map((m) => m.metricId)).toEqual([...KEY_METRIC_IDS]);
      expect(b).toEqual(a);
      const fromResource = JSON.parse((resource.contents[0] as { text: string }).text) as { benchResultId: string; metrics: Metric[] };
      expect(fromResource.benchResultId).toBe(run.benchResultId);
      expect(fromResource.metrics).toEqual(a.metrics);
      if (run.scenarioId !== SEED.scenario.searchNoCapacity) {
        expect(a.metrics.every((m) => m.value !== null)).toBe(true);
        fingerprints.set(run.benchResultId, JSON.stringify(a.metrics.map((m) => m.value)));
      } else {
        // A run that never applied load has no values, whichever run it is.
        expect(a.metrics.filter((m) => m.metricId !== "USERLOAD").every((m) => m.value === null)).toBe(true);
      }
    }
    expect(fingerprints.size).toBeGreaterThan(40);
    expect(new Set(fingerprints.values()).size, "two different runs reported identical metrics").toBe(fingerprints.size);

    // The history of each project lists each of its runs exactly once.
    for (const projectId of new Set(plan.map((s) => s.projectId))) {
      const { runs: history } = structured<{ runs: { benchResultId: string }[] }>(await server.call("octoperf_list_test_runs", { projectId, limit: 100 }));
      const mine = runs.filter((r) => plan.find((s) => s.id === r.scenarioId)!.projectId === projectId).map((r) => r.benchResultId);
      const listed = history.map((h) => h.benchResultId).filter((id) => mine.includes(id));
      expect(listed.sort()).toEqual([...mine].sort());
    }

    const status = await server.close();
    expect(status.code).toBe(0);
    expect(server.transport.impurities()).toEqual([]);
  });
});

describe("parallel launches over the HTTP adapter (in process, loopback stub)", () => {
  it("20 launches at once against a flaky OctoPerf: exactly 20 POSTs, 20 distinct runs, each followed to its own end", { timeout: 30_000 }, async () => {
    // The faults here are 503s and resets, not slowness: a generous timeout keeps 20 parallel
    // launches on a loaded 2-core machine from turning into "outcome unknown" (seen at 250 ms).
    const h = await startHttpMcp(scanner, { adapter: { maxRetries: 10, timeoutMs: 5_000 } });
    try {
      // Reads of runs and scenarios fail now and then; the launch itself never does here.
      h.stub.script(
        "GET",
        /^\/runtime\//,
        Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? { status: 503 } : { reset: true })),
      );
      const scenarios = [IDS.scenario, IDS.otherScenario, SEED.scenario.storefrontPeak, SEED.scenario.authLoginSpike, SEED.scenario.searchRelevance];
      const launches = await Promise.all(
        Array.from({ length: 20 }, (_, i) => h.call("octoperf_run_test", { runtimeId: scenarios[i % scenarios.length], allowParallel: true })),
      );
      const runs = launches.map((r) => structured<Launched>(r));
      expect(h.launches()).toBe(20);
      expect(new Set(runs.map((r) => r.benchResultId)).size).toBe(20);
      const waits = await Promise.all(
        runs.map((run) => h.call("octoperf_wait_for_test", { benchResultId: run.benchResultId, maxWaitSeconds: 3600, pollIntervalSeconds: 5 })),
      );
      waits.forEach((w, i) => expect(structured(w)).toMatchObject({ benchResultId: runs[i]!.benchResultId, scenarioId: runs[i]!.scenarioId, terminal: true }));
      expect(h.launches()).toBe(20);
      expect(h.undocumented()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it("the same scenario launched twice at the same moment, without allowParallel: one run, not two", async () => {
    const h = await startHttpMcp(scanner);
    try {
      // A launch takes a moment to answer, as it does on OctoPerf: the second call arrives meanwhile.
      h.stub.script("POST", LAUNCH_ROUTE, [{ delayMs: 150 }, { delayMs: 150 }]);
      const [a, b] = await Promise.all([h.call("octoperf_run_test", { runtimeId: IDS.scenario }), h.call("octoperf_run_test", { runtimeId: IDS.scenario })]);
      for (const r of [a, b]) if (r.isError) expect(clearErrorProblems(r)).toEqual([]);
      expect(h.launches(), "two concurrent launches of one scenario both went out (the duplicate guardrail was bypassed)").toBe(1);
    } finally {
      await h.close();
    }
  });

  it("the same scenario launched twice at the same moment with allowParallel: two runs, as asked", async () => {
    const h = await startHttpMcp(scanner);
    try {
      const [a, b] = await Promise.all([
        h.call("octoperf_run_test", { runtimeId: IDS.scenario, allowParallel: true }),
        h.call("octoperf_run_test", { runtimeId: IDS.scenario, allowParallel: true }),
      ]);
      expect(structured<Launched>(a).benchResultId).not.toBe(structured<Launched>(b).benchResultId);
      expect(h.launches()).toBe(2);
    } finally {
      await h.close();
    }
  });

  it("the scans of this file saw every result", () => {
    expect(scanner.countOf("tool result")).toBeGreaterThan(300);
  });
});
