import { cutAtWord } from "../../domain/model/cut-text.js";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import type { ChartFormat } from "../../domain/model/trend.js";
import { CompareRunsInput } from "../../domain/use-cases/compare-runs.js";
import { idSchema, previewValue } from "../../domain/model/ids.js";
import type { SlaCriterion } from "../../domain/model/sla.js";
import { MAX_WAIT_SECONDS } from "../../domain/use-cases/wait-for-run.js";
import { parseSlaExpression } from "./sla-expression.js";

/** A bad command line: the gate exits 2 and launches nothing. The message names the argument. */
export class GateUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateUsageError";
  }
}

export interface GateOptions {
  readonly scenarioId: string;
  /** Null: the domain's default criteria. */
  readonly criteria: readonly SlaCriterion[] | null;
  readonly baselineBenchResultId: string | null;
  readonly tolerancePercent: number;
  readonly maxWaitSeconds: number;
  readonly junitFile: string | null;
  readonly markdownFile: string | null;
  /** The trend chart's file; its extension (.png or .svg) is its format. */
  readonly chartFile: string | null;
  readonly demo: boolean;
}

export type GateCommand = { readonly help: true } | ({ readonly help: false } & GateOptions);

export const DEFAULT_GATE_TOLERANCE_PERCENT = 5;
export const DEFAULT_GATE_MAX_WAIT_SECONDS = MAX_WAIT_SECONDS;

const OPTIONS = {
  sla: { type: "string" },
  baseline: { type: "string" },
  tolerance: { type: "string" },
  "max-wait": { type: "string" },
  junit: { type: "string" },
  markdown: { type: "string" },
  chart: { type: "string" },
  demo: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Reads `gate <scenarioId> [options]` (without the word gate). Throws GateUsageError. */
export function parseGateArgs(argv: readonly string[]): GateCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new GateUsageError(describeParseError(error));
  }
  const { values, positionals, tokens } = parsed;
  if (values.help) return { help: true };

  // A repeated option would silently keep the last value: a CI line with two --sla is a mistake.
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new GateUsageError(`--${token.name} is given twice: give it once`);
    seen.add(token.name);
  }

  if (positionals.length === 0) throw new GateUsageError("<scenarioId> is missing: octoperf-mcp gate <scenarioId> [options]");
  if (positionals.length > 1) {
    throw new GateUsageError(`unexpected argument ${JSON.stringify(positionals[1])}: the gate takes one <scenarioId>, and options start with --`);
  }

  const tolerance = values.tolerance === undefined ? DEFAULT_GATE_TOLERANCE_PERCENT : number("--tolerance", values.tolerance);
  const toleranceCheck = CompareRunsInput.shape.tolerancePercent.safeParse(tolerance);
  if (!toleranceCheck.success) throw new GateUsageError(`--tolerance ${toleranceCheck.error.issues[0]!.message.replace(/^tolerancePercent /, "")}`);
  if (values.tolerance !== undefined && values.baseline === undefined) {
    throw new GateUsageError("--tolerance applies to the comparison with --baseline: give --baseline <benchResultId> too");
  }

  const maxWait = values["max-wait"] === undefined ? DEFAULT_GATE_MAX_WAIT_SECONDS : number("--max-wait", values["max-wait"]);
  if (maxWait <= 0 || maxWait > MAX_WAIT_SECONDS) {
    throw new GateUsageError(`--max-wait must be more than 0 and at most ${MAX_WAIT_SECONDS} seconds, not ${values["max-wait"]}`);
  }

  return {
    help: false,
    scenarioId: id("<scenarioId>", positionals[0]!),
    criteria: values.sla === undefined ? null : slaCriteria(values.sla),
    baselineBenchResultId: values.baseline === undefined ? null : id("--baseline", values.baseline),
    tolerancePercent: tolerance,
    maxWaitSeconds: maxWait,
    junitFile: values.junit === undefined ? null : file("--junit", values.junit),
    markdownFile: values.markdown === undefined ? null : file("--markdown", values.markdown),
    chartFile: values.chart === undefined ? null : chartFile(values.chart),
    demo: values.demo ?? false,
  };
}

/** Plain decimal numbers only: "5", "2.5". Not "", "0x10", "1e3" or "5%", which are typos in a CI file. */
function number(argument: string, text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new GateUsageError(`${argument} must be a number, not ${JSON.stringify(text)}`);
  return Number(text);
}

function id(argument: string, text: string): string {
  const result = idSchema(argument).safeParse(text);
  if (!result.success) throw new GateUsageError(`${result.error.issues[0]!.message}, not ${previewValue(text)}`);
  return result.data;
}

function slaCriteria(text: string): readonly SlaCriterion[] {
  try {
    return parseSlaExpression(text);
  } catch (error) {
    throw new GateUsageError(`--sla: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function file(argument: string, path: string): string {
  if (path.trim() === "") throw new GateUsageError(`${argument} needs a file path`);
  return path;
}

/** The format is the file's extension, so the file always opens in whatever the name promises. */
export function chartFormatOf(path: string): ChartFormat | null {
  const extension = extname(path).toLowerCase();
  return extension === ".png" ? "png" : extension === ".svg" ? "svg" : null;
}

function chartFile(path: string): string {
  file("--chart", path);
  if (chartFormatOf(path) === null) {
    throw new GateUsageError(`--chart: ${JSON.stringify(cutAtWord(path, 120))} must end in .png or .svg (the extension chooses the format)`);
  }
  return path;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(message)?.[1] ?? "an option";
    return `unknown option ${option}; see octoperf-mcp gate --help`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? "an option";
    return `${option} needs a value; see octoperf-mcp gate --help`;
  }
  return `${message}; see octoperf-mcp gate --help`;
}
