import { afterEach, describe, expect, it } from "vitest";
import tool from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { reportLink, scenarioLink } from "../../../support/demo-links.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_run_test", () => {
  it("is listed with runtimeId required and allowParallel optional, and annotated as a destructive, non-idempotent write", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    // allowParallel is the one addition to the seed: the guardrail against double launches needs a way to opt out.
    expect(parametersOf(listed)).toEqual({ required: ["runtimeId"], optional: ["allowParallel"] });
    expect(listed.outputSchema?.type).toBe("object");
    expect(listed.description!.length).toBeGreaterThan(80);
    expect(listed.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
  });

  it("launches a scenario and answers the run and report ids, telling the model not to launch again", async () => {
    mcp = await connectInMemory();
    const launched = await mcp.call(tool.name, { runtimeId: SEED.scenario.checkoutNightly });
    const { benchResultId, reportId } = structuredOf(tool, launched);
    expect(benchResultId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(reportId).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const { acmeRetail } = SEED.workspace;
    const { checkoutApi } = SEED.project;
    const reportUrl = reportLink(acmeRetail, checkoutApi, reportId);
    expect(launched.structuredContent).toEqual({
      benchResultId,
      reportId,
      scenarioId: SEED.scenario.checkoutNightly,
      scenarioName: "Checkout nightly 500 VUs",
      projectId: checkoutApi,
      totalVus: 500,
      expectedDurationSeconds: 720,
      outcome: "launched",
      reportUrl,
      scenarioUrl: scenarioLink(acmeRetail, checkoutApi, SEED.scenario.checkoutNightly),
    });
    expect(textOf(launched)).toBe(
      `Launched "Checkout nightly 500 VUs" (500 VUs): benchResultId ${benchResultId}, reportId ${reportId}. Load lasts about 12 min after provisioning.\n` +
        `Report: ${reportUrl}\n` +
        "Next: octoperf_wait_for_test (or octoperf_status) with the benchResultId until terminal. Do not launch it again.",
    );
  });

  it("answers a second launch of a scenario still provisioning with the same run, unless parallel runs are asked for", async () => {
    mcp = await connectInMemory();
    const first = structuredOf(tool, await mcp.call(tool.name, { runtimeId: SEED.scenario.checkoutSmoke }));
    const again = structuredOf(tool, await mcp.call(tool.name, { runtimeId: SEED.scenario.checkoutSmoke }));
    expect(again.benchResultId).toBe(first.benchResultId);
    const parallel = structuredOf(tool, await mcp.call(tool.name, { runtimeId: SEED.scenario.checkoutSmoke, allowParallel: true }));
    expect(parallel.benchResultId).not.toBe(first.benchResultId);
  });

  it("answers an unknown scenario with an isError result and launches nothing", async () => {
    mcp = await connectInMemory();
    const unknown = await mcp.call(tool.name, { runtimeId: UNKNOWN.scenario });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain(UNKNOWN.scenario);
  });
});
