#!/usr/bin/env node
/**
 * `npm run demo`: a scripted assistant. It starts the server in demo mode over stdio with the
 * SDK's own Client — the real MCP protocol, as Claude Desktop would speak it — and walks
 * discover → launch → poll → analyze, printing each tool call and what came back.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod";
import { KEY_METRIC_IDS } from "../domain/model/metrics.js";

const POLL_EVERY_MS = 1000;
const BAR_WIDTH = 30;
const out = (text: string) => process.stdout.write(text);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);

/** What the walkthrough reads from each answer; parsing it tells at once if a tool's output changed. */
const Listed = z.object({ id: z.string() });
const Workspaces = z.object({ workspaces: z.array(Listed).min(1) });
const Projects = z.object({ projects: z.array(Listed).min(1) });
const Scenarios = z.object({ scenarios: z.array(Listed).min(1) });
const NamedScenarios = z.object({ scenarios: z.array(z.object({ id: z.string(), name: z.string() })) });
const Launched = z.object({ benchResultId: z.string(), reportId: z.string() });
const Status = z.object({ state: z.string(), progressPercent: z.number().optional(), terminal: z.boolean() });
const History = z.object({ runs: z.array(z.object({ benchResultId: z.string(), state: z.string() })) });
const Anything = z.unknown();

async function call<T>(client: Client, name: string, schema: z.ZodType<T>, args: Record<string, unknown> = {}, quiet = false): Promise<T> {
  if (!quiet) out(`\n${bold(`→ ${name}`)} ${dim(JSON.stringify(args))}\n`);
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  if (!quiet) out(`${text.replace(/^/gm, "  ")}\n`);
  return schema.parse(result.structuredContent);
}

function progressBar(state: string, percent: number | undefined): string {
  const share = Math.max(0, Math.min(1, (percent ?? 0) / 100));
  const filled = Math.round(share * BAR_WIDTH);
  return `  [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${state.padEnd(12)}`;
}

async function main(): Promise<void> {
  // The bundled bin, as an MCP host starts it.
  const serverPath = fileURLToPath(new URL("../bin/octoperf-mcp.js", import.meta.url));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverPath, "--demo"],
    env: { ...getDefaultEnvironment(), ...pick(process.env, "OCTOPERF_DEMO_RUN_SECONDS") },
    stderr: "ignore",
  });
  const client = new Client({ name: "octoperf-mcp-demo", version: "1.0.0" });
  await client.connect(transport);

  out(bold("OctoPerf MCP demo: an offline OctoPerf, driven through the real MCP protocol.\n"));
  const { tools } = await client.listTools();
  out(`The server offers ${tools.length} tools: ${tools.map((t) => t.name).join(", ")}\n`);

  out(bold("\n1. Discover\n"));
  const { workspaces } = await call(client, "octoperf_get_current_user_workspaces", Workspaces);
  const { projects } = await call(client, "get_project_by_workspace_id", Projects, { workspaceId: workspaces[0]!.id });
  const { scenarios } = await call(client, "get_runtime_id", Scenarios, { projectId: projects[0]!.id });

  out(bold("\n2. Launch\n"));
  const launched = await call(client, "octoperf_run_test", Launched, { runtimeId: scenarios[0]!.id });

  out(bold("\n3. Poll\n"));
  out(`${bold("→ octoperf_status")} ${dim(JSON.stringify({ benchResultId: launched.benchResultId }))} every ${POLL_EVERY_MS / 1000} s\n`);
  let status = await call(client, "octoperf_status", Status, { benchResultId: launched.benchResultId }, true);
  let lastState = "";
  while (!status.terminal) {
    const line = progressBar(status.state, status.progressPercent);
    if (process.stdout.isTTY) out(`\r${line}`);
    else if (status.state !== lastState) out(`${line}\n`);
    lastState = status.state;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    status = await call(client, "octoperf_status", Status, { benchResultId: launched.benchResultId }, true);
  }
  out(`${process.stdout.isTTY ? "\r" : ""}${progressBar(status.state, status.state === "FINISHED" ? 100 : status.progressPercent)}\n`);

  out(bold("\n4. Analyze\n"));
  await call(client, "octoperf_report", Anything, { reportId: launched.reportId });
  await call(client, "octoperf_get_report_metrics", Anything, { benchResultId: launched.benchResultId, metricIds: [...KEY_METRIC_IDS] });

  out(bold('\n5. All in one call: "run it again, check p95 under 800 ms and compare with the baseline run"\n'));
  const history = await call(client, "octoperf_list_test_runs", History, { scenarioId: scenarios[0]!.id, limit: 10 });
  // The oldest finished run of the list is the reference the team compares against.
  const baseline = history.runs.filter((r) => r.state === "FINISHED").at(-1);
  if (baseline === undefined) throw new Error("the demo OctoPerf has no finished run to compare with");
  const args = {
    scenarioId: scenarios[0]!.id,
    criteria: [
      { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 },
      { metricId: "ERRORS_PERCENT", operator: "<", threshold: 1 },
    ],
    baselineBenchResultId: baseline.benchResultId,
  };
  out(`\n${bold("→ octoperf_run_and_analyze")} ${dim(JSON.stringify(args))}\n`);
  const analysis = (await client.callTool({ name: "octoperf_run_and_analyze", arguments: args }, undefined, {
    onprogress: (p) =>
      out(
        `${process.stdout.isTTY ? "\r" : ""}  progress ${String(Math.round(p.progress)).padStart(3)}%  ${p.message ?? ""}${process.stdout.isTTY ? "\x1b[K" : "\n"}`,
      ),
    resetTimeoutOnProgress: true,
  })) as CallToolResult;
  if (process.stdout.isTTY) out("\n");
  out(
    `${analysis.content
      .map((c) => (c.type === "text" ? c.text : ""))
      .join("\n")
      .replace(/^/gm, "  ")}\n`,
  );

  out(bold('\n6. "Is search getting slower?": the trend of a scenario over its last runs, with a chart\n'));
  const { scenarios: everything } = await call(client, "get_runtime_id", NamedScenarios, {}, true);
  const search = everything.find((s) => s.name === "Search relevance load");
  if (search === undefined) throw new Error('the demo OctoPerf has no "Search relevance load" scenario');
  const trendArgs = { scenarioId: search.id, runs: 10 };
  out(`\n${bold("→ octoperf_trend")} ${dim(JSON.stringify(trendArgs))}\n`);
  const trend = (await client.callTool({ name: "octoperf_trend", arguments: trendArgs })) as CallToolResult;
  if (trend.isError) throw new Error(`octoperf_trend failed: ${JSON.stringify(trend.content)}`);
  out(
    `${trend.content
      .map((c) => (c.type === "text" ? c.text : ""))
      .join("")
      .replace(/^/gm, "  ")}\n`,
  );
  const image = trend.content.find((c) => c.type === "image");
  if (image !== undefined) {
    // A folder of its own: a fixed name in the shared temp dir could be another user's file, or a link planted there.
    const chartPath = join(mkdtempSync(join(tmpdir(), "octoperf-demo-")), "trend.png");
    writeFileSync(chartPath, Buffer.from(image.data, "base64"));
    out(`  The chart an MCP host shows inline is in ${bold(chartPath)} (open it to see it).\n`);
  }

  // The live run view (MCP Apps) needs a host that renders it: a browser shows what it looks like.
  out(
    `\n${bold("Live run view")}: hosts with MCP Apps (Claude, ChatGPT, VS Code Copilot, Goose…) show a run as it goes, with Stop and the verdict.\n` +
      `  Screenshots of it during a demo run: ${bold("npm run view:screenshot")} writes them to ${bold("view-screenshots/")} (needs Chromium); ` +
      `the README shows one (docs/live-view.png).\n`,
  );
  out(bold("\nDone: that is the whole loop an assistant runs for you, offline. Plug the server into your MCP client next (README).\n"));
  await client.close();
}

function pick(env: NodeJS.ProcessEnv, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] === undefined ? [] : [[n, env[n]]])));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
