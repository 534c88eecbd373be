/**
 * The domain and the ports hold facts; each edge writes its own words. So no file under
 * src/domain or src/ports names an MCP tool (from the registry, and anything shaped like one)
 * or an environment variable (OCTOPERF_…): a library user is never told to call a tool, a model
 * never told about a library option. Nor do the adapters other than the MCP one: the HTTP
 * adapter talks to OctoPerf, not to a user, and a library user reads its errors too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { allTools } from "../../src/adapters/mcp/tools/index.js";
import { ENV_VARIABLES } from "../../src/app/config.js";

const ROOT = join(import.meta.dirname, "../..");
const SCANNED = ["src/domain", "src/ports", "src/adapters"];
/** The MCP adapter is an edge: tool names and variables are its words. */
const EDGES = ["src/adapters/mcp"];
/** Shaped like a tool name, whether or not it is registered yet. */
const TOOL_SHAPED = /octoperf_[a-z_]+|get_runtime_id|get_project_by_workspace_id/g;
/** Environment variables (the port's DI token is named OCTOPERF so that nothing in the core is shaped like one). */
const VARIABLE_SHAPED = /OCTOPERF_[A-Z_]+/g;

function filesUnder(dir: string): string[] {
  if (EDGES.includes(dir)) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

function edgeWordsIn(text: string): string[] {
  const toolNames = allTools.map((tool) => tool.name);
  const found = new Set<string>();
  for (const name of toolNames) if (text.includes(name)) found.add(name);
  for (const match of text.matchAll(TOOL_SHAPED)) found.add(match[0]);
  for (const match of text.matchAll(VARIABLE_SHAPED)) found.add(match[0]);
  for (const variable of Object.values(ENV_VARIABLES)) if (text.includes(variable)) found.add(variable);
  return [...found].sort();
}

describe("no edge words in the domain, the ports and the adapters other than MCP", () => {
  const files = SCANNED.flatMap(filesUnder);

  it("scans every file of src/domain, src/ports and src/adapters except src/adapters/mcp", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files).toContain("src/domain/errors.ts");
    expect(files).toContain("src/ports/run-coordination-port.ts");
    expect(files).toContain("src/adapters/http/http-errors.ts");
    expect(files).toContain("src/adapters/http/http-options.ts");
    expect(files).toContain("src/adapters/http/http-octoperf-adapter.ts");
    expect(files.filter((file) => file.startsWith("src/adapters/mcp"))).toEqual([]);
  });

  it.each(files.map((file) => [relative(ROOT, join(ROOT, file))]))("%s names no MCP tool and no environment variable", (file) => {
    expect(edgeWordsIn(readFileSync(join(ROOT, file), "utf8"))).toEqual([]);
  });

  it("would catch one (the detector itself)", () => {
    expect(edgeWordsIn('throw new Error("call get_runtime_id, then octoperf_status")')).toEqual(["get_runtime_id", "octoperf_status"]);
    expect(edgeWordsIn("set OCTOPERF_READ_ONLY")).toEqual(["OCTOPERF_READ_ONLY"]);
    expect(edgeWordsIn("c.resolve(OCTOPERF)")).toEqual([]);
  });
});
