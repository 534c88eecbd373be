// Rewrites the README's tool table from the built registry: `npm run readme:tools`.
import { readFileSync, writeFileSync } from "node:fs";
import { allTools } from "../dist/adapters/mcp/tools/index.js";
import { renderToolTable, TOOL_TABLE_END, TOOL_TABLE_START } from "../dist/adapters/mcp/tool-table.js";

const readme = readFileSync("README.md", "utf8");
const start = readme.indexOf(TOOL_TABLE_START);
const end = readme.indexOf(TOOL_TABLE_END);
if (start < 0 || end < start) throw new Error("README.md has no tool table markers");
const table = `${TOOL_TABLE_START}\n${renderToolTable(allTools)}\n${TOOL_TABLE_END}`;
writeFileSync("README.md", readme.slice(0, start) + table + readme.slice(end + TOOL_TABLE_END.length));
process.stderr.write(`README.md: ${allTools.length} tools\n`);
