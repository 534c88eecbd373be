import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-evaluate-sla.js";
import { connectInMemory, listedTool, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_evaluate_sla", () => {
  it("is listed read-only with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(["benchResultId"]);
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("gives PASS, FAIL and INCONCLUSIVE verdicts on known data", async () => {
    mcp = await connectInMemory();
    const pass = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline });
    expect(pass.structuredContent).toMatchObject({ verdict: "PASS", criteriaSource: "default" });
    const fail = await mcp.call(tool.name, {
      benchResultId: SEED.run.checkoutLastNight,
      criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 600 }],
    });
    expect(fail.structuredContent).toMatchObject({ verdict: "FAIL", results: [{ verdict: "FAIL", unit: "ms", threshold: 600 }] });
    expect(textOf(fail)).toMatch(/^SLA FAIL/);
    const inconclusive = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutStopped });
    expect(inconclusive.structuredContent).toMatchObject({ verdict: "INCONCLUSIVE", state: "ABORTED" });
  });

  it("refuses a malformed criterion with an isError result", async () => {
    mcp = await connectInMemory();
    const bad = await mcp.call(tool.name, {
      benchResultId: SEED.run.checkoutBaseline,
      criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<<", threshold: 1 }],
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/operator/);
  });
});
