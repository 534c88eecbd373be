import { afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../../src/adapters/fake/fake-octoperf-adapter.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-run-and-analyze.js";
import { ManualClock } from "../../../support/manual-clock.js";
import { connectInMemory, listedTool, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

describe("octoperf_run_and_analyze", () => {
  it("is listed as a destructive, non-idempotent write (it launches a run)", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(listed.inputSchema.required).toEqual(["scenarioId"]);
    expect(listed.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
  });

  it("runs, waits, judges and compares in one call: the user story", async () => {
    const clock = new ManualClock(undefined, true);
    mcp = await connectInMemory({ clock, octoperf: new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 }) });
    const progress: number[] = [];
    const result = await mcp.client.callTool(
      {
        name: tool.name,
        arguments: {
          scenarioId: SEED.scenario.checkoutNightly,
          criteria: [{ metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 }],
          baselineBenchResultId: SEED.run.checkoutLastNight,
        },
      },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.isError).toBeFalsy();
    const structured = structuredOf(tool, result as Parameters<typeof structuredOf>[1]);
    expect(structured.run).toMatchObject({ state: "FINISHED", terminal: true });
    expect(structured.sla?.verdict).toBe("PASS");
    expect(structured.comparison?.baseline.benchResultId).toBe(SEED.run.checkoutLastNight);
    expect(progress.at(-1)).toBe(100);
    expect(textOf(result as Parameters<typeof textOf>[0])).toMatch(/SLA PASS/);
  });
});
