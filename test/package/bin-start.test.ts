import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { connectInMemory } from "../support/mcp-client.js";
import { SEED } from "../support/seed-ids.js";
import { SERVER_BIN } from "../support/spawn-server.js";

/**
 * The built bin in a real process, as a client sees it: it lists and answers what the server built
 * from source lists and answers (the bundle is tsc's output, as is: nothing is swapped by the build).
 */

interface Session {
  readonly answers: Map<number, { result?: unknown; error?: unknown }>;
}

/** Starts the bin, sends each step's messages once the previous step's request is answered, then closes stdin. */
function session(steps: readonly object[][], env: Record<string, string> = {}): Promise<Session> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_BIN, "--demo"], {
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
      if (steps.some((messages) => messages.some((m) => "id" in m && !answers.has((m as { id: number }).id)))) {
        reject(new Error(`unanswered request; stderr: ${stderr.slice(0, 1000)}`));
      } else resolve({ answers });
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

describe("the bin", () => {
  it("answers a call, arguments that fail the schema and an unknown tool as the SDK does", async () => {
    const { answers } = await session([
      initialize,
      listTools,
      call(3, "octoperf_get_current_user_workspaces", {}),
      call(4, "octoperf_status", { benchResultId: "bad id!" }),
      call(5, "no_such_tool", {}),
    ]);
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

  it("reads a run resource first thing", async () => {
    const { answers } = await session([
      initialize,
      [
        { jsonrpc: "2.0", method: "notifications/initialized" },
        { jsonrpc: "2.0", id: 2, method: "resources/read", params: { uri: `octoperf://runs/${SEED.run.checkoutLastNight}` } },
      ],
    ]);
    const { contents } = answers.get(2)!.result as { contents: { text: string }[] };
    expect(JSON.parse(contents[0]!.text)).toMatchObject({ benchResultId: SEED.run.checkoutLastNight, state: "FINISHED", metrics: expect.any(Array) });
  });

  it("lists exactly what the server built from source lists, whatever is offered", async () => {
    const offers: { env: Record<string, string>; config: Record<string, unknown> }[] = [
      { env: {}, config: {} },
      { env: { OCTOPERF_READ_ONLY: "true" }, config: { readOnly: true } },
      { env: { OCTOPERF_TOOLSETS: "analyze" }, config: { toolsets: "analyze" } },
      { env: { OCTOPERF_TOOLSETS: "discover,run" }, config: { toolsets: "discover,run" } },
    ];
    for (const { env, config } of offers) {
      const { answers } = await session([initialize, listTools], env);
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
