// SKELETON: to be implemented (issue 4). The constructor signature is fixed: the composition root uses it.
import type { Logger } from "../../ports/logger-port.js";
import type { OctoPerfPort } from "../../ports/octoperf-port.js";

export interface HttpOctoPerfOptions {
  /** e.g. https://api.octoperf.com or an Enterprise host; no path prefix. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per-attempt timeout. */
  readonly timeoutMs: number;
  /** Retries for safe requests (GETs and read-only query POSTs). Launch is never retried. */
  readonly maxRetries: number;
  readonly logger?: Logger;
  /** Base of the exponential backoff; tests make it small. */
  readonly retryBaseDelayMs?: number;
  /** Cap on an honoured Retry-After. */
  readonly maxRetryAfterMs?: number;
}

export declare class HttpOctoPerfAdapter implements OctoPerfPort {
  constructor(options: HttpOctoPerfOptions);
  listWorkspaces: OctoPerfPort["listWorkspaces"];
  listProjects: OctoPerfPort["listProjects"];
  listScenarios: OctoPerfPort["listScenarios"];
  getScenario: OctoPerfPort["getScenario"];
  launchScenario: OctoPerfPort["launchScenario"];
  getRun: OctoPerfPort["getRun"];
  getRunProgress: OctoPerfPort["getRunProgress"];
  stopRun: OctoPerfPort["stopRun"];
  listReports: OctoPerfPort["listReports"];
  getReport: OctoPerfPort["getReport"];
  getMetrics: OctoPerfPort["getMetrics"];
}
