import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-compare-tests.js";
import { connectInMemory, listedTool, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_compare_tests", () => {
  it("is listed read-only with both run ids required", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(expect.arrayContaining(["baselineBenchResultId", "candidateBenchResultId"]));
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("compares last night's run with the baseline", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, {
      baselineBenchResultId: SEED.run.checkoutBaseline,
      candidateBenchResultId: SEED.run.checkoutLastNight,
    });
    expect(result.structuredContent).toMatchObject({ verdict: "regressed", tolerancePercent: 5 });
    expect(textOf(result)).toMatch(/regressed: Response time \(95th percentile\): \d+(\.\d+)? → \d+(\.\d+)? ms \(\+\d+/);
  });

  it("refuses comparing a run with itself", async () => {
    mcp = await connectInMemory();
    const same = await mcp.call(tool.name, { baselineBenchResultId: SEED.run.checkoutBaseline, candidateBenchResultId: SEED.run.checkoutBaseline });
    expect(same.isError).toBe(true);
  });
});
