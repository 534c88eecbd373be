/**
 * What the live view (view/, built into one HTML file) reads: the structured answer of the
 * app-only tool, and the parts of the other tools' answers it shows. Types only, shared by the
 * tool that writes them and the view that reads them, so the two cannot drift apart.
 */
import type { LiveMetricKind } from "../../../domain/model/live-metrics.js";

/**
 * The app-only tool (`octoperf_run_view`) answer, in a few nested objects: tools/list shows an
 * output schema's top level only (tool-list.ts), and only the view reads this one.
 */
export interface RunViewData {
  readonly run: {
    readonly benchResultId: string;
    readonly scenarioId: string;
    readonly projectId: string;
    readonly state: string;
    readonly phase: "provisioning" | "running" | "finished" | "aborted" | "error";
    readonly terminal: boolean;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly reportUrl?: string;
    /** Its scenario's name and plan, once the view asked with `summary`. */
    readonly scenario?: { readonly name: string; readonly totalVus: number | null; readonly expectedDurationSeconds: number | null };
  };
  readonly progress: {
    /** 0..100, provisioning included. */
    readonly percent: number;
    readonly elapsedSeconds: number;
    readonly remainingSeconds: number | null;
    readonly checkedAt: string;
  };
  readonly live: {
    readonly metrics: readonly { readonly name: string; readonly value: number | null; readonly unit: string; readonly kind: LiveMetricKind | null }[];
    /** Why there are none although the run is RUNNING (OctoPerf's words). */
    readonly unavailable?: string;
  };
  /** The key metrics so far (asked with `summary`, once load has started). */
  readonly summary?: readonly { readonly metricId: string; readonly label: string; readonly unit: string; readonly value: number | null }[];
  readonly view: {
    /** Whether this server offers the stop tool (not in read-only mode, and in the chosen toolsets). */
    readonly canStop: boolean;
    /** When to ask again while the run is not terminal. */
    readonly nextPollSeconds: number;
  };
}

/** The name of the tool only the view calls. */
export const RUN_VIEW_TOOL = "octoperf_run_view";
/** The one view of this server: the live run view, and the trend view of the same file. */
export const VIEW_URI = "ui://octoperf/view";
