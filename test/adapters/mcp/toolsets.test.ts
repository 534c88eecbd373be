import { afterEach, describe, expect, it } from "vitest";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { toolsetTable, TOOLSETS } from "../../../src/adapters/mcp/toolsets.js";
import { loadConfig, parseOptions } from "../../../src/app/config.js";
import { ConfigurationError } from "../../../src/domain/errors.js";
import { connectInMemory, type InMemoryMcp } from "../../support/mcp-client.js";
import { runBin, spawnServer, type SpawnedServer } from "../../support/spawn-server.js";

const ALL = allTools.map((tool) => tool.name);
const WRITES = allTools.filter((tool) => !tool.annotations.readOnlyHint).map((tool) => tool.name);
const DISCOVER = ["octoperf_get_current_user_workspaces", "get_project_by_workspace_id", "get_runtime_id", "octoperf_list_test_runs"];
const RUN = ["octoperf_run_test", "octoperf_status", "octoperf_wait_for_test", "octoperf_stop_test", "octoperf_run_and_analyze", "octoperf_run_view"];
const ANALYZE = [
  "octoperf_list_test_runs",
  "octoperf_report",
  "octoperf_get_report_metrics",
  "octoperf_evaluate_sla",
  "octoperf_compare_tests",
  "octoperf_trend",
];

const open: (InMemoryMcp | SpawnedServer)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function connect(config: { toolsets?: string; readOnly?: boolean }): Promise<InMemoryMcp> {
  const mcp = await connectInMemory({ config });
  open.push(mcp);
  return mcp;
}

/** The names of tools not offered that a text mentions. */
function namesNotOffered(text: string, offered: readonly string[]): string[] {
  return ALL.filter((name) => !offered.includes(name) && new RegExp(`\\b${name}\\b`).test(text));
}

describe("toolsets: the groups of tools a host chooses to offer", () => {
  it("are read from the tools, each naming its groups: every tool sits in at least one", () => {
    const table = toolsetTable(allTools);
    expect(Object.keys(table)).toEqual([...TOOLSETS]);
    expect(new Set(TOOLSETS.flatMap((toolset) => table[toolset])).size).toBe(ALL.length);
    expect([table.discover.sort(), table.run.sort(), table.analyze.sort()]).toEqual([[...DISCOVER].sort(), [...RUN].sort(), [...ANALYZE].sort()]);
  });

  it.each([
    ["discover", DISCOVER],
    ["run", RUN],
    ["analyze", ANALYZE],
    ["discover,analyze", [...new Set([...DISCOVER, ...ANALYZE])]],
    ["all", ALL],
  ])("OCTOPERF_TOOLSETS=%s offers exactly its tools, and nothing the server says names another", async (toolsets, expected) => {
    const mcp = await connect({ toolsets });
    const { tools } = await mcp.client.listTools();
    const offered = tools.map((tool) => tool.name);
    expect([...offered].sort()).toEqual([...expected].sort());
    for (const tool of tools) expect(namesNotOffered(JSON.stringify(tool), offered), tool.name).toEqual([]);
    expect(namesNotOffered(mcp.client.getInstructions() ?? "", offered)).toEqual([]);
    // No prompt at all (toolsets without the tools it needs): no prompts capability, so no prompts/list.
    const { prompts } = mcp.client.getServerCapabilities()?.prompts ? await mcp.client.listPrompts() : { prompts: [] };
    for (const prompt of prompts) {
      const got = await mcp.client.getPrompt({ name: prompt.name, arguments: { scenario: "Checkout", sla: "p95 < 800 ms", baseline: "last night" } });
      expect(namesNotOffered(JSON.stringify([prompt, got]), offered)).toEqual([]);
    }
  });

  it("without the run tools, the instructions say launching is not offered here, and the prompt judges the latest run", async () => {
    const mcp = await connect({ toolsets: "discover,analyze" });
    expect(mcp.client.getInstructions()).toMatch(
      /Launch: not possible here\. This server does not offer the tools that launch tests \(OCTOPERF_TOOLSETS leaves out run\)/,
    );
    const prompt = await mcp.client.getPrompt({ name: "load-test", arguments: { scenario: "Checkout" } });
    expect(JSON.stringify(prompt)).toMatch(/does not offer launching: it cannot launch a test/);
  });

  it("without the tools to find and judge a run, there is no prompt (it could only send the model looking for them)", async () => {
    const mcp = await connect({ toolsets: "run" });
    expect(mcp.client.getServerCapabilities()?.prompts).toBeUndefined();
    expect(mcp.client.getInstructions()).toMatch(/^1\. Launch: octoperf_run_test or octoperf_run_and_analyze\./m);
  });

  it("read-only mode removes the writing tools whatever the toolsets say", async () => {
    const mcp = await connect({ toolsets: "run,analyze", readOnly: true });
    const offered = (await mcp.client.listTools()).tools.map((tool) => tool.name);
    expect([...offered].sort()).toEqual([...new Set([...RUN, ...ANALYZE])].filter((name) => !WRITES.includes(name)).sort());
    expect(mcp.client.getInstructions()).toMatch(/read-only \(OCTOPERF_READ_ONLY\)/);
    expect(namesNotOffered(mcp.client.getInstructions() ?? "", offered)).toEqual([]);
    // A call to a tool left out is refused as unknown, never run.
    const refused = await mcp.call("octoperf_get_current_user_workspaces");
    expect(refused.isError).toBe(true);
  });
});

describe("OCTOPERF_TOOLSETS and the toolsets option are validated", () => {
  it("takes names in any case and order, with spaces; `all` means every group; unset means all", () => {
    expect(loadConfig({ OCTOPERF_DEMO: "1", OCTOPERF_TOOLSETS: " Analyze , discover" }).toolsets).toEqual(["discover", "analyze"]);
    expect(loadConfig({ OCTOPERF_DEMO: "1", OCTOPERF_TOOLSETS: "run,all" }).toolsets).toEqual([...TOOLSETS]);
    expect(loadConfig({ OCTOPERF_DEMO: "1" }).toolsets).toEqual([...TOOLSETS]);
    expect(parseOptions({ demo: true, toolsets: ["run"] }).toolsets).toEqual(["run"]);
  });

  it("refuses an unknown name, naming the variable, the entry and the accepted values, never echoing the value", () => {
    const attempt = () => loadConfig({ OCTOPERF_DEMO: "1", OCTOPERF_TOOLSETS: "discover,secret-looking-value" });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      "OCTOPERF_TOOLSETS has an unknown toolset (entry 2): it must be a comma-separated list of discover, run, analyze or all (the default)",
    );
    expect(attempt).not.toThrow(/secret-looking-value/);
  });

  it("refuses a list that names nothing; the library option is named as the library user writes it", () => {
    expect(() => loadConfig({ OCTOPERF_DEMO: "1", OCTOPERF_TOOLSETS: " , " })).toThrow(/^OCTOPERF_TOOLSETS names no toolset: it must be/);
    expect(() => parseOptions({ demo: true, toolsets: [] })).toThrow(/^toolsets names no toolset/);
    expect(() => parseOptions({ demo: true, toolsets: 3 as never })).toThrow(/^toolsets must be a comma-separated list/);
  });
});

describe("toolsets in the built bin", () => {
  it("OCTOPERF_TOOLSETS=analyze serves the analyze tools only, and says which in its startup line", async () => {
    const server = await spawnServer(["--demo"], { OCTOPERF_TOOLSETS: "analyze" });
    open.push(server);
    const offered = (await server.client.listTools()).tools.map((tool) => tool.name);
    expect([...offered].sort()).toEqual([...ANALYZE].sort());
    const ready = server
      .stderr()
      .split("\n")
      .find((line) => line.includes("octoperf-mcp ready"));
    expect(JSON.parse(ready!)).toMatchObject({ toolsets: "analyze" });
  });

  it("a bad value stops it at startup with one line naming the variable, exit 2", () => {
    const { status, stdout, stderr } = runBin(["--demo"], { OCTOPERF_TOOLSETS: "everything" });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/OCTOPERF_TOOLSETS has an unknown toolset \(entry 1\)/);
  });
});
