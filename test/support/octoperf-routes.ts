/**
 * The OctoPerf REST routes the HTTP adapter is allowed to call (octoperf-api.md §2), with every
 * `{id}` segment an opaque URL-safe id. A request to the loopback stub that matches none of
 * these (a traversal, an encoded slash, a query string, a path built from unchecked input) is
 * what the adversarial suites hunt for.
 */
import type { RecordedRequest } from "./stub-octoperf-server.js";

const ID = "[A-Za-z0-9_-]{1,128}";

const route = (method: "GET" | "POST", path: string) => ({
  method,
  pattern: new RegExp(`^${path.replace(/\{id\}/g, ID)}$`),
});

export const DOCUMENTED_ROUTES = [
  route("GET", "/workspaces/member-of"),
  route("GET", "/design/projects/by-workspace/{id}/DESIGN"),
  route("GET", "/design/projects/{id}"),
  route("GET", "/runtime/scenarios/by-project/{id}"),
  route("GET", "/runtime/scenarios/{id}"),
  route("POST", "/runtime/scenarios/run/{id}"),
  route("GET", "/runtime/bench-results/{id}"),
  route("GET", "/runtime/bench-results/progress/{id}"),
  route("POST", "/runtime/bench-results/stop/{id}"),
  route("GET", "/analysis/bench-reports/by-project/{id}"),
  route("GET", "/analysis/bench-reports/{id}"),
  route("POST", "/analysis/metrics/summary"),
  route("GET", "/analysis/metrics/global/{id}"),
] as const;

/** The launch: the one request that spends credits. */
export const LAUNCH_ROUTE = /^\/runtime\/scenarios\/run\//;
export const STOP_ROUTE = /^\/runtime\/bench-results\/stop\//;

export function isDocumentedRequest(request: Pick<RecordedRequest, "method" | "url" | "path">): boolean {
  // The adapter never sends a query string: ids go in the path, options in the body.
  if (request.url !== request.path) return false;
  return DOCUMENTED_ROUTES.some((r) => r.method === request.method && r.pattern.test(request.path));
}

/** The requests outside the documented routes, rendered for a readable failure. */
export function undocumentedRequests(requests: readonly RecordedRequest[]): string[] {
  return requests.filter((r) => !isDocumentedRequest(r)).map((r) => `${r.method} ${JSON.stringify(r.url)}`);
}

/** How many launches (POST /runtime/scenarios/run/*) the stub received. */
export function launchCount(requests: readonly RecordedRequest[]): number {
  return requests.filter((r) => r.method === "POST" && LAUNCH_ROUTE.test(r.path)).length;
}
