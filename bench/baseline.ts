/**
 * The "before" figures of the tool surface: `tools/list` and one answer of each tool, measured once
 * on an older build and kept in bench/baseline.json, so that BENCHMARKS.md shows before and after.
 *
 *   git archive <commit> | tar -x -C /tmp/before && ln -s $PWD/node_modules /tmp/before/ && (cd /tmp/before && npm run build)
 *   BENCH_SERVER_BIN=/tmp/before/dist/bin/octoperf-mcp.js npx tsx bench/baseline.ts <commit>
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { measureAnswerSizes, type AnswerSize } from "./answer-size.js";
import { SERVER_BIN } from "./support.js";
import { measureSurface, type ListSize } from "./tool-surface.js";

const FILE = fileURLToPath(new URL("./baseline.json", import.meta.url));

export interface Baseline {
  readonly commit: string;
  readonly date: string;
  readonly list: ListSize;
  readonly serverMsPerList: number;
  readonly answers: readonly Pick<
    AnswerSize,
    "tool" | "resultBytes" | "textBytes" | "structuredBytes" | "repeatedProseBytes" | "repeatedWithinStructuredBytes"
  >[];
}

export function readBaseline(): Baseline | null {
  return existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as Baseline) : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const commit = process.argv[2];
  if (commit === undefined || process.env.BENCH_SERVER_BIN === undefined) {
    process.stderr.write("usage: BENCH_SERVER_BIN=<old build's bin> tsx bench/baseline.ts <its commit>\n");
    process.exit(2);
  }
  const surface = await measureSurface("octoperf-mcp --demo", undefined, ["--demo"], 200);
  const answers = await measureAnswerSizes();
  const baseline: Baseline = {
    commit,
    date: new Date().toISOString(),
    list: surface.list,
    serverMsPerList: surface.serverMsPerList,
    answers: answers.map(({ tool, resultBytes, textBytes, structuredBytes, repeatedProseBytes, repeatedWithinStructuredBytes }) => ({
      tool,
      resultBytes,
      textBytes,
      structuredBytes,
      repeatedProseBytes,
      repeatedWithinStructuredBytes,
    })),
  };
  writeFileSync(FILE, `${JSON.stringify(baseline, null, 2)}\n`);
  process.stdout.write(`wrote ${FILE} (bin ${SERVER_BIN})\n`);
}
