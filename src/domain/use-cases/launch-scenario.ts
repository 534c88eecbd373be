import * as z from "zod";
import { idSchema } from "../model/ids.js";
import type { CallOptions, OctoPerfPort } from "../../ports/octoperf-port.js";
import { parseInput } from "./input.js";

export const LaunchScenarioInput = z.object({
  scenarioId: idSchema("scenarioId").describe("Runtime scenario id, from get_runtime_id"),
});
export type LaunchScenarioInput = z.input<typeof LaunchScenarioInput>;

export interface LaunchResult {
  /** The run: poll it with the status tools, read its metrics once terminal. */
  readonly benchResultId: string;
  /** The run's bench report. */
  readonly benchReportId: string;
  readonly scenarioId: string;
  readonly scenarioName: string;
  readonly projectId: string;
  readonly totalVus: number;
  readonly expectedDurationMs: number | null;
}

/** Launch: starts a run of a scenario. Spends OctoPerf credits and puts real load on real systems. */
export class LaunchScenario {
  constructor(private readonly octoperf: OctoPerfPort) {}

  async execute(input: LaunchScenarioInput, options?: CallOptions): Promise<LaunchResult> {
    const { scenarioId } = parseInput(LaunchScenarioInput, input);
    // Reading the scenario first fails fast on a wrong id (no credits spent) and gives the
    // expected duration that the caller needs to pace its polling.
    const scenario = await this.octoperf.getScenario(scenarioId, options);
    const launched = await this.octoperf.launchScenario(scenarioId, options);
    return {
      benchResultId: launched.benchResultId,
      benchReportId: launched.benchReportId,
      scenarioId,
      scenarioName: scenario.name,
      projectId: launched.projectId,
      totalVus: scenario.summary.totalVus,
      expectedDurationMs: scenario.summary.expectedDurationMs,
    };
  }
}
