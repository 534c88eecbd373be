import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { RUN_VIEW_TOOL, VIEW_URI } from "./view-data.js";

/**
 * ext-apps' constants (`@modelcontextprotocol/ext-apps/server`), written here so that the bin does
 * not load ext-apps' protocol layer at start; a test holds them equal to ext-apps' own.
 */
export const RESOURCE_MIME_TYPE = "text/html;profile=mcp-app";
export const RESOURCE_URI_META_KEY = "ui/resourceUri";
import { viewHtml } from "./view-html.js";

/**
 * Which tools a host that supports MCP Apps (io.modelcontextprotocol/ui) shows with the view:
 * the launch, the waits and the status with the live run view, the trend with its interactive
 * chart; and the tool only the view calls. A host without Apps ignores `_meta` and sees exactly
 * the same tools, texts and structured answers as before.
 */
const VIEW_TOOLS: Readonly<Record<string, { readonly visibility?: readonly ("model" | "app")[] }>> = {
  octoperf_run_test: {},
  octoperf_status: {},
  octoperf_wait_for_test: {},
  octoperf_run_and_analyze: {},
  octoperf_trend: {},
  [RUN_VIEW_TOOL]: { visibility: ["app"] },
};

/**
 * A tool's `_meta` as registerAppTool writes it (`ui.resourceUri`, and the older flat key hosts
 * still read); undefined for a tool without a view. The app-only tool shows no view of its own:
 * its `_meta` says only who may call it.
 */
export function viewMetaOf(toolName: string): Record<string, unknown> | undefined {
  const view = VIEW_TOOLS[toolName];
  if (view === undefined) return undefined;
  if (view.visibility !== undefined) return { ui: { visibility: [...view.visibility] } };
  return { ui: { resourceUri: VIEW_URI }, [RESOURCE_URI_META_KEY]: VIEW_URI };
}

/** Whether the tools offered need the view at all (a discover-only server has no view to serve). */
export function offersAView(offered: ReadonlySet<string>): boolean {
  return Object.keys(VIEW_TOOLS).some((name) => name !== RUN_VIEW_TOOL && offered.has(name));
}

/** The view as a `ui://` resource: one self-contained HTML file; its CSP lets nothing out (no domain is allowed). */
export function registerViewResource(server: McpServer): void {
  // What ext-apps' registerAppResource does: the SDK's registerResource with the Apps MIME type.
  server.registerResource(
    "OctoPerf live run view",
    VIEW_URI,
    { description: "A run as it goes (progress, live charts, Stop) and its verdict; the interactive trend chart", mimeType: RESOURCE_MIME_TYPE },
    async () => ({
      contents: [
        {
          uri: VIEW_URI,
          mimeType: RESOURCE_MIME_TYPE,
          text: await viewHtml(),
          _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } },
        },
      ],
    }),
  );
}
