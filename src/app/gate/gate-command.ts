import { cliMessage } from "../cli-errors.js";
import { accessSync, appendFileSync, constants, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { maskText } from "../../adapters/mask-text.js";
import {
  AuthenticationError,
  CancelledError,
  ConfigurationError,
  FollowUpFailedError,
  InvalidInputError,
  LaunchOutcomeUnknownError,
  LaunchRefusedError,
  NotFoundError,
  OctoPerfError,
  whatFailed,
} from "../../domain/errors.js";
import { assertMayLaunch } from "../../domain/model/launch-policy.js";
import type { LinkedRunAnalysis as RunAnalysis, LinkedUseCases as UseCases } from "../../adapters/linked-use-cases.js";
import { loadConfig, secretsOf, type Config } from "../config.js";
import { environmentSecrets } from "../environment-secrets.js";
import { createContainer, resolveUseCases, type ContainerOverrides } from "../container.js";
import { GATE_HELP } from "./gate-help.js";
import { MIN_TREND_RUNS, type ChartFormat } from "../../domain/model/trend.js";
import { chartFormatOf, GateUsageError, parseGateArgs, type GateOptions } from "./gate-options.js";
import { EXIT_CODES, failureReport, formatValue, judgeRun, type GateReport, type JudgedReport } from "./gate-report.js";
import { toJUnitXml } from "./junit-report.js";
import { toMarkdownSummary, type SummaryFigure } from "./markdown-summary.js";
import { ProgressLine, type ProgressStream } from "./progress-line.js";

/** What the gate touches outside itself, so tests can run it in-process with a fake OctoPerf and clock. */
export interface GateIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressStream;
  readonly signal?: AbortSignal;
  readonly overrides?: ContainerOverrides;
  readonly now?: () => Date;
}

/** A failure with its exit code and the one message a CI reader needs; `run` is the run launched, when known. */
class GateExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly run: { readonly id: string; readonly url: string | null } | null = null,
  ) {
    super(message);
  }
}

/**
 * `octoperf-mcp gate`: validate everything, launch once, follow, judge, report. Returns the exit
 * code. Everything that can be checked without launching is checked first; after the launch,
 * every error names the run, so nobody launches a second one blindly.
 */
export async function runGate(argv: readonly string[], io: GateIo): Promise<number> {
  // From the start: a usage error may echo an argument that is the key itself.
  let secrets: readonly string[] = environmentSecrets(io.env);
  const say = (text: string) => io.stderr.write(`octoperf-mcp gate: ${maskText(text, secrets)}\n`);
  // Once the output paths are known good, every exit leaves its reports: a CI reads ERROR and why,
  // never a missing file (or a previous run's).
  let failed: ((exitCode: number, message: string, run: GateExit["run"]) => void) | undefined;
  try {
    const command = parseGateArgs(argv);
    if (command.help) {
      io.stdout.write(GATE_HELP);
      return 0;
    }
    const config = configure(command, io);
    secrets = [...secrets, ...secretsOf(config)];
    const outputs = checkOutputs(command, io);
    failed = (exitCode, message, run) => {
      try {
        writeReports(failureReport({ exitCode, message, scenarioId: command.scenarioId, run }), outputs, io, secrets, null);
      } catch (error) {
        say(`warning: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const useCases = resolveUseCases(createContainer(config, io.overrides));
    if (config.mode === "demo") say("demo mode: an in-memory OctoPerf, no account, no network");

    await checkBaseline(command, useCases, io.signal);
    const analysis = await launchAndFollow(command, useCases, { ...io, stderr: masked(io.stderr, secrets) });
    const report = judgeRun(analysis);
    const chart = outputs.chart === null ? null : await drawTrendChart(outputs.chart, report, useCases, io);
    if (chart !== null && !chart.drawn) say(`warning: the trend chart could not be drawn: ${chart.reason} The verdict stands.`);
    writeReports(report, outputs, io, secrets, chart);
    io.stdout.write(maskText(summaryText(report, chart, io.cwd), secrets));
    if (!analysis.wait.terminal) say(unfinished(analysis, command));
    return report.exitCode;
  } catch (error) {
    if (error instanceof GateUsageError) {
      say(`${error.message}. Nothing was launched.`);
      failed?.(EXIT_CODES.USAGE, `${error.message}. Nothing was launched.`, null);
      return EXIT_CODES.USAGE;
    }
    if (error instanceof GateExit) {
      say(error.message);
      failed?.(error.exitCode, error.message, error.run);
      return error.exitCode;
    }
    // A bug, not a situation the gate knows: its stack helps whoever reports it.
    say(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    failed?.(EXIT_CODES.ERROR, `unexpected error: ${error instanceof Error ? error.message : String(error)}`, null);
    return EXIT_CODES.ERROR;
  }
}

function configure(options: GateOptions, io: GateIo): Config {
  let config: Config;
  try {
    config = loadConfig(io.env, { demo: options.demo });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new GateUsageError(error.message.replace(/\.$/, ""));
    throw error;
  }
  try {
    assertMayLaunch({ readOnly: config.readOnly, allowedScenarios: config.allowedScenarios }, options.scenarioId);
  } catch (error) {
    if (error instanceof LaunchRefusedError) throw new GateUsageError(cliMessage(error).replace(/\.$/, ""));
    throw error;
  }
  return config;
}

interface Outputs {
  readonly junit: string | null;
  readonly markdown: string | null;
  readonly chart: { readonly path: string; readonly format: ChartFormat } | null;
  readonly stepSummary: string | null;
}

/** Found now rather than after an hour of load: a report nobody can write is a wasted run. */
function checkOutputs(options: GateOptions, io: GateIo): Outputs {
  const junit = options.junitFile === null ? null : resolve(io.cwd, options.junitFile);
  const markdown = options.markdownFile === null ? null : resolve(io.cwd, options.markdownFile);
  const chart = options.chartFile === null ? null : resolve(io.cwd, options.chartFile);
  const stepSummary = io.env.GITHUB_STEP_SUMMARY?.trim() ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : null;
  // Each file would overwrite the other: one of the two reports would be lost after the run.
  const named: [string, string | null][] = [
    ["--junit", junit],
    ["--markdown", markdown],
    ["--chart", chart],
  ];
  for (const [i, [first, a]] of named.entries()) {
    for (const [second, b] of named.slice(i + 1)) {
      if (a !== null && a === b) throw new GateUsageError(`${first} and ${second} name the same file: give each its own`);
    }
  }
  if (chart !== null && chart === stepSummary) throw new GateUsageError("--chart names the GITHUB_STEP_SUMMARY file: give the chart a file of its own");
  if (junit !== null) checkWritable("--junit", junit);
  if (markdown !== null) checkWritable("--markdown", markdown);
  if (chart !== null) checkWritable("--chart", chart);
  if (stepSummary !== null) checkWritable("GITHUB_STEP_SUMMARY", stepSummary);
  // The step summary is appended to (earlier steps' summaries are in it); writing --markdown there
  // too would first wipe them, then leave this summary in it twice: it is written once, appended.
  const ownMarkdown = markdown === stepSummary ? null : markdown;
  // parseGateArgs accepts only .png and .svg names.
  return { junit, markdown: ownMarkdown, chart: chart === null ? null : { path: chart, format: chartFormatOf(chart)! }, stepSummary };
}

function checkWritable(argument: string, path: string): void {
  const existing = statOrNull(path);
  if (existing?.isDirectory()) throw new GateUsageError(`${argument}: ${path} is a directory, not a file`);
  // A device (/dev/full, a terminal) takes the open and fails the write, after the launch: a report goes to a file.
  if (existing !== null && !existing.isFile()) throw new GateUsageError(`${argument}: ${path} is not a regular file`);
  const target = existing === null ? dirname(path) : path;
  if (existing === null && !statOrNull(target)?.isDirectory()) throw new GateUsageError(`${argument}: directory ${target} does not exist`);
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new GateUsageError(`${argument}: ${existing === null ? `directory ${target}` : path} is not writable`);
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** A typo in --baseline must not cost a load test; nor must a baseline that cannot be compared with. */
async function checkBaseline(options: GateOptions, useCases: UseCases, signal: AbortSignal | undefined): Promise<void> {
  if (options.baselineBenchResultId === null) return;
  let state: string;
  try {
    state = (await useCases.getRunStatus.execute({ benchResultId: options.baselineBenchResultId }, { signal })).state;
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new GateUsageError(`--baseline: no run (bench result) "${options.baselineBenchResultId}" is visible to this API key`);
    }
    throw beforeLaunch(error);
  }
  if (state !== "FINISHED") {
    throw new GateUsageError(`--baseline: run "${options.baselineBenchResultId}" is ${state}, not FINISHED: compare with a run that finished`);
  }
}

async function launchAndFollow(options: GateOptions, useCases: UseCases, io: GateIo): Promise<RunAnalysis> {
  const progress = new ProgressLine(io.stderr);
  let followed: { id: string; url: string | null } | null = null;
  let analysis: RunAnalysis;
  try {
    analysis = await useCases.runAndAnalyze.execute(
      {
        scenarioId: options.scenarioId,
        ...(options.criteria === null ? {} : { criteria: options.criteria.map((c) => ({ ...c })) }),
        ...(options.baselineBenchResultId === null ? {} : { baselineBenchResultId: options.baselineBenchResultId, tolerancePercent: options.tolerancePercent }),
        maxWaitSeconds: options.maxWaitSeconds,
      },
      {
        signal: io.signal,
        onProgress: (p) => {
          if (followed === null) progress.say(`following run ${p.run.id}${p.run.url ? ` (${p.run.url})` : ""}`);
          followed = { id: p.run.id, url: p.run.url };
          progress.update(p);
        },
      },
    );
  } catch (error) {
    progress.done();
    throw afterLaunchAttempt(error, options, followed);
  }
  progress.done();
  return analysis;
}

/** The stream with every secret masked in what is written to it, for the progress line (run names, links). */
function masked(stream: ProgressStream, secrets: readonly string[]): ProgressStream {
  return { write: (text) => stream.write(maskText(text, secrets)), isTTY: stream.isTTY, columns: stream.columns };
}

function unfinished({ wait }: RunAnalysis, options: GateOptions): string {
  return (
    `run "${wait.run.id}" is still ${wait.run.state} after ${wait.waitedSeconds} s (--max-wait ${options.maxWaitSeconds}). ` +
    `It goes on in OctoPerf${wait.run.url ? ` (${wait.run.url})` : ""}: do not launch it again; judge it once it ends, or stop it in OctoPerf.`
  );
}

function afterLaunchAttempt(error: unknown, options: GateOptions, followed: { id: string; url: string | null } | null): unknown {
  const where = (id: string, url: string | null) => `run "${id}"${url ? ` (${url})` : ""}`;
  if (error instanceof FollowUpFailedError) {
    // The cause's own "try again" advice would invite a relaunch: keep only what happened.
    const cause = error.cause instanceof OctoPerfError ? `${whatFailed(error.cause)}.` : "OctoPerf failed.";
    const url = followed?.id === error.benchResultId ? followed.url : null;
    return new GateExit(
      EXIT_CODES.ERROR,
      `scenario "${options.scenarioId}" was launched as ${where(error.benchResultId, url)}, which is under way, ` +
        `but following it failed: ${cause} Do not launch it again: follow that run in OctoPerf.`,
      { id: error.benchResultId, url },
    );
  }
  if (error instanceof CancelledError) {
    return new GateExit(
      EXIT_CODES.ERROR,
      followed === null
        ? `cancelled before any run was followed: check the runs of scenario "${options.scenarioId}" in OctoPerf before launching again.`
        : `cancelled while following ${where(followed.id, followed.url)}, which goes on in OctoPerf: do not launch it again; stop it there if it must not finish.`,
      followed,
    );
  }
  if (error instanceof LaunchOutcomeUnknownError) return new GateExit(EXIT_CODES.ERROR, cliMessage(error));
  if (error instanceof NotFoundError && error.entity === "scenario") {
    return new GateUsageError(
      `<scenarioId>: no scenario "${options.scenarioId}" is visible to this API key: copy the id of a runtime scenario from OctoPerf, in a workspace the key belongs to`,
    );
  }
  return beforeLaunch(error);
}

/** Failures before any launch: nothing was spent, and the message says so. */
function beforeLaunch(error: unknown): unknown {
  if (error instanceof AuthenticationError || error instanceof InvalidInputError) {
    return new GateUsageError(cliMessage(error).replace(/\.$/, ""));
  }
  if (error instanceof OctoPerfError) return new GateExit(EXIT_CODES.ERROR, `${cliMessage(error)} Nothing was launched.`);
  return error;
}

/** The chart's fate, which the reports tell: drawn (and of which runs), or why not. */
type ChartOutcome =
  | { readonly drawn: true; readonly path: string; readonly runs: number; readonly includesRun: boolean }
  | { readonly drawn: false; readonly path: string; readonly reason: string };

/**
 * The scenario's trend, through the use case the octoperf_trend tool uses, drawn to --chart. The
 * verdict is already decided: whatever goes wrong here (OctoPerf, the drawing, the disk) costs the
 * picture, never the verdict or the exit code.
 */
async function drawTrendChart(chart: NonNullable<Outputs["chart"]>, report: JudgedReport, useCases: UseCases, io: GateIo): Promise<ChartOutcome> {
  try {
    const trend = await useCases.getScenarioTrend.execute({ scenarioId: report.scenario.id, chart: chart.format }, { signal: io.signal });
    if (trend.chart === null) throw new Error("the trend came back without its chart.");
    writeFileSync(chart.path, trend.chart.data);
    return { drawn: true, path: chart.path, runs: trend.runs.length, includesRun: trend.runs.some((r) => r.benchResultId === report.run.id) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { drawn: false, path: chart.path, reason: /[.!?]$/.test(message) ? message : `${message}.` };
  }
}

/** What stands under the table: the image where the reader can open the file beside the summary, its name where not. */
function chartFigure(chart: ChartOutcome, report: JudgedReport, markdownFile: string | null, cwd: string): SummaryFigure {
  const alt = `Trend of ${report.scenario.name}`;
  if (!chart.drawn) return { alt, src: null, caption: `The trend chart could not be drawn: ${chart.reason}` };
  const runs = chartRuns(chart, report);
  if (markdownFile === null) {
    // GitHub's step summary is shown on a web page that cannot read the runner's disk.
    return { alt, src: null, caption: `Trend chart (${runs}): ${displayPath(chart.path, cwd)}, in the job's artifacts if the workflow uploads it.` };
  }
  const src = relative(dirname(markdownFile), chart.path).split(sep).map(encodeURIComponent).join("/");
  return { alt, src, caption: `Trend chart: ${runs}.` };
}

/** Which runs the picture holds, so nobody reads a trend into two points or misses the run just judged. */
function chartRuns(chart: Extract<ChartOutcome, { drawn: true }>, report: JudgedReport): string {
  const runs =
    chart.runs === 0
      ? "no finished run of the scenario yet, so it is empty"
      : `the last ${chart.runs} finished run${chart.runs === 1 ? "" : "s"} of the scenario, oldest to newest` +
        (chart.runs < MIN_TREND_RUNS ? ` (too few for a trend, which takes ${MIN_TREND_RUNS})` : "");
  return chart.includesRun ? runs : `${runs}; run ${report.run.id} did not finish, so it is not among them`;
}

/** Relative to the working directory (the CI workspace, where artifact paths start) when inside it. */
function displayPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? path : inside.split(sep).join("/");
}

function writeReports(report: GateReport, outputs: Outputs, io: GateIo, secrets: readonly string[], chart: ChartOutcome | null): void {
  const write = (what: string, path: string, text: string, append = false) => {
    try {
      (append ? appendFileSync : writeFileSync)(path, maskText(text, secrets));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (report.run === null || report.error !== null) throw new Error(`${what} could not be written to ${path}: ${reason}.`, { cause: error });
      throw new GateExit(
        EXIT_CODES.ERROR,
        `run "${report.run.id}" was judged ${report.verdict}, but ${what} could not be written to ${path}: ${reason}. ` +
          "Do not launch it again: its results stay in OctoPerf.",
        { id: report.run.id, url: report.run.reportUrl },
      );
    }
  };
  if (outputs.junit !== null)
    write("the JUnit report", outputs.junit, toJUnitXml(report, { timestamp: (io.now ?? (() => new Date()))(), hostname: hostname() }));
  const figures = (markdownFile: string | null) =>
    chart === null || report.run === null ? [] : [chartFigure(chart, report as JudgedReport, markdownFile, io.cwd)];
  if (outputs.markdown !== null) write("the Markdown summary", outputs.markdown, toMarkdownSummary(report, { figures: figures(outputs.markdown) }));
  if (outputs.stepSummary !== null) write("the GitHub step summary", outputs.stepSummary, `${toMarkdownSummary(report, { figures: figures(null) })}\n`, true);
}

/** What the CI log shows at the end: the verdict first, then one line per check. */
function summaryText(report: JudgedReport, chart: ChartOutcome | null, cwd: string): string {
  const lines = [
    `OctoPerf gate: ${report.verdict} (exit ${report.exitCode})`,
    `Scenario "${report.scenario.name}" (${report.scenario.id}): run ${report.run.id} ${report.run.terminal ? "ended" : "is still"} ${report.run.state} after ${report.durationSeconds} s`,
  ];
  if (report.baseline !== null) lines.push(`Baseline: run ${report.baseline.id}, tolerance ±${report.baseline.tolerancePercent}%`);
  for (const check of report.checks) {
    const observed = check.observed === null ? "no value" : formatValue(check.observed, check.unit);
    lines.push(`  ${check.verdict.padEnd(12)} ${check.name}: ${observed} (${check.message})`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  if (report.run.reportUrl !== null) lines.push(`Report: ${report.run.reportUrl}`);
  if (chart?.drawn) lines.push(`Trend chart: ${displayPath(chart.path, cwd)} (${chartRuns(chart, report)})`);
  return `${lines.join("\n")}\n`;
}

/** The bin's entry: real streams and environment; Ctrl-C and a CI's cancel stop following (never the run). */
export async function runGateCli(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const abort = () => controller.abort(new CancelledError());
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return runGate(argv, { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
}
