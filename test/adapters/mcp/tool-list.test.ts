import { viewMetaOf } from "../../../src/adapters/mcp/apps/app-views.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  answerTopLevel,
  leanInputSchema,
  leanOutputSchema,
  listedAnnotations,
  listedSchemasOf,
  portableJsonSchema,
} from "../../../src/adapters/mcp/tool-list.js";
import { createMcpServer } from "../../../src/adapters/mcp/create-mcp-server.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { parseOptions } from "../../../src/app/config.js";
import { createContainer, resolveUseCases } from "../../../src/app/container.js";
import { silentLogger } from "../../../src/ports/logger-port.js";
import { ManualClock } from "../../support/manual-clock.js";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";
import { BOUNDS_A_MODEL_NEEDS } from "../../../src/adapters/mcp/parameter-descriptions.js";
import { connectInMemory, textOf } from "../../support/mcp-client.js";
import { SEED } from "../../support/seed-ids.js";

async function connect(server: McpServer): Promise<Client> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "0" });
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

/** Every `type` keyword in a JSON tree that is an array (the form the portability check flags). */
function typeArrays(node: unknown, path = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => typeArrays(child, `${path}[${i}]`));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "type" && Array.isArray(value) ? [path] : typeArrays(value, `${path}.${key}`)));
}

describe("tools/list, as registerTool lists our schemas", () => {
  it("is the SDK's own listing of our tools, leaner: nullable fields as anyOf, no $schema, lean schemas, lean hints", async () => {
    // The SDK's listing, its handler untouched: the same definitions registered on a plain McpServer.
    const plain = new McpServer({ name: "plain", version: "0" });
    for (const tool of allTools) {
      plain.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: tool.inputSchema,
          outputSchema: tool.outputSchema,
          annotations: { title: tool.title, ...tool.annotations },
          // The live view's link, as registerAppTool (ext-apps) writes it.
          ...(viewMetaOf(tool.name) === undefined ? {} : { _meta: viewMetaOf(tool.name) }),
        },
        () => ({ content: [] }),
      );
    }
    const sdkList = await (await connect(plain)).listTools();

    const mcp = await connectInMemory();
    try {
      const ours = await mcp.client.listTools();
      expect(ours.tools.map((t) => t.name)).toEqual(sdkList.tools.map((t) => t.name));
      const withoutDraft = ({ $schema: _, ...schema }: Record<string, unknown>) => schema;
      expect(ours.tools).toEqual(
        sdkList.tools.map(({ annotations, ...tool }) => {
          // The title is the tool's: it is not repeated in the hints.
          const { title, ...hints } = annotations!;
          expect(title).toBe(tool.title);
          return {
            ...tool,
            annotations: hints.readOnlyHint ? { readOnlyHint: true, destructiveHint: false } : hints,
            inputSchema: leanInputSchema(portableJsonSchema(withoutDraft(tool.inputSchema))),
            outputSchema: leanOutputSchema(portableJsonSchema(withoutDraft(tool.outputSchema!))),
          };
        }),
      );
      // The SDK's listing does have type arrays (so the rewrite is not vacuous); ours has none.
      expect(typeArrays(sdkList.tools).length).toBeGreaterThan(10);
      expect(typeArrays(ours.tools)).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("converts each tool's schemas once, for every server of the process (HTTP builds a server per request)", () => {
    const tool = allTools.find((t) => t.name === "octoperf_run_test")!;
    expect(listedSchemasOf(tool)).toBe(listedSchemasOf(tool));
  });

  it("lists schemas that name no tool, so that they hold whatever tools a server offers", () => {
    const names = allTools.map((t) => t.name);
    for (const tool of allTools) {
      const { inputSchema, outputSchema } = listedSchemasOf(tool);
      const listed = JSON.stringify([z.toJSONSchema(inputSchema, { io: "input" }), z.toJSONSchema(outputSchema, { io: "output" })]);
      expect(
        names.filter((name) => listed.includes(name)),
        tool.name,
      ).toEqual([]);
    }
  });

  it("registers the tools' own input schemas and their answers' top level: listing them lean changes no validation", () => {
    for (const tool of allTools) {
      const { inputSchema, outputSchema } = listedSchemasOf(tool);
      expect(Object.keys(inputSchema.shape), tool.name).toEqual(Object.keys(tool.inputSchema));
      for (const [name, field] of Object.entries(tool.inputSchema)) expect(inputSchema.shape[name], `${tool.name}.${name}`).toBe(field);
      expect(Object.keys(outputSchema.shape), tool.name).toEqual(Object.keys(tool.outputSchema.shape));
    }
    const sla = listedSchemasOf(allTools.find((t) => t.name === "octoperf_evaluate_sla")!).inputSchema;
    expect(sla.safeParse({ benchResultId: "../etc" }).success).toBe(false);
    expect(sla.safeParse({ benchResultId: "run-1", criteria: [{ metricId: "ERRORS_PERCENT", operator: "<" }] }).success).toBe(false);
    expect(sla.safeParse({ benchResultId: "run-1" }).success).toBe(true);
  });
});

describe("answerTopLevel: the output schema the SDK converts and checks", () => {
  const Answer = z.object({
    id: z.string(),
    phase: z.enum(["running", "finished"]).nullable(),
    side: z.object({ state: z.string() }).optional(),
    rows: z.array(z.object({ value: z.number() })),
    tags: z.array(z.string()),
  });
  const good = { id: "run-1", phase: "running", side: { state: "RUNNING" }, rows: [{ value: 1 }], tags: ["a"] };

  it("checks the top level as the tool's schema does: field types, enums, nullability, lists of values", () => {
    const top = answerTopLevel(Answer);
    expect(top.safeParse(good).success).toBe(true);
    expect(top.safeParse({ ...good, phase: null, side: undefined }).success).toBe(true);
    for (const bad of [
      { ...good, id: 1 },
      { ...good, phase: "paused" },
      { ...good, side: "RUNNING" },
      { ...good, rows: [1] },
      { ...good, tags: [1] },
      { tags: [] },
    ]) {
      expect(top.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("leaves the insides of nested objects to the tool's own schema", () => {
    const nestedWrong = { ...good, side: { state: 7 }, rows: [{ value: "fast" }] };
    expect(answerTopLevel(Answer).safeParse(nestedWrong).success).toBe(true);
    expect(Answer.safeParse(nestedWrong).success).toBe(false);
  });

  it("an answer wrong below its top level never leaves the server: the tool's own schema refuses it first", async () => {
    const clock = new ManualClock();
    const useCases = resolveUseCases(createContainer(parseOptions({ demo: true }), { octoperf: new FakeOctoPerfAdapter(clock), clock, logger: silentLogger }));
    const getRunMetrics: typeof useCases.getRunMetrics = {
      execute: async (input, options) => {
        const result = await useCases.getRunMetrics.execute(input, options);
        // A refusal whose HTTP status is words: deep inside the list of metrics, where the listed
        // (top-level) schema does not look; the answer's text reads it as any status.
        const unavailable = { cause: "refused" as const, httpStatus: "500" as unknown as number, serverMessage: "busy" };
        return { ...result, metrics: result.metrics.map((m) => ({ ...m, value: null, unavailable })) };
      },
    };
    const server = createMcpServer({ useCases: { ...useCases, getRunMetrics }, logger: silentLogger, version: "0" });
    const client = await connect(server);
    try {
      const answer = await client.callTool({
        name: "octoperf_get_report_metrics",
        arguments: { benchResultId: SEED.run.checkoutBaseline, metricIds: ["ERRORS_PERCENT"] },
      });
      expect(answer.isError).toBe(true);
      expect(answer.structuredContent).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});

describe("leanOutputSchema", () => {
  it("keeps the top level's fields with their types, enums and nullability; nested objects become {type: object}, lists of objects {type: array}", () => {
    const full = {
      type: "object",
      properties: {
        state: { type: "string", description: "OctoPerf state" },
        phase: { type: "string", enum: ["running", "finished"] },
        url: { description: "Deep link", anyOf: [{ type: "string" }, { type: "null" }] },
        createdAt: { type: "string", format: "date-time", pattern: "^\\d{4}" },
        run: { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false },
        sla: { anyOf: [{ type: "object", properties: { verdict: { type: "string" } }, required: ["verdict"] }, { type: "null" }] },
        values: { type: "array", items: { anyOf: [{ type: "number" }, { type: "null" }] } },
        metrics: { type: "array", items: { type: "object", properties: { id: { type: "string" } }, required: ["id"], additionalProperties: false } },
      },
      required: ["state", "phase"],
      additionalProperties: false,
    };
    expect(leanOutputSchema(full)).toEqual({
      type: "object",
      properties: {
        state: { type: "string" },
        phase: { type: "string", enum: ["running", "finished"] },
        url: { anyOf: [{ type: "string" }, { type: "null" }] },
        createdAt: { type: "string" },
        run: { type: "object" },
        sla: { anyOf: [{ type: "object" }, { type: "null" }] },
        values: { type: "array", items: { anyOf: [{ type: "number" }, { type: "null" }] } },
        metrics: { type: "array" },
      },
    });
  });
});

describe("listedAnnotations", () => {
  it("a read-only tool lists readOnlyHint and destructiveHint: false (MCP: the others are meaningless for it, or the default); a writing tool lists every hint", () => {
    expect(listedAnnotations({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true })).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
    });
    const write = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    expect(listedAnnotations(write)).toEqual(write);
    // A closed-world read-only tool would say so: the default is open.
    const closed = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
    expect(listedAnnotations(closed)).toEqual(closed);
  });
});

describe("leanInputSchema", () => {
  it("drops the checks on the spelling of strings (pattern, lengths) at any depth; keeps types, enums, required and the parameters' words", () => {
    const id = { type: "string", minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_-]+$", description: "Scenario id" };
    expect(
      leanInputSchema({
        type: "object",
        properties: {
          scenarioId: id,
          baseline: { anyOf: [id, { type: "null" }] },
          operator: { type: "string", enum: ["<", ">"] },
        },
        required: ["scenarioId"],
      }),
    ).toEqual({
      type: "object",
      properties: {
        scenarioId: { type: "string", description: "Scenario id" },
        baseline: { anyOf: [{ type: "string", description: "Scenario id" }, { type: "null" }] },
        operator: { type: "string", enum: ["<", ">"] },
      },
      required: ["scenarioId"],
    });
  });

  it("lists bounds only on the parameters a model could cross with a sensible request; the others are sanity checks left to the server", () => {
    const schema = {
      type: "object",
      properties: {
        metricIds: { type: "array", minItems: 1, maxItems: 104, items: { type: "string", maxLength: 64 } },
        tolerancePercent: { type: "number", minimum: 0, maximum: 1000 },
        limit: { type: "integer", minimum: 1, maximum: 100 },
        counts: { type: "array", maxItems: 3, items: { type: "integer", exclusiveMinimum: 0 } },
      },
    };
    expect(leanInputSchema(schema, new Set(["limit", "counts"]))).toEqual({
      type: "object",
      properties: {
        metricIds: { type: "array", items: { type: "string" } },
        tolerancePercent: { type: "number" },
        limit: { type: "integer", minimum: 1, maximum: 100 },
        counts: { type: "array", maxItems: 3, items: { type: "integer", exclusiveMinimum: 0 } },
      },
    });
    // The set the tools are listed with: a wait of two hours, every run, a trend over two runs.
    expect([...BOUNDS_A_MODEL_NEEDS].sort()).toEqual(["limit", "maxWaitSeconds", "runs"]);
  });

  it("leaves out the words and required fields inside a parameter: the parameter's own words say it once", () => {
    const criterion = {
      type: "object",
      properties: { metricId: { type: "string", description: "e.g. ERRORS_PERCENT" }, threshold: { type: "number", description: "In the unit" } },
      required: ["metricId", "threshold"],
    };
    expect(
      leanInputSchema({
        type: "object",
        properties: { criteria: { type: "array", description: "Default: p95 < 1000 ms", items: criterion } },
        required: ["criteria"],
      }),
    ).toEqual({
      type: "object",
      properties: {
        criteria: {
          type: "array",
          description: "Default: p95 < 1000 ms",
          items: { type: "object", properties: { metricId: { type: "string" }, threshold: { type: "number" } } },
        },
      },
      required: ["criteria"],
    });
  });

  it("still refuses what it no longer lists: an SLA criterion without its operator, an empty metric list, a negative tolerance", async () => {
    const mcp = await connectInMemory();
    try {
      const calls = [
        ["octoperf_evaluate_sla", { benchResultId: SEED.run.checkoutLastNight, criteria: [{ metricId: "ERRORS_PERCENT", threshold: 1 }] }, /operator/],
        ["octoperf_get_report_metrics", { benchResultId: SEED.run.checkoutLastNight, metricIds: [] }, /at least one metric id.*metricIds/],
        [
          "octoperf_compare_tests",
          { baselineBenchResultId: SEED.run.checkoutLastNight, candidateBenchResultId: SEED.run.checkoutLastNight, tolerancePercent: -1 },
          /tolerancePercent must be 0 or more/,
        ],
      ] as const;
      for (const [name, args, says] of calls) {
        const refused = await mcp.call(name, args);
        expect(refused.isError, name).toBe(true);
        expect(textOf(refused), name).toMatch(says);
      }
    } finally {
      await mcp.close();
    }
  });

  it("still leaves the checks to the server: a bad id is refused with an error that says what to pass", async () => {
    const mcp = await connectInMemory();
    try {
      const refused = await mcp.call("octoperf_status", { benchResultId: "not an id!" });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(/benchResultId/);
    } finally {
      await mcp.close();
    }
  });
});

describe("portableJsonSchema", () => {
  it("splits a type array into single-type anyOf branches; constraints go with their type, annotations stay outside", () => {
    expect(portableJsonSchema({ type: ["number", "null"], minimum: 0, description: "Progress, 0..100" })).toEqual({
      description: "Progress, 0..100",
      anyOf: [{ type: "number", minimum: 0 }, { type: "null" }],
    });
  });

  it("rewrites at any depth (properties, items, anyOf) and leaves everything else as it was", () => {
    const schema = {
      type: "object",
      properties: {
        values: { type: "array", items: { type: ["number", "null"] } },
        side: { anyOf: [{ type: "object", properties: { url: { type: ["string", "null"] } } }, { type: "null" }] },
        name: { type: "string", enum: ["a", "b"] },
      },
      required: ["values"],
      additionalProperties: false,
    };
    expect(portableJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        values: { type: "array", items: { anyOf: [{ type: "number" }, { type: "null" }] } },
        side: { anyOf: [{ type: "object", properties: { url: { anyOf: [{ type: "string" }, { type: "null" }] } } }, { type: "null" }] },
        name: { type: "string", enum: ["a", "b"] },
      },
      required: ["values"],
      additionalProperties: false,
    });
  });
});
