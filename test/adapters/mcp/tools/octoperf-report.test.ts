import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-report.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink } from "../../../support/demo-links.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_report", () => {
  it("is listed with reportId required, read-only, with an output schema", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: ["reportId"], optional: [] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it("describes a past run's report: the runs it covers", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { reportId: SEED.report.checkoutBaseline });
    const url = reportLink(SEED.workspace.acmeRetail, SEED.project.checkoutApi, SEED.report.checkoutBaseline);
    expect(result.structuredContent).toEqual({
      reportId: SEED.report.checkoutBaseline,
      name: "Checkout nightly (baseline)",
      projectId: SEED.project.checkoutApi,
      benchResultIds: [SEED.run.checkoutBaseline],
      kind: "run",
      items: [
        {
          type: "SummaryReportItem",
          name: "Statistics summary",
          metricIds: ["HITS_TOTAL", "HITS_RATE", "ERRORS_PERCENT", "RESPONSE_TIME_AVG", "RESPONSE_TIME_PERCENTILE_95", "THROUGHPUT_RATE"],
        },
        { type: "StatisticTableReportItem", name: "Results table", metricIds: ["HITS_TOTAL", "RESPONSE_TIME_AVG", "ERRORS_TOTAL"] },
        { type: "InsightsReportItem", name: "Insights", metricIds: [] },
      ],
      url,
    });
    expect(structuredOf(tool, result).benchResultIds).toEqual([SEED.run.checkoutBaseline]);
    expect(textOf(result)).toBe(
      `Report "Checkout nightly (baseline)" (${SEED.report.checkoutBaseline}) covers run(s) ${SEED.run.checkoutBaseline}; 3 widget(s):\n` +
        "- Statistics summary (SummaryReportItem): HITS_TOTAL, HITS_RATE, ERRORS_PERCENT, RESPONSE_TIME_AVG, RESPONSE_TIME_PERCENTILE_95, THROUGHPUT_RATE\n" +
        "- Results table (StatisticTableReportItem): HITS_TOTAL, RESPONSE_TIME_AVG, ERRORS_TOTAL\n" +
        "- Insights (InsightsReportItem)\n" +
        `${url}\n` +
        "Next: octoperf_get_report_metrics with a benchResultId and metric ids.",
    );
  });

  it("answers an unknown report with where report ids come from", async () => {
    mcp = await connectInMemory();
    const unknown = await mcp.call(tool.name, { reportId: UNKNOWN.report });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      `No bench report with id "${UNKNOWN.report}" in this demo: demo runs live in this process only, and a new process starts with fresh demo data; ` +
        "use the reportId of a launch, or one listed by octoperf_list_test_runs.",
    );
  });
});
