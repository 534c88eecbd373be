// The public surface of the library, as a text file kept in the repository (api-report.md), so
// that any change to it shows in review: `npm run api:report` rewrites it from the built
// dist/index.d.ts; `node scripts/api-report.mjs --check` (test/package/api-report.test.ts, inside
// `npm test`) fails when the two differ. One line per export: its name, its kinds (a name can be
// both a value and a type: a class, a zod schema and its inferred type) and, for a function or a
// constant, its type as TypeScript prints it. Built on the TypeScript compiler the project already
// has, rather than api-extractor: the report needs nothing more than this, and no config of its own.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = `${ROOT}dist/index.d.ts`;
const REPORT = `${ROOT}api-report.md`;

const KINDS = [
  [ts.SymbolFlags.Class, "class"],
  [ts.SymbolFlags.Function, "function"],
  [ts.SymbolFlags.Variable, "const"],
  [ts.SymbolFlags.Enum, "enum"],
  [ts.SymbolFlags.Interface, "interface"],
  [ts.SymbolFlags.TypeAlias, "type"],
];

export function apiReport() {
  const program = ts.createProgram([ENTRY], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  if (entry === undefined) throw new Error(`${ENTRY} is missing: run npm run build first`);
  const lines = checker
    .getExportsOfModule(checker.getSymbolAtLocation(entry))
    .map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const kinds = KINDS.filter(([flag]) => symbol.flags & flag).map(([, kind]) => kind);
      const isValue = symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable);
      const type = isValue ? `: ${checker.typeToString(checker.getTypeOfSymbol(symbol), undefined, ts.TypeFormatFlags.NoTruncation)}` : "";
      return `- \`${exported.name}\` (${kinds.join(", ")})${type}`;
    })
    .sort((a, b) => a.localeCompare(b, "en"));
  const values = lines.filter((line) => /\((class|function|const|enum)/.test(line)).length;
  return [
    "# Public API of octoperf-mcp",
    "",
    `Generated from dist/index.d.ts by \`npm run api:report\`; \`npm test\` fails when it is out of date. ${lines.length} exports, ${values} of them values at runtime.`,
    "",
    ...lines,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = apiReport();
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(REPORT, "utf8");
    } catch {
      // A missing report differs like any other.
    }
    if (committed !== report) {
      console.error("api-report.md is out of date: the public API changed. Run npm run api:report and commit the report.");
      process.exitCode = 1;
    }
  } else {
    writeFileSync(REPORT, report);
  }
}
