import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { connectInMemory } from "../support/mcp-client.js";
import { SEED } from "../support/seed-ids.js";
import { SERVER_BIN } from "../support/spawn-server.js";

/**
 * What the built bin does before a tool is first called, in a real process: Node tells a loader
 * hook every file it loads. The bin answers initialize and tools/list from tool cards the build
 * computed (scripts/bundle-bin.mjs); the tools (their zod schemas, their handlers) are a chunk of
 * their own, import()ed on the first tools/call.
 */

const BIN_DIR = fileURLToPath(new URL("../../dist/bin/", import.meta.url));
const meta = JSON.parse(readFileSync(fileURLToPath(new URL("../../dist/bin.meta.json", import.meta.url)), "utf8")) as {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
};
/** The output file holding the tool modules (dist/adapters/mcp/tools/*.js). */
const toolsChunk = Object.entries(meta.outputs)
  .filter(([, output]) => Object.keys(output.inputs).some((input) => input.startsWith("dist/adapters/mcp/tools/")))
  .map(([file]) => file.replace(/^dist\/bin\//, ""));

// Runs in the loader's own thread: writes each file Node loads straight to stderr.
const HOOK = `import { writeSync } from "node:fs";
export async function load(url, context, next) {
  if (url.startsWith("file:")) writeSync(2, "LOADED " + url + "\\n");
  return next(url, context);
}`;
const PRELOAD = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;

interface Session {
  /** Files of dist/bin/ the process loaded, in order. */
  readonly loaded: string[];
  readonly answers: Map<number, { result?: unknown; error?: unknown }>;
}

/** Starts the bin with the hook, sends each step's messages once the previous step's request is answered, then closes stdin. */
function session(steps: readonly object[][], env: Record<string, string> = {}): Promise<Session> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(PRELOAD)}`, SERVER_BIN, "--demo"], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    const answers = new Map<number, { result?: unknown; error?: unknown }>();
    let stdout = "";
    let stderr = "";
    let step = 0;
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const send = () => {
      if (step === steps.length) child.stdin.end();
      else child.stdin.write(steps[step++]!.map((message) => `${JSON.stringify(message)}\n`).join(""));
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += String(d);
      for (let nl = stdout.indexOf("\n"); nl !== -1; nl = stdout.indexOf("\n")) {
        const message = JSON.parse(stdout.slice(0, nl)) as { id?: number; result?: unknown; error?: unknown };
        stdout = stdout.slice(nl + 1);
        if (typeof message.id !== "number") continue;
        answers.set(message.id, message);
        // Each step ends with the one request it waits for.
        const last = steps[step - 1]!.at(-1) as { id?: number };
        if (message.id === last.id) send();
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      const binUrl = pathToFileURL(BIN_DIR).href;
      const loaded = stderr
        .split("\n")
        .filter((line) => line.startsWith(`LOADED ${binUrl}`))
        .map((line) => line.slice(`LOADED ${binUrl}`.length));
      if (steps.some((messages) => messages.some((m) => "id" in m && !answers.has((m as { id: number }).id)))) {
        reject(new Error(`unanswered request; stderr: ${stderr.slice(0, 1000)}`));
      } else resolve({ loaded, answers });
    });
    send();
  });
}

const initialize = [
  { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } } },
];
const listTools = [
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
];
const call = (id: number, name: string, args: object) => [{ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }];

describe("the bin before a tool's first call", () => {
  it("has the tools in one chunk of their own (the premise of what follows)", () => {
    expect(toolsChunk).toHaveLength(1);
  });

  it("answers initialize and tools/list without loading any tool or the container: no tool's zod schema is built, none converted", async () => {
    const { loaded, answers } = await session([initialize, listTools]);
    expect(loaded).toContain("octoperf-mcp.js");
    expect(loaded).not.toContain(toolsChunk[0]);
    // Nor the container: tsyringe, the use cases and the demo adapter wait for the first call.
    expect(loaded.filter((file) => file.startsWith("container-"))).toEqual([]);
    expect((answers.get(2)!.result as { tools: unknown[] }).tools).toHaveLength(14);
  });

  it("loads the tools and the container on the first tools/call, once, and answers as before", async () => {
    const { loaded, answers } = await session([
      initialize,
      listTools,
      call(3, "octoperf_get_current_user_workspaces", {}),
      call(4, "octoperf_status", { benchResultId: "bad id!" }),
      call(5, "no_such_tool", {}),
    ]);
    expect(loaded.filter((file) => file === toolsChunk[0])).toHaveLength(1);
    expect(loaded.filter((file) => file.startsWith("container-"))).toHaveLength(1);
    expect(answers.get(3)!.result).toMatchObject({ structuredContent: { workspaces: expect.any(Array) } });
    // The SDK's own words for arguments that fail the schema and for an unknown tool.
    expect(answers.get(4)!.result).toEqual({
      isError: true,
      content: [
        {
          type: "text",
          text: expect.stringMatching(/^MCP error -32602: Input validation error: Invalid arguments for tool octoperf_status: .*at benchResultId$/s),
        },
      ],
    });
    expect(answers.get(5)!.result).toEqual({ isError: true, content: [{ type: "text", text: "MCP error -32602: Tool no_such_tool not found" }] });
  });

  it("reads a run resource first thing: the container and the output schemas load on that read", async () => {
    const { loaded, answers } = await session([
      initialize,
      [
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "resources/read", params: { uri: `octoperf://runs/${SEED.run.checkoutLastNight}` } },
      ],
    ]);
    expect(loaded.filter((file) => file.startsWith("container-"))).toHaveLength(1);
    const { contents } = answers.get(2)!.result as { contents: { text: string }[] };
    expect(JSON.parse(contents[0]!.text)).toMatchObject({ benchResultId: SEED.run.checkoutLastNight, state: "FINISHED", metrics: expect.any(Array) });
  });

  it("lists exactly what the tools' zod schemas give, whatever is offered: the build's cards cannot drift", async () => {
    const offers: { env: Record<string, string>; config: Record<string, unknown> }[] = [
      { env: {}, config: {} },
      { env: { OCTOPERF_READ_ONLY: "true" }, config: { readOnly: true } },
      { env: { OCTOPERF_TOOLSETS: "analyze" }, config: { toolsets: "analyze" } },
      { env: { OCTOPERF_TOOLSETS: "discover,run" }, config: { toolsets: "discover,run" } },
    ];
    for (const { env, config } of offers) {
      const { answers } = await session([initialize, listTools], env);
      // In process, from source: the cards are converted from the zod schemas on the first tools/list.
      const mcp = await connectInMemory({ config });
      try {
        const fromZod = await mcp.client.listTools();
        expect(answers.get(2)!.result, JSON.stringify(env)).toEqual(fromZod);
      } finally {
        await mcp.close();
      }
    }
  });
});
