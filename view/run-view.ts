/**
 * The live view (MCP Apps, `App` of @modelcontextprotocol/ext-apps): a run as it goes, its
 * verdict at the end, and the interactive trend chart. The host hands it the tool call's input
 * and result; while the run is not terminal it polls the app-only tool and keeps its own history
 * of points (OctoPerf has no time series we can rely on). It makes no network request of its
 * own: every byte it needs is in this file, every fact comes through the host.
 */
import { App, applyDocumentTheme, applyHostFonts, applyHostStyleVariables } from "@modelcontextprotocol/ext-apps/app-with-deps";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RUN_VIEW_TOOL, type RunViewData } from "../src/adapters/mcp/apps/view-data.js";
import { createLiveChart, type LiveChart } from "./charts.js";
import { formatDuration, formatMeasure } from "./format.js";
import { isTrend, renderTrend } from "./trend-view.js";
import { renderVerdict, type Analysis } from "./verdict.js";

const STOP_TOOL = "octoperf_stop_test";
/** The key metrics are asked again every this many polls (and once at the end): each costs OctoPerf a summary request. */
const SUMMARY_EVERY = 5;
const MAX_RETRY_SECONDS = 30;

type Target = { readonly benchResultId: string } | { readonly scenarioId: string; readonly notBefore: ReadonlySet<string> };

interface Point {
  readonly x: number;
  readonly users: number | null;
  readonly responseTime: number | null;
  readonly errors: number | null;
  readonly hits: number | null;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const view = {
  app: new App({ name: "OctoPerf live run view", version: "1.0.0" }, {}, { autoResize: true }),
  target: null as Target | null,
  data: null as RunViewData | null,
  scenarioName: null as string | null,
  analysis: null as Analysis | null,
  history: [] as Point[],
  units: { users: "VUs", responseTime: "ms", errors: "%", hits: "/s" },
  polls: 0,
  failures: 0,
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  charts: null as Record<keyof typeof CHARTS, LiveChart> | null,
  openedLate: false,
  pollSeconds: undefined as number | undefined,
};

const CHARTS = {
  users: { title: "Virtual users", color: "#3b82f6" },
  responseTime: { title: "Response time", color: "#f59e0b" },
  errors: { title: "Errors", color: "#ef4444" },
  hits: { title: "Hits", color: "#10b981" },
} as const;

// ——— host messages ———

view.app.ontoolinput = ({ arguments: args }: { arguments?: Record<string, unknown> }) => {
  if (view.target !== null || args === undefined) return;
  if (typeof args.benchResultId === "string") {
    follow({ benchResultId: args.benchResultId });
  } else if (typeof args.runtimeId === "string") {
    // A launch: its answer names the run in a moment. A run and analyze answers only at the end,
    // so the view follows the scenario's newest run meanwhile (not one that had ended already).
    showPhase(`Launching the scenario…`);
    const scenarioId = args.runtimeId;
    setTimeout(() => {
      if (view.target === null) follow({ scenarioId, notBefore: new Set() });
    }, 3000);
  }
};

view.app.ontoolresult = (result: CallToolResult) => {
  const content = result.structuredContent;
  if (result.isError === true || content === undefined) {
    showMessage("The tool call failed", textOf(result), "error");
    return;
  }
  if (isTrend(content)) {
    stopPolling();
    document.body.dataset.mode = "trend";
    renderTrend($("trend"), content, (url) => void openLink(url));
    return;
  }
  const runId = runIdOf(content);
  if (typeof content.scenarioName === "string") view.scenarioName = content.scenarioName;
  if ("launchOutcome" in content) view.analysis = content as unknown as Analysis;
  if (runId !== null && !(view.target !== null && "benchResultId" in view.target && view.target.benchResultId === runId)) {
    follow({ benchResultId: runId });
  } else if (view.data !== null) {
    render(view.data);
  }
};

view.app.onhostcontextchanged = (context: HostContext) => applyContext(context);
view.app.onteardown = async () => {
  stopPolling();
  return {};
};

/** What the host says of itself: its theme, colours and fonts, which the view adopts. */
interface HostContext {
  readonly theme?: "light" | "dark";
  readonly styles?: { readonly variables?: Parameters<typeof applyHostStyleVariables>[0]; readonly css?: { readonly fonts?: string } };
}

function applyContext(context: HostContext | undefined): void {
  if (context?.theme !== undefined) applyDocumentTheme(context.theme);
  if (context?.styles?.variables !== undefined) applyHostStyleVariables(context.styles.variables);
  if (context?.styles?.css?.fonts !== undefined) applyHostFonts(context.styles.css.fonts);
}

function runIdOf(content: Record<string, unknown>): string | null {
  if (typeof content.benchResultId === "string") return content.benchResultId;
  const run = content.run as Record<string, unknown> | undefined;
  return typeof run?.benchResultId === "string" ? run.benchResultId : null;
}

function textOf(result: CallToolResult): string {
  return result.content
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("\n");
}

// ——— polling ———

function follow(target: Target): void {
  const sameRun = view.target !== null && "benchResultId" in view.target && "benchResultId" in target && view.target.benchResultId === target.benchResultId;
  view.target = target;
  if (!sameRun && "benchResultId" in target && view.data?.run.benchResultId !== target.benchResultId) {
    view.history = [];
    view.polls = 0;
  }
  stopPolling();
  void poll();
}

function stopPolling(): void {
  if (view.timer !== undefined) clearTimeout(view.timer);
  view.timer = undefined;
}

function pollAgainIn(seconds: number): void {
  stopPolling();
  view.timer = setTimeout(() => void poll(), seconds * 1000);
}

async function poll(): Promise<void> {
  const target = view.target;
  if (target === null) return;
  const summary = view.polls % SUMMARY_EVERY === 0;
  const args = "benchResultId" in target ? { benchResultId: target.benchResultId, summary } : { scenarioId: target.scenarioId, summary: true };
  let result: CallToolResult;
  try {
    result = await view.app.callServerTool({ name: RUN_VIEW_TOOL, arguments: args });
  } catch (error) {
    // The host could not get an answer from the server at all: it may come back, so keep trying, slower.
    view.failures += 1;
    const wait = Math.min(MAX_RETRY_SECONDS, 2 ** view.failures);
    const why = error instanceof Error ? error.message : String(error);
    showMessage("The OctoPerf MCP server cannot be reached", `${why}. Trying again in ${wait} s; the charts keep what they had.`, "unreachable");
    pollAgainIn(wait);
    return;
  }
  if (view.target !== target) return;
  if (result.isError === true) {
    view.failures += 1;
    const text = textOf(result);
    if (/visible to this API key|No bench result/i.test(text)) {
      // Not a passing problem: asking again would say the same.
      showMessage("This run is not visible to this API key", `${text} A run started with another OctoPerf account cannot be watched here.`, "not-visible");
      return;
    }
    const wait = Math.min(MAX_RETRY_SECONDS, 2 ** view.failures);
    showMessage("OctoPerf did not answer", `${text} Trying again in ${wait} s.`, "unreachable");
    pollAgainIn(wait);
    return;
  }
  view.failures = 0;
  clearMessage();
  const data = result.structuredContent as unknown as RunViewData;
  if (!("benchResultId" in target)) {
    // Following a scenario: a run that had ended when the view first looked is not the one launched.
    if (data.run.terminal && (view.polls === 0 || target.notBefore.has(data.run.benchResultId))) {
      view.target = { scenarioId: target.scenarioId, notBefore: new Set([...target.notBefore, data.run.benchResultId]) };
      view.polls += 1;
      pollAgainIn(5);
      return;
    }
    view.target = { benchResultId: data.run.benchResultId };
  }
  view.polls += 1;
  // Load well under way at the first look: the charts start here, the key metrics cover the run so far.
  if (view.polls === 1 && data.run.phase === "running" && data.progress.percent > 15) view.openedLate = true;
  record(data);
  render(view.data!);
  if (data.run.terminal) {
    // The last summary, for the verdict's key metrics, once.
    if (data.summary === undefined) {
      view.polls = 0;
      pollAgainIn(0);
    }
    return;
  }
  // The pace comes with the plan (a poll with the scenario): the others keep it.
  if (data.run.scenario !== undefined) view.pollSeconds = data.view.nextPollSeconds;
  pollAgainIn(view.pollSeconds ?? data.view.nextPollSeconds);
}

/** One point per poll while load runs: the view's own history, since OctoPerf keeps none we can read. */
function record(data: RunViewData): void {
  // What only some polls carry (the plan, the key metrics) stays until a newer one comes.
  const before = view.data;
  const scenario = data.run.scenario ?? before?.run.scenario;
  const summary = data.summary ?? before?.summary;
  view.data = { ...data, run: { ...data.run, ...(scenario === undefined ? {} : { scenario }) }, ...(summary === undefined ? {} : { summary }) };
  if (data.run.state !== "RUNNING" || data.live.metrics.length === 0) return;
  const of = (kind: string) => data.live.metrics.find((m) => m.kind === kind);
  const errorsPercent = of("errorsPercent");
  const errors = errorsPercent ?? of("errorsRate");
  const users = of("users");
  const hits = of("hitsRate");
  const responseTime = of("responseTime");
  if (users?.unit) view.units.users = users.unit;
  if (responseTime?.unit) view.units.responseTime = responseTime.unit;
  if (hits?.unit) view.units.hits = hits.unit;
  if (errors !== undefined) view.units.errors = errors.unit || (errorsPercent !== undefined ? "%" : "/s");
  const last = view.history.at(-1);
  if (last !== undefined && last.x >= data.progress.elapsedSeconds) return;
  view.history.push({
    x: data.progress.elapsedSeconds,
    users: users?.value ?? null,
    responseTime: responseTime?.value ?? null,
    errors: errors?.value ?? null,
    hits: hits?.value ?? null,
  });
}

// ——— rendering ———

function render(data: RunViewData): void {
  const { run, progress } = data;
  const scenario = run.scenario;
  document.body.dataset.mode = "run";
  document.body.dataset.state = run.state;
  document.body.dataset.phase = run.phase;
  $("title").textContent = scenario?.name ?? view.scenarioName ?? "Load test";
  $("run-id").textContent = run.benchResultId;
  const planned = [
    scenario?.totalVus != null ? `${formatMeasure(scenario.totalVus, "")} VUs planned` : "",
    scenario?.expectedDurationSeconds != null ? `${formatDuration(scenario.expectedDurationSeconds * 1000)} of load` : "",
  ].filter((p) => p !== "");
  $("plan").textContent = planned.join(" · ");
  const state = $("state");
  state.textContent = run.state;
  state.className = `badge ${run.phase}`;
  const report = $<HTMLAnchorElement>("report");
  report.hidden = run.reportUrl === undefined;
  if (run.reportUrl !== undefined) report.href = run.reportUrl;

  $("bar").style.width = `${progress.percent}%`;
  $("progress").setAttribute("aria-valuenow", String(progress.percent));
  const elapsed = formatDuration(progress.elapsedSeconds * 1000);
  const remaining = progress.remainingSeconds === null ? null : formatDuration(progress.remainingSeconds * 1000);
  $("times").textContent = run.terminal
    ? `Ran for ${elapsed}`
    : `${Math.round(progress.percent)}% · elapsed ${elapsed}` +
      (remaining === null ? "" : run.phase === "provisioning" ? ` · provisioning, then ${remaining} of load` : ` · about ${remaining} left`);

  renderCharts();
  renderLiveExtras(data);
  renderTiles(data);
  $("late").hidden = !view.openedLate || run.terminal;
  $("stop-area").hidden = !data.view.canStop || run.terminal;
  if (run.terminal) renderVerdict($("verdict"), data, view.analysis);
  $("verdict").hidden = !run.terminal;
}

function renderCharts(): void {
  view.charts ??= Object.fromEntries(
    Object.entries(CHARTS).map(([id, c]) => [
      id,
      createLiveChart($("charts"), { id, title: c.title, color: c.color, unit: view.units[id as keyof typeof CHARTS] }),
    ]),
  ) as Record<keyof typeof CHARTS, LiveChart>;
  const xs = view.history.map((p) => p.x);
  for (const id of Object.keys(CHARTS) as (keyof typeof CHARTS)[]) {
    view.charts[id].setPoints(
      xs,
      view.history.map((p) => p[id]),
      view.units[id],
    );
  }
  $("charts-empty").hidden = view.history.length > 0;
}

function renderLiveExtras(data: RunViewData): void {
  const charted = new Set(["users", "responseTime", "hitsRate", "errorsPercent", "errorsRate"]);
  const others = data.live.metrics.filter((m) => m.kind === null || !charted.has(m.kind));
  const list = $("other-live");
  list.replaceChildren(
    ...others.map((m) => {
      const item = document.createElement("li");
      item.textContent = `${m.name}: ${formatMeasure(m.value, m.unit)}`;
      return item;
    }),
  );
  list.hidden = others.length === 0;
  const note = $("live-note");
  note.hidden = data.live.unavailable === undefined;
  note.textContent = data.live.unavailable === undefined ? "" : `Live metrics unavailable: ${data.live.unavailable}. The state still updates.`;
}

function renderTiles(data: RunViewData): void {
  const summary = view.data?.summary ?? data.summary;
  const tiles = $("tiles");
  if (summary === undefined) {
    tiles.hidden = true;
    return;
  }
  const shown = ["HITS_TOTAL", "HITS_RATE", "ERRORS_PERCENT", "RESPONSE_TIME_AVG", "RESPONSE_TIME_PERCENTILE_95", "RESPONSE_TIME_MAX"];
  tiles.replaceChildren(
    ...shown.flatMap((id) => {
      const metric = summary.find((m) => m.metricId === id);
      if (metric === undefined) return [];
      const tile = document.createElement("div");
      tile.className = "tile";
      tile.dataset.metric = id;
      const value = document.createElement("strong");
      value.textContent = formatMeasure(metric.value, metric.unit);
      const label = document.createElement("span");
      label.textContent = metric.label;
      tile.append(value, label);
      return [tile];
    }),
  );
  tiles.hidden = false;
  $("tiles-caption").textContent = data.run.terminal ? "Key metrics" : "Key metrics so far";
}

function showPhase(text: string): void {
  $("times").textContent = text;
}

function showMessage(title: string, text: string, kind: "error" | "not-visible" | "unreachable"): void {
  const box = $("message");
  box.hidden = false;
  box.dataset.kind = kind;
  $("message-title").textContent = title;
  $("message-text").textContent = text;
}

function clearMessage(): void {
  $("message").hidden = true;
  delete $("message").dataset.kind;
}

async function openLink(url: string): Promise<void> {
  try {
    await view.app.openLink({ url });
  } catch {
    window.open(url, "_blank", "noopener");
  }
}

// ——— stop ———

function wireStop(): void {
  const ask = $<HTMLButtonElement>("stop");
  const confirm = $("stop-confirm");
  ask.addEventListener("click", () => {
    confirm.hidden = false;
    ask.hidden = true;
  });
  $("stop-cancel").addEventListener("click", () => {
    confirm.hidden = true;
    ask.hidden = false;
  });
  $("stop-yes").addEventListener("click", () => void stopRun());
  $("report").addEventListener("click", (event) => {
    event.preventDefault();
    void openLink($<HTMLAnchorElement>("report").href);
  });
}

async function stopRun(): Promise<void> {
  const id = view.data?.run.benchResultId;
  if (id === undefined) return;
  const yes = $<HTMLButtonElement>("stop-yes");
  yes.disabled = true;
  try {
    const result = await view.app.callServerTool({ name: STOP_TOOL, arguments: { benchResultId: id } });
    if (result.isError === true) showMessage("The run could not be stopped", textOf(result), "error");
    else $("stop-status").textContent = "Stop requested: OctoPerf aborts the run within seconds.";
  } catch (error) {
    showMessage(
      "The OctoPerf MCP server cannot be reached",
      `${error instanceof Error ? error.message : String(error)}. The run was not stopped.`,
      "unreachable",
    );
  } finally {
    yes.disabled = false;
    $("stop-confirm").hidden = true;
    $("stop").hidden = false;
  }
  pollAgainIn(0.5);
}

// ——— start ———

wireStop();
void view.app.connect().then(
  () => applyContext(view.app.getHostContext()),
  (error: unknown) => showMessage("This view could not connect to its host", error instanceof Error ? error.message : String(error), "error"),
);
