import { reportKind, type BenchReport } from "../../domain/model/bench-report.js";
import { readLoad, type OddityReporter } from "./tolerant-read.js";
import { isMetricId, type MetricId } from "../../domain/model/metrics.js";
import type { Project } from "../../domain/model/project.js";
import { createScenario, type RampLoad, type Scenario } from "../../domain/model/scenario.js";
import { createTestRun, type TestRun } from "../../domain/model/test-run.js";
import type { Workspace } from "../../domain/model/workspace.js";
import type { RampLoadType, WireReportItem, WireBenchResult, WireProject, WireScenario, WireWorkspace } from "./wire-schemas.js";

/** OctoPerf's load `@type` → the domain's ramp kind (octoperf-api.md Op 4). */
export const RAMP_KIND_BY_TYPE: Record<RampLoadType, RampLoad["kind"]> = {
  UserProfileLoadRampUp: "RAMP_UP",
  UserProfileLoadRampUpThenRampDown: "RAMP_UP_THEN_DOWN",
  UserProfileLoadAscendingStairs: "ASCENDING_STAIRS",
};

export function toWorkspace(wire: WireWorkspace): Workspace {
  return { id: wire.id, name: wire.name, description: wire.description, created: wire.created ?? null };
}

export function toProject(wire: WireProject): Project {
  return { id: wire.id, workspaceId: wire.workspaceId, name: wire.name, description: wire.description, tags: wire.tags };
}

/** `report` hears of each load that could not be fully read (see readLoad). */
export function toScenario(wire: WireScenario, report: OddityReporter = () => {}): Scenario {
  return createScenario({
    id: wire.id,
    projectId: wire.projectId,
    name: wire.name,
    description: wire.description,
    tags: wire.tags,
    userProfiles: wire.userProfiles.map((profile, index) => ({
      name: profile.name,
      virtualUserId: profile.virtualUserId,
      location: profile.location,
      load: readLoad(profile, `.userProfiles[${index}]`, report),
    })),
  });
}

/** `benchReportId` comes from the caller: only a launch tells which report a run belongs to. */
export function toTestRun(wire: WireBenchResult, benchReportId: string | null): TestRun {
  return createTestRun({
    id: wire.id,
    scenarioId: wire.scenarioId,
    projectId: wire.designProjectId,
    state: wire.state,
    progress: null,
    createdAt: wire.created,
    updatedAt: wire.lastModified ?? wire.created,
    benchReportId,
  });
}

/** A report whose items were read one by one. */
export interface ReadBenchReport {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly description: string;
  readonly benchResultIds: readonly string[];
  readonly items: readonly WireReportItem[];
  readonly configs: readonly { readonly "@type": string }[];
  readonly created?: string | null | undefined;
}

export function toBenchReport(wire: ReadBenchReport): BenchReport {
  const items = wire.items.map((item) => ({
    type: item["@type"],
    id: item.id,
    name: item.name,
    metricIds: knownMetricIds(item.metrics.map((metric) => metric.id)),
    computeType: item.computeType ?? null,
  }));
  const configTypes = wire.configs.map((config) => config["@type"]);
  return {
    id: wire.id,
    projectId: wire.projectId,
    name: wire.name,
    description: wire.description,
    benchResultIds: wire.benchResultIds,
    items,
    kind: reportKind({ benchResultIds: wire.benchResultIds, items, configTypes }),
    created: wire.created ?? null,
  };
}

/** Known ids only, first occurrence kept: a widget may list a metric per bench result. */
function knownMetricIds(ids: readonly string[]): MetricId[] {
  return [...new Set(ids.filter(isMetricId))];
}

export type ProgressScale = "percent" | "fraction";

/**
 * OctoPerf's progress → 0..1. The REST clients read it as a percentage (Jenkins prints "%.2f%%",
 * the Node sample loops while < 100) while the MCP docs contradict each other, so "percent" is the
 * default and `progressScale` the escape hatch. Guessing the scale from the value cannot work
 * (0.5 is either half done or barely started). Whatever arrives, the result is clamped to 0..1:
 * progress is display only and never decides whether a run is over.
 */
export function normalizeProgress(value: number | null | undefined, scale: ProgressScale): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const fraction = scale === "percent" ? value / 100 : value;
  return Math.min(1, Math.max(0, fraction));
}
