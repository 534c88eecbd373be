/**
 * The behaviour every OctoPerfPort must have, written once and run against each adapter (the
 * in-memory fake, the HTTP adapter over the stub server), so demo mode cannot drift from the
 * real thing. Time is the subject's: a fake clock for the fake, the same fake clock behind the
 * stub for HTTP; nothing here sleeps.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CancelledError, InvalidInputError, NotFoundError, type EntityKind } from "../../src/domain/errors.js";
import { isValidId } from "../../src/domain/model/ids.js";
import { liveMetricKind, type LiveMetric } from "../../src/domain/model/live-metrics.js";
import { metricDefinition, type MetricId } from "../../src/domain/model/metrics.js";
import { isTerminalState, runPhase } from "../../src/domain/model/run-state.js";
import { summarizeProfiles, type Scenario } from "../../src/domain/model/scenario.js";
import type { TestRun } from "../../src/domain/model/test-run.js";
import type { OctoPerfPort } from "../../src/ports/octoperf-port.js";

export interface PortContractSubject {
  readonly port: OctoPerfPort;
  /** Moves the subject's notion of time forward (the fake's clock). */
  advance(ms: number): void | Promise<void>;
  /** Roughly how long a launched run takes from launch to FINISHED, in the subject's time. */
  readonly runDurationMs: number;
  /** A scenario whose runs finish normally. Default: the first scenario discovery finds. */
  readonly scenarioId?: string;
  close?(): Promise<void>;
}

const MALFORMED_IDS = ["", "../etc", "a/b", "has space", "x".repeat(300), "%2e%2e"];
const SOME_METRICS: readonly MetricId[] = ["HITS_TOTAL", "RESPONSE_TIME_AVG", "ERRORS_PERCENT", "USERLOAD", "THROUGHPUT_RATE"];

export function describeOctoPerfPortContract(name: string, makeSubject: () => Promise<PortContractSubject>): void {
  describe(`OctoPerfPort contract: ${name}`, () => {
    let subject: PortContractSubject;
    let port: OctoPerfPort;

    beforeEach(async () => {
      subject = await makeSubject();
      port = subject.port;
    });
    afterEach(async () => {
      await subject.close?.();
    });

    /** The first workspace → project → scenario that discovery reaches. */
    async function discover(): Promise<{ workspaceId: string; projectId: string; scenario: Scenario }> {
      for (const workspace of await port.listWorkspaces()) {
        for (const project of await port.listProjects(workspace.id)) {
          const scenarios = await port.listScenarios(project.id);
          const scenario = subject.scenarioId === undefined ? scenarios[0] : scenarios.find((s) => s.id === subject.scenarioId);
          if (scenario !== undefined) return { workspaceId: workspace.id, projectId: project.id, scenario };
        }
      }
      throw new Error("the subject has no scenario to launch");
    }

    /** Advances time in small steps until the run is terminal; returns every state seen. */
    async function pollToTerminal(benchResultId: string, maxMs = subject.runDurationMs * 3): Promise<TestRun[]> {
      const seen: TestRun[] = [await port.getRun(benchResultId)];
      const step = Math.max(1, Math.floor(subject.runDurationMs / 20));
      for (let elapsed = 0; !seen.at(-1)!.terminal && elapsed <= maxMs; elapsed += step) {
        await subject.advance(step);
        seen.push(await port.getRun(benchResultId));
      }
      return seen;
    }

    async function expectNotFound(call: Promise<unknown>, entity: EntityKind, id: string): Promise<void> {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: "NOT_FOUND", entity, id });
    }

    describe("discover", () => {
      it("lists workspaces with ids and names", async () => {
        const workspaces = await port.listWorkspaces();
        expect(workspaces.length).toBeGreaterThan(0);
        for (const w of workspaces) {
          expect(isValidId(w.id)).toBe(true);
          expect(typeof w.name).toBe("string");
          expect(typeof w.description).toBe("string");
          if (w.created !== null) expect(new Date(w.created).toISOString()).toBe(w.created);
        }
      });

      it("lists the projects of a workspace, each pointing back at it", async () => {
        const { workspaceId } = await discover();
        const projects = await port.listProjects(workspaceId);
        expect(projects.length).toBeGreaterThan(0);
        for (const p of projects) {
          expect(p.workspaceId).toBe(workspaceId);
          expect(Array.isArray(p.tags)).toBe(true);
        }
      });

      it("lists scenarios of a project with a summary computed from their load shapes", async () => {
        const { projectId } = await discover();
        const scenarios = await port.listScenarios(projectId);
        expect(scenarios.length).toBeGreaterThan(0);
        for (const s of scenarios) {
          expect(s.projectId).toBe(projectId);
          expect(s.summary).toEqual(summarizeProfiles(s.userProfiles));
        }
      });

      it("gets one scenario, the same as in its project's list", async () => {
        const { projectId, scenario } = await discover();
        expect(await port.getScenario(scenario.id)).toEqual(scenario);
        expect((await port.listScenarios(projectId)).map((s) => s.id)).toContain(scenario.id);
      });

      it("gets one project, pointing at its workspace", async () => {
        const { workspaceId, projectId } = await discover();
        const project = await port.getProject(projectId);
        expect(project).toMatchObject({ id: projectId, workspaceId });
        expect((await port.listProjects(workspaceId)).find((p) => p.id === projectId)).toEqual(project);
      });

      it("answers NotFoundError naming the kind and id of whatever does not exist", async () => {
        const missing = "doesNotExist00000000";
        await expectNotFound(port.listProjects(missing), "workspace", missing);
        await expectNotFound(port.getProject(missing), "project", missing);
        await expectNotFound(port.listScenarios(missing), "project", missing);
        await expectNotFound(port.getScenario(missing), "scenario", missing);
        await expectNotFound(port.launchScenario(missing), "scenario", missing);
        await expectNotFound(port.getRun(missing), "bench result", missing);
        await expectNotFound(port.getRunProgress(missing), "bench result", missing);
        await expectNotFound(port.stopRun(missing), "bench result", missing);
        await expectNotFound(port.getMetrics(missing, ["HITS_TOTAL"]), "bench result", missing);
        await expectNotFound(port.getLiveMetrics(missing), "bench result", missing);
        await expectNotFound(port.listReports(missing), "project", missing);
        await expectNotFound(port.getReport(missing), "bench report", missing);
      });

      it("never accepts a malformed id (refused as invalid, or at least not found)", async () => {
        for (const bad of MALFORMED_IDS) {
          for (const call of [port.getScenario(bad), port.getRun(bad), port.getReport(bad), port.listProjects(bad)]) {
            const error = await call.then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(
              [InvalidInputError, NotFoundError].some((kind) => error instanceof kind),
              `id ${JSON.stringify(bad)}`,
            ).toBe(true);
          }
        }
      });
    });

    describe("launch → poll", () => {
      it("launches a run that belongs to the scenario and its project", async () => {
        const { scenario } = await discover();
        const launched = await port.launchScenario(scenario.id);
        expect(isValidId(launched.benchResultId)).toBe(true);
        expect(isValidId(launched.benchReportId)).toBe(true);
        expect(launched).toMatchObject({ scenarioId: scenario.id, projectId: scenario.projectId });

        const run = await port.getRun(launched.benchResultId);
        expect(run).toMatchObject({
          id: launched.benchResultId,
          scenarioId: scenario.id,
          projectId: scenario.projectId,
          benchReportId: launched.benchReportId,
          terminal: false,
        });
        expect(new Date(run.createdAt).toISOString()).toBe(run.createdAt);
      });

      it("walks the run through non-terminal states to FINISHED, consistently", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        const seen = await pollToTerminal(benchResultId);
        const last = seen.at(-1)!;

        expect(last).toMatchObject({ state: "FINISHED", phase: "finished", terminal: true, progress: 1 });
        expect(seen.slice(0, -1).every((r) => !r.terminal)).toBe(true);
        expect(seen.some((r) => r.state === "RUNNING")).toBe(true);
        for (const run of seen) {
          expect(run.terminal).toBe(isTerminalState(run.state));
          expect(run.phase).toBe(runPhase(run.state));
          expect(Date.parse(run.updatedAt)).toBeGreaterThanOrEqual(Date.parse(run.createdAt));
        }
        // Terminal is terminal: more time changes nothing.
        await subject.advance(subject.runDurationMs);
        expect((await port.getRun(benchResultId)).state).toBe("FINISHED");
      });

      it("reports progress in 0..1 (or null), never going backwards", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        const values: number[] = [];
        for (let i = 0; i <= 10; i++) {
          const progress = await port.getRunProgress(benchResultId);
          if (progress !== null) {
            expect(progress).toBeGreaterThanOrEqual(0);
            expect(progress).toBeLessThanOrEqual(1);
            values.push(progress);
          }
          await subject.advance(subject.runDurationMs / 8);
        }
        expect(values).toEqual([...values].sort((a, b) => a - b));
      });

      it("stops a run: it turns ABORTED, and stopping again changes nothing", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        await subject.advance(subject.runDurationMs / 2);
        await port.stopRun(benchResultId);
        const seen = await pollToTerminal(benchResultId, subject.runDurationMs);
        expect(seen.at(-1)).toMatchObject({ state: "ABORTED", phase: "aborted", terminal: true });

        await port.stopRun(benchResultId);
        await subject.advance(subject.runDurationMs);
        expect((await port.getRun(benchResultId)).state).toBe("ABORTED");
      });

      it("launches a fresh run each time", async () => {
        const { scenario } = await discover();
        const first = await port.launchScenario(scenario.id);
        const second = await port.launchScenario(scenario.id);
        expect(second.benchResultId).not.toBe(first.benchResultId);
        expect(second.benchReportId).not.toBe(first.benchReportId);
      });
    });

    describe("analyze", () => {
      it("lists the launched run's report among its project's reports, and gets it", async () => {
        const { projectId, scenario } = await discover();
        const launched = await port.launchScenario(scenario.id);
        const reports = await port.listReports(projectId);
        const listed = reports.find((r) => r.id === launched.benchReportId);
        expect(listed).toBeDefined();
        expect(listed!.benchResultIds).toContain(launched.benchResultId);
        for (const r of reports) expect(r.projectId).toBe(projectId);

        const report = await port.getReport(launched.benchReportId);
        expect(report).toEqual(listed);
        expect(report.items.length).toBeGreaterThan(0);
        for (const item of report.items) {
          expect(typeof item.type).toBe("string");
          for (const id of item.metricIds) expect(metricDefinition(id).id).toBe(id);
        }
      });

      it("returns one named value per requested metric, in the requested order", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        await pollToTerminal(benchResultId);
        const ids: MetricId[] = [...SOME_METRICS].reverse();
        const metrics = await port.getMetrics(benchResultId, ids);
        expect(metrics.map((m) => m.metricId)).toEqual(ids);
        for (const m of metrics) {
          const definition = metricDefinition(m.metricId);
          expect(m).toMatchObject({ label: definition.label, unit: definition.unit });
          if (m.value !== null) expect(Number.isFinite(m.value)).toBe(true);
        }
        expect(metrics.some((m) => m.value !== null)).toBe(true);
      });

      it("refuses an unknown metric id with InvalidInputError, a typed error", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        const error = await port.getMetrics(benchResultId, ["HITS_TOTAL", "NOT_A_METRIC" as MetricId]).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidInputError);
      });

      it("returns no values for no metric ids", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        expect(await port.getMetrics(benchResultId, [])).toEqual([]);
      });

      it("keeps duplicates and order when a metric is asked twice", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        await pollToTerminal(benchResultId);
        const metrics = await port.getMetrics(benchResultId, ["HITS_TOTAL", "USERLOAD", "HITS_TOTAL"]);
        expect(metrics.map((m) => m.metricId)).toEqual(["HITS_TOTAL", "USERLOAD", "HITS_TOTAL"]);
        expect(metrics[0]!.value).toBe(metrics[2]!.value);
      });
    });

    describe("live metrics", () => {
      /** Advances until the run is RUNNING; returns its live metrics then. */
      async function liveWhileRunning(benchResultId: string): Promise<LiveMetric[]> {
        const step = Math.max(1, Math.floor(subject.runDurationMs / 40));
        for (let elapsed = 0; elapsed <= subject.runDurationMs; elapsed += step) {
          if ((await port.getRun(benchResultId)).state === "RUNNING") return port.getLiveMetrics(benchResultId);
          await subject.advance(step);
        }
        throw new Error("the run never reached RUNNING");
      }

      it("gives named values with units while the run is RUNNING, the known names recognised", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        const metrics = await liveWhileRunning(benchResultId);
        expect(metrics.length).toBeGreaterThan(0);
        for (const m of metrics) {
          expect(m.name).not.toBe("");
          expect(typeof m.unit).toBe("string");
          if (m.value !== null) expect(Number.isFinite(m.value)).toBe(true);
          expect(m.kind).toBe(liveMetricKind(m.name, m.unit));
        }
        expect(metrics.some((m) => m.kind === "users")).toBe(true);
      });

      it("shows the ramp-up: the users do not go down while load ramps, and move over the run", async () => {
        const { scenario } = await discover();
        const { benchResultId } = await port.launchScenario(scenario.id);
        const users = [(await liveWhileRunning(benchResultId)).find((m) => m.kind === "users")?.value ?? null];
        for (let i = 0; i < 6; i++) {
          await subject.advance(subject.runDurationMs / 40);
          if ((await port.getRun(benchResultId)).state !== "RUNNING") break;
          users.push((await port.getLiveMetrics(benchResultId)).find((m) => m.kind === "users")?.value ?? null);
        }
        const values = users.filter((v): v is number => v !== null);
        expect(values.length).toBeGreaterThan(2);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        expect(values.at(-1)!).toBeGreaterThan(values[0]!);
      });
    });

    describe("cancellation", () => {
      it("refuses to start a call whose signal is already aborted, and launches nothing", async () => {
        const { projectId, scenario } = await discover();
        const before = (await port.listReports(projectId)).length;
        const controller = new AbortController();
        controller.abort();
        await expect(port.listWorkspaces({ signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
        await expect(port.launchScenario(scenario.id, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
        expect((await port.listReports(projectId)).length).toBe(before);
      });
    });
  });
}
