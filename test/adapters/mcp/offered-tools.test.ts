/**
 * Nothing the server says names a tool it does not offer, in any mode (every choice of toolsets,
 * read-only or not): texts are composed from the tools offered, never cut afterwards. Checked on
 * every text a model reads: tools/list, the instructions, the prompt, every answer (valid calls,
 * calls without arguments, calls with ids nothing answers to) and the words of every error kind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EVERY_TOOL, hint, joined, offeredOf } from "../../../src/adapters/mcp/offered-tools.js";
import { explainError } from "../../../src/adapters/mcp/tool-errors.js";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { inToolsets, TOOLSETS, type Toolset } from "../../../src/adapters/mcp/toolsets.js";
import { BudgetExceededError, LaunchOutcomeUnknownError, NotFoundError, type EntityKind, type OctoPerfError } from "../../../src/domain/errors.js";
import { silentLogger } from "../../../src/ports/logger-port.js";
import { connectInMemory, textOf, type InMemoryMcp } from "../../support/mcp-client.js";
import { ONE_OF_EACH } from "../../support/one-error-of-each-kind.js";
import { MISSING_IDS, VALID_ARGUMENTS } from "../../support/tool-arguments.js";

const ALL = allTools.map((tool) => tool.name);

/** Every non-empty choice of toolsets, each read-only or not. */
const MODES: { toolsets: Toolset[]; readOnly: boolean }[] = [];
for (let mask = 1; mask < 1 << TOOLSETS.length; mask++) {
  const toolsets = TOOLSETS.filter((_, i) => (mask & (1 << i)) !== 0);
  for (const readOnly of [false, true]) MODES.push({ toolsets, readOnly });
}

function offeredIn(mode: { toolsets: Toolset[]; readOnly: boolean }): ReadonlySet<string> {
  return new Set(allTools.filter((tool) => inToolsets(tool, mode.toolsets) && (tool.annotations.readOnlyHint || !mode.readOnly)).map((tool) => tool.name));
}

/** The names of tools not offered that a text mentions. */
function namesNotOffered(text: string, offered: ReadonlySet<string>): string[] {
  return ALL.filter((name) => !offered.has(name) && new RegExp(`\\b${name}\\b`).test(text));
}

/** Errors whose words vary with their facts: every variant that names a tool. */
const ERRORS: OctoPerfError[] = [
  ...Object.values(ONE_OF_EACH),
  ...(["workspace", "project", "scenario", "bench result", "bench report"] as EntityKind[]).flatMap((entity) => [
    new NotFoundError(entity, "missing0000000000001"),
    new NotFoundError(entity, "missing0000000000001", { demo: true }),
  ]),
  new BudgetExceededError(30, { kind: "run-state", benchResultId: "run00000000000000001" }),
  ...(["not-found", "listing-unavailable", "failed"] as const).map(
    (runLookup) => new LaunchOutcomeUnknownError("scenario000000000001", "the connection dropped", { runLookup }),
  ),
];

describe("hints, composed from the tools offered", () => {
  it("says a hint only when every tool it names is offered, and joins what is said", () => {
    const offered = new Set(["octoperf_status"]);
    expect(hint(offered, "octoperf_status", "Next: octoperf_status.")).toBe("Next: octoperf_status.");
    expect(hint(offered, ["octoperf_status", "octoperf_report"], "Next: octoperf_status, then octoperf_report.")).toBe("");
    expect(hint(EVERY_TOOL, "octoperf_report", "Next: octoperf_report.")).toBe("Next: octoperf_report.");
    expect(offeredOf(offered, ["octoperf_report", "octoperf_status"])).toEqual(["octoperf_status"]);
    expect(joined(" ", "Lists runs.", "", "Units are ms.")).toBe("Lists runs. Units are ms.");
  });

  it("gives a tool's full description when every tool is offered: the words as written", () => {
    for (const tool of allTools) expect(tool.descriptionFor(EVERY_TOOL), tool.name).toBe(tool.description);
    expect(allTools.find((tool) => tool.name === "octoperf_status")!.description).toBe(
      "A run's state, phase, terminal flag and progress %. Poll every 10-30 s until terminal. Next: octoperf_get_report_metrics.",
    );
  });

  it.each(MODES.map((mode) => [`${mode.toolsets.join(",")}${mode.readOnly ? " read-only" : ""}`, mode] as const))(
    "%s: no error's words name a tool not offered",
    (_, mode) => {
      const offered = offeredIn(mode);
      for (const error of ERRORS) {
        const { text } = explainError(error, { kind: "tool call", subject: "a tool", fields: {}, offered }, silentLogger);
        expect(namesNotOffered(text, offered), `${error.kind}: ${text}`).toEqual([]);
        expect(text, error.kind).not.toMatch(/ [.,:;]|\s\s|[:;,]\.$/);
      }
    },
  );
});

const open: InMemoryMcp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((mcp) => mcp.close()));
});

describe("through the server, in every mode", () => {
  it("every tool registered has valid arguments here", () => {
    expect(Object.keys(VALID_ARGUMENTS).sort()).toEqual([...ALL].sort());
  });

  it.each(MODES.map((mode) => [`${mode.toolsets.join(",")}${mode.readOnly ? " read-only" : ""}`, mode] as const))(
    "%s: tools/list, the instructions, the prompt and every answer name only tools offered",
    { timeout: 30_000 },
    async (_, mode) => {
      const mcp = await connectInMemory({ config: { toolsets: mode.toolsets, readOnly: mode.readOnly } });
      open.push(mcp);
      const offered = offeredIn(mode);
      const found: string[] = [];
      const check = (where: string, text: string) => {
        for (const name of namesNotOffered(text, offered)) found.push(`${where}: ${name}`);
      };
      const { tools } = await mcp.client.listTools();
      expect(new Set(tools.map((tool) => tool.name))).toEqual(offered);
      check("tools/list", JSON.stringify(tools));
      check("instructions", mcp.client.getInstructions() ?? "");
      const { prompts } = mcp.client.getServerCapabilities()?.prompts ? await mcp.client.listPrompts() : { prompts: [] };
      for (const prompt of prompts) {
        const got = await mcp.client.getPrompt({ name: prompt.name, arguments: { scenario: "Checkout", sla: "p95 < 800 ms", baseline: "last night" } });
        check(`prompt ${prompt.name}`, JSON.stringify([prompt, got]));
      }
      for (const tool of tools) {
        for (const args of [VALID_ARGUMENTS[tool.name]!, {}, MISSING_IDS]) {
          const result = await mcp.call(tool.name, args);
          const text = textOf(result);
          expect(text.trim(), `${tool.name} ${JSON.stringify(args)} answered nothing`).not.toBe("");
          check(`${tool.name} ${JSON.stringify(args)}`, `${text}\n${JSON.stringify(result.structuredContent ?? {})}`);
        }
      }
      // A resource's errors too (a run nothing answers to): the words of a tool's error, for the same tools.
      const read = await mcp.client.readResource({ uri: `octoperf://runs/${MISSING_IDS.benchResultId}` }).then(
        () => "",
        (error: unknown) => String(error),
      );
      expect(read).toMatch(/No bench result with id/);
      check("resource octoperf://runs", read);
      expect(found).toEqual([]);
    },
  );
});
