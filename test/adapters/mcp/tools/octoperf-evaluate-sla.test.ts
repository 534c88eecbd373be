import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-evaluate-sla.js";
import { connectInMemory, listedTool, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
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
    // The run's own report, learnt from the project's reports (a bench result does not name it).
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, SEED.report.checkoutBaseline);
    // No reasons in words: the text says them; structuredContent holds the figures and each verdict's basis.
    expect(pass.structuredContent).toEqual({
      benchResultId: SEED.run.checkoutBaseline,
      state: "FINISHED",
      criteriaSource: "default",
      verdict: "PASS",
      results: [
        {
          metricId: "RESPONSE_TIME_PERCENTILE_95",
          label: "Response time (95th percentile)",
          unit: "ms",
          operator: "<",
          threshold: 1000,
          observed: 496.8,
          verdict: "PASS",
          basis: "measured",
        },
        {
          metricId: "ERRORS_PERCENT",
          label: "Error percentage",
          unit: "%",
          operator: "<",
          threshold: 1,
          observed: 0.393,
          verdict: "PASS",
          basis: "measured",
        },
      ],
      url,
    });
    expect(textOf(pass)).toBe(
      `SLA PASS for run ${SEED.run.checkoutBaseline} (FINISHED, default criteria):\n` +
        "- PASS: Response time (95th percentile): 497 ms < 1,000 ms\n" +
        "- PASS: Error percentage: 0.39% < 1%\n" +
        url,
    );
    const fail = await mcp.call(tool.name, {
      benchResultId: SEED.run.checkoutLastNight,
      criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 600 }],
    });
    expect(fail.structuredContent).toMatchObject({ verdict: "FAIL", results: [{ verdict: "FAIL", unit: "ms", threshold: 600 }] });
    expect(textOf(fail)).toMatch(/^SLA FAIL/);
    const inconclusive = await mcp.call(tool.name, { benchResultId: SEED.run.checkoutStopped });
    expect(inconclusive.structuredContent).toMatchObject({ verdict: "INCONCLUSIVE", state: "ABORTED", results: [{ basis: "partial" }, { basis: "partial" }] });
    // The state is said once, in the header; each partial value reads "so far".
    expect(textOf(inconclusive)).toMatch(
      /^SLA INCONCLUSIVE for run \w+ \(ABORTED, default criteria\):\n- INCONCLUSIVE: Response time \(95th percentile\): 524 ms so far \(expected < 1,000 ms\)\n/,
    );
    expect(textOf(inconclusive).match(/ABORTED/g)).toHaveLength(1);
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
