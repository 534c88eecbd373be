/**
 * A test page that plays an MCP Apps host in a real browser (Debian's Chromium, driven by
 * playwright-core): it loads the view from the built server's `ui://` resource into a sandboxed
 * iframe, speaks to it through ext-apps' own AppBridge, and forwards the view's tool calls to the
 * built server over stdio. Used by the browser test and by `npm run view:screenshot`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { VIEW_URI } from "../../src/adapters/mcp/apps/view-data.js";
import { spawnServer, type SpawnedServer } from "./spawn-server.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = () => existsSync(CHROMIUM);

/** The host side, bundled for the page: ext-apps' AppBridge on a PostMessageTransport to the iframe. */
const HOST_SCRIPT = `
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
window.startHost = async (html) => {
  const frame = document.createElement("iframe");
  frame.sandbox = "allow-scripts";
  frame.style.cssText = "width: 1000px; height: 1500px; border: 0; display: block";
  document.body.append(frame);
  const bridge = new AppBridge(null, { name: "test-host", version: "1.0.0" }, { serverTools: {}, openLinks: {} }, { hostContext: { theme: "light" } });
  bridge.oncalltool = (params) => window.hostCallTool(params);
  bridge.onopenlink = async () => ({});
  const initialized = new Promise((resolve) => (bridge.oninitialized = resolve));
  await bridge.connect(new PostMessageTransport(frame.contentWindow, frame.contentWindow));
  frame.srcdoc = html;
  await initialized;
  window.bridge = bridge;
};
window.sendInput = (args) => window.bridge.sendToolInput({ arguments: args });
window.sendResult = (result) => window.bridge.sendToolResult(result);
`;

let hostBundle: Promise<string> | undefined;

function hostScript(): Promise<string> {
  hostBundle ??= build({
    stdin: { contents: HOST_SCRIPT, resolveDir: fileURLToPath(new URL("../..", import.meta.url)), loader: "js" },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]!.text);
  return hostBundle;
}

export interface ViewHost {
  readonly server: SpawnedServer;
  readonly page: Page;
  /** Requests the page made beyond itself: the view must make none. */
  readonly requests: string[];
  /** A fresh host page with the view loaded from the server's ui:// resource. */
  open(): Promise<void>;
  /** The view, inside its iframe. */
  frame(): import("playwright-core").Frame;
  sendInput(args: Record<string, unknown>): Promise<void>;
  sendResult(result: CallToolResult): Promise<void>;
  close(): Promise<void>;
}

/** The flags of a quiet, throwaway headless Chromium (playwright gives it a fresh profile of its own). */
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"];

export async function startViewHost(options: { demoRunSeconds: number; width?: number }): Promise<ViewHost> {
  const server = await spawnServer(["--demo"], { OCTOPERF_DEMO_RUN_SECONDS: String(options.demoRunSeconds) });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: options.width ?? 1000, height: 900 } });
    const requests: string[] = [];
    if (process.env.VIEW_DEBUG) page.on("console", (m) => console.error("[view]", m.text()));
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith("about:") && !url.startsWith("data:")) requests.push(url);
    });
    // The view's tool calls, forwarded to the built server; a closed server makes them fail, as an unreachable one would.
    await page.exposeFunction("hostCallTool", (params: { name: string; arguments?: Record<string, unknown> }) => server.client.callTool(params));
    const script = await hostScript();
    const host: ViewHost = {
      server,
      page,
      requests,
      async open() {
        const { contents } = await server.client.readResource({ uri: VIEW_URI });
        const html = (contents[0] as { text: string }).text;
        await page.setContent(`<!doctype html><html><body style="margin:0"><script>${script.replace(/<\/script/gi, "<\\/script")}</script></body></html>`);
        await page.evaluate((view) => (globalThis as unknown as { startHost(html: string): Promise<void> }).startHost(view), html);
      },
      frame() {
        const frame = page.frames().find((f) => f !== page.mainFrame());
        if (frame === undefined) throw new Error("the view's iframe is not there");
        return frame;
      },
      async sendInput(args) {
        await page.evaluate((a) => (globalThis as unknown as { sendInput(a: unknown): Promise<void> }).sendInput(a), args);
      },
      async sendResult(result) {
        await page.evaluate((r) => (globalThis as unknown as { sendResult(r: unknown): Promise<void> }).sendResult(r), result as unknown);
      },
      async close() {
        await browser?.close();
        await server.close();
      },
    };
    return host;
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
