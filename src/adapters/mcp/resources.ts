import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { METRIC_CATALOGUE, KEY_METRIC_IDS } from "../../domain/model/metrics.js";
import type { LinkedUseCases as UseCases } from "../linked-use-cases.js";
import { runStatusOutput } from "./output-schemas.js";
import { resourceError } from "./resource-errors.js";
import type { ErrorAudience } from "./tool-errors.js";

const JSON_MIME = "application/json";

/**
 * Read-only context a client can attach: the metric catalogue and any run's status and key
 * metrics. Like a tool call, a read is cancellable (the client's cancel aborts its OctoPerf calls),
 * its errors are explained once (resource-errors.ts), and what it returns is masked on the way out.
 */
export function registerResources(server: McpServer, useCases: UseCases, audience: ErrorAudience): void {
  server.registerResource(
    "metric-catalogue",
    "octoperf://metrics",
    {
      title: "OctoPerf metric catalogue",
      description: "Every metric id OctoPerf knows, with its label, unit and which direction is better",
      mimeType: JSON_MIME,
    },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify({ metrics: [...METRIC_CATALOGUE.values()] }) }],
    }),
  );

  server.registerResource(
    "run",
    new ResourceTemplate("octoperf://runs/{benchResultId}", { list: undefined }),
    {
      title: "OctoPerf run",
      description: "A run's status and key metrics (partial until it is FINISHED)",
      mimeType: JSON_MIME,
    },
    async (uri, { benchResultId }, { signal }) => {
      try {
        const id = Array.isArray(benchResultId) ? benchResultId[0] : benchResultId;
        const run = await useCases.getRunStatus.execute({ benchResultId: id ?? "" }, { signal });
        const metrics = await useCases.getRunMetrics.execute({ benchResultId: run.id, metricIds: [...KEY_METRIC_IDS] }, { signal });
        const body = { ...runStatusOutput(run), partial: metrics.partial, metrics: metrics.metrics };
        return { contents: [{ uri: uri.href, mimeType: JSON_MIME, text: JSON.stringify(body) }] };
      } catch (error) {
        throw resourceError(error, uri.href, audience);
      }
    },
  );
}
