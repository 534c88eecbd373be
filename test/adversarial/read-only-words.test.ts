/**
 * Guardrails that fail closed and explain themselves (issue 12, item 3), on the built server:
 * - an allowlist that is set but names no scenario stops the server at startup, naming it;
 * - booleans take the usual spellings in any case, and a refused one names the accepted values;
 * - the startup line says whether read-only mode is on and how many scenarios may be launched;
 * - in read-only mode nothing the server says (instructions, prompt, tool list, every answer,
 *   errors included) names a tool it does not offer.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { closeAllRecorded, spawnRecorded } from "../support/recorded-stdio.js";
import { runBin } from "../support/spawn-server.js";
import { MISSING_IDS, VALID_ARGUMENTS } from "../support/tool-arguments.js";

const WRITE_TOOLS = ["octoperf_run_test", "octoperf_stop_test", "octoperf_run_and_analyze"];

afterEach(async () => {
  await closeAllRecorded();
});

function namedWriteTools(text: string): string[] {
  return WRITE_TOOLS.filter((name) => text.includes(name));
}

function texts(result: CallToolResult): string {
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}

describe("the allowlist fails closed at startup", () => {
  it.each([",", " ", " , ", ""])("OCTOPERF_ALLOWED_SCENARIOS=%j stops the server with one line naming the variable, exit 2", (value) => {
    const { status, stdout, stderr } = runBin(["--demo"], { OCTOPERF_ALLOWED_SCENARIOS: value });
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/OCTOPERF_ALLOWED_SCENARIOS is set but names no scenario id/);
  });
});

describe("boolean settings take the usual spellings", () => {
  it("OCTOPERF_READ_ONLY=maybe is refused naming the accepted values", () => {
    const { status, stderr } = runBin(["--demo"], { OCTOPERF_READ_ONLY: "maybe" });
    expect(status).toBe(2);
    expect(stderr).toMatch(/OCTOPERF_READ_ONLY must be true\/false, 1\/0, yes\/no or on\/off \(any case\)/);
  });

  it.each(["TRUE", "on", "Yes"])("OCTOPERF_READ_ONLY=%s starts read-only, and the startup line says so", async (value) => {
    const server = await spawnRecorded(
      ["--demo"],
      { OCTOPERF_READ_ONLY: value, OCTOPERF_ALLOWED_SCENARIOS: "checkoutSmoke0000002, authLoginSpike000005" },
      { label: `read-only ${value}` },
    );
    const names = (await server.client.listTools()).tools.map((t) => t.name);
    for (const tool of WRITE_TOOLS) expect(names).not.toContain(tool);
    const ready = server
      .stderr()
      .split("\n")
      .find((line) => line.includes("octoperf-mcp ready"));
    expect(JSON.parse(ready!)).toMatchObject({ readOnly: true, allowedScenarios: 2 });
    await server.close();
  });

  it("the startup line says when every scenario may be launched", async () => {
    const server = await spawnRecorded(["--demo"], { OCTOPERF_READ_ONLY: "off" }, { label: "read-write" });
    const ready = server
      .stderr()
      .split("\n")
      .find((line) => line.includes("octoperf-mcp ready"));
    expect(JSON.parse(ready!)).toMatchObject({ readOnly: false, allowedScenarios: "any" });
    await server.close();
  });
});

describe("in read-only mode, nothing the server says names a tool it does not offer", () => {
  it("instructions, prompt, tool list and every answer (errors too)", { timeout: 60_000 }, async () => {
    const server = await spawnRecorded(["--demo"], { OCTOPERF_READ_ONLY: "1", OCTOPERF_DEMO_RUN_SECONDS: "1" }, { label: "read-only words" });
    const found: string[] = [];
    const check = (where: string, text: string) => {
      for (const name of namedWriteTools(text)) found.push(`${where}: ${name}`);
    };

    check("instructions", server.client.getInstructions() ?? "");
    expect(server.client.getInstructions()).toMatch(/read-only \(OCTOPERF_READ_ONLY\)/);
    const prompts = await server.client.listPrompts();
    check("prompts/list", JSON.stringify(prompts));
    const promptArgs: Record<string, string>[] = [
      { scenario: "Checkout smoke" },
      { scenario: "Checkout smoke", sla: "p95 under 800 ms", baseline: "last night" },
    ];
    for (const args of promptArgs) {
      const prompt = await server.client.getPrompt({ name: "load-test", arguments: args });
      check(`prompt ${JSON.stringify(args)}`, JSON.stringify(prompt));
      expect(JSON.stringify(prompt)).toMatch(/read-only: it cannot launch a test/);
    }
    const { tools } = await server.client.listTools();
    check("tools/list", JSON.stringify(tools));

    // Every offered tool: with valid arguments, with none, and with ids that do not exist.
    let answered = 0;
    for (const tool of tools) {
      for (const args of [VALID_ARGUMENTS[tool.name] ?? {}, {}, MISSING_IDS]) {
        const result = (await server.client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
        const text = texts(result);
        expect(text.trim(), `${tool.name} ${JSON.stringify(args)} answered nothing`).not.toBe("");
        check(`${tool.name} ${JSON.stringify(args)}`, `${text}\n${JSON.stringify(result.structuredContent ?? {})}`);
        answered += 1;
      }
    }
    expect(answered).toBeGreaterThanOrEqual(30);
    expect(found).toEqual([]);
    await server.close();
  });
});
