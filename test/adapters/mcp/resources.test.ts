import { afterEach, describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { ManualClock } from "../../support/manual-clock.js";
import { connectInMemory, type InMemoryMcp } from "../../support/mcp-client.js";
import { SEED } from "../../support/seed-ids.js";

let mcp: InMemoryMcp;

/** The text of a resource content or prompt message; anything else fails the test. */
function textContent(content: unknown): string {
  if (typeof content === "object" && content !== null && "text" in content && typeof content.text === "string") return content.text;
  throw new Error(`not a text content: ${JSON.stringify(content)}`);
}
afterEach(async () => mcp?.close());

describe("resources and prompt", () => {
  it("serves the metric catalogue and a run's status with key metrics", async () => {
    mcp = await connectInMemory();
    const catalogue = await mcp.client.readResource({ uri: "octoperf://metrics" });
    const { metrics } = JSON.parse(textContent(catalogue.contents[0])) as { metrics: { id: string }[] };
    expect(metrics.find((m) => m.id === "ERRORS_PERCENT")).toMatchObject({ unit: "%", direction: "lower-is-better" });

    const run = await mcp.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" });
    const body = JSON.parse(textContent(run.contents[0])) as { metrics: { metricId: string; unit: string }[] };
    expect(body).toMatchObject({ benchResultId: SEED.run.checkoutBaseline, state: "FINISHED", partial: false });
    expect(body.metrics.find((m) => m.metricId === "RESPONSE_TIME_PERCENTILE_95")?.unit).toBe("ms");
    await expect(mcp.client.readResource({ uri: "octoperf://runs/noSuchRun00000000000" })).rejects.toThrow(/No bench result/);
  });

  it("a client's cancel of a resource read aborts the OctoPerf call under it, as for a tool", async () => {
    const clock = new ManualClock();
    const fake = new FakeOctoPerfAdapter(clock, { runDurationMs: 30_000 });
    let aborted = false;
    // An OctoPerf read that hangs until its caller gives up on it.
    fake.getRun = (_id, options) =>
      new Promise((_resolve, reject) => {
        options?.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("aborted"));
        });
      });
    mcp = await connectInMemory({ octoperf: fake, clock });
    const controller = new AbortController();
    const read = mcp.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(read).rejects.toThrow();
    await expect.poll(() => aborted).toBe(true);
  });

  it("offers the load-test prompt", async () => {
    mcp = await connectInMemory();
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain("load-test");
    const prompt = await mcp.client.getPrompt({ name: "load-test", arguments: { scenario: "checkout nightly", sla: "p95 under 800 ms" } });
    expect(textContent(prompt.messages[0]!.content)).toMatch(/p95 under 800 ms[\s\S]*octoperf_run_and_analyze/);
  });

  it("explains the workflow in the server instructions", async () => {
    mcp = await connectInMemory();
    expect(mcp.client.getInstructions()).toMatch(/Discover[\s\S]*Launch[\s\S]*Poll[\s\S]*Analyze/);
  });
});
