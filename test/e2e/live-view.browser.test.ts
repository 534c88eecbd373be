/**
 * The live view in a real browser (headless Chromium), hosted by a page that plays the MCP Apps
 * host with ext-apps' AppBridge, talking to the built server in demo mode (runs of a few seconds).
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, startViewHost, type ViewHost } from "../support/view-host.js";
import { SEED, UNKNOWN } from "../support/seed-ids.js";

const RUN_SECONDS = 16;
let host: ViewHost;

beforeAll(async () => {
  if (!hasChromium()) throw new Error("Chromium is missing: apt-get install -y chromium (CI's .ci/run installs it), or set CHROMIUM_PATH.");
  host = await startViewHost({ demoRunSeconds: RUN_SECONDS });
}, 60_000);
afterAll(async () => host?.close());

/** Shows a launch to the view as a host does: the call's arguments, then its result. */
async function launchInView(runtimeId: string): Promise<string> {
  await host.open();
  await host.sendInput({ runtimeId });
  const result = (await host.server.client.callTool({ name: "octoperf_run_test", arguments: { runtimeId, allowParallel: true } })) as CallToolResult;
  await host.sendResult(result);
  return (result.structuredContent as { benchResultId: string }).benchResultId;
}

const text = (selector: string) => host.frame().locator(selector).innerText();
const attribute = (selector: string, name: string) => host.frame().locator(selector).getAttribute(name);
const points = async () => Number((await attribute('[data-chart="users"]', "data-points")) ?? 0);

describe("the live run view in Chromium", () => {
  it("follows a launched run: progress and charts grow while it runs, the verdict appears when it ends", async () => {
    const runId = await launchInView(SEED.scenario.checkoutNightly);
    const frame = host.frame();
    await frame.locator("#run-id", { hasText: runId }).waitFor({ timeout: 10_000 });
    await expect.poll(() => text("#title"), { timeout: 10_000 }).toBe("Checkout nightly 500 VUs");
    await expect.poll(() => text("#state"), { timeout: RUN_SECONDS * 1000 }).toBe("RUNNING");

    await expect.poll(points, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const early = { points: await points(), percent: Number(await attribute("#progress", "aria-valuenow")) };
    await expect.poll(points, { timeout: 10_000 }).toBeGreaterThan(early.points + 1);
    expect(Number(await attribute("#progress", "aria-valuenow"))).toBeGreaterThan(early.percent);
    for (const chart of ["users", "responseTime", "errors", "hits"])
      expect(Number(await attribute(`[data-chart="${chart}"]`, "data-points")), chart).toBeGreaterThan(1);
    expect(await text('[data-chart="responseTime"] .chart-title')).toBe("Response time (ms)");
    expect(await text('[data-chart="users"] .chart-value')).toMatch(/^\d[\d,]* VUs$/);
    expect(await frame.locator("#stop").isVisible()).toBe(true);

    await frame.locator("#verdict").waitFor({ state: "visible", timeout: RUN_SECONDS * 1000 });
    expect(await text("#state")).toBe("FINISHED");
    expect(await text("#verdict")).toMatch(/Finished/);
    expect(await frame.locator('#tiles [data-metric="RESPONSE_TIME_AVG"]').innerText()).toMatch(/\d ms/);
    expect(await frame.locator("#report").getAttribute("href")).toMatch(/^https:\/\//);
    expect(await frame.locator("#stop").isVisible()).toBe(false);
    // Everything the view needs is in its HTML: it asked nothing of the network.
    expect(host.requests).toEqual([]);
  }, 60_000);

  it("stops a second run through the stop tool, after an in-view confirmation", async () => {
    const runId = await launchInView(SEED.scenario.checkoutSmoke);
    const frame = host.frame();
    await frame.locator("#run-id", { hasText: runId }).waitFor({ timeout: 10_000 });
    await frame.locator("#stop").click();
    await frame.locator("#stop-confirm").waitFor({ state: "visible" });
    await frame.locator("#stop-yes").click();
    await expect.poll(() => text("#state"), { timeout: 10_000 }).toBe("ABORTED");
    expect(await text("#verdict")).toMatch(/stopped before its planned end/);
    const status = (await host.server.client.callTool({ name: "octoperf_status", arguments: { benchResultId: runId } })) as CallToolResult;
    expect(status.structuredContent).toMatchObject({ state: "ABORTED" });
  }, 60_000);

  it("says so, plainly, when the run is not visible here", async () => {
    await host.open();
    await host.sendInput({ benchResultId: UNKNOWN.run });
    const message = host.frame().locator('#message[data-kind="not-visible"]');
    await message.waitFor({ timeout: 10_000 });
    expect(await message.innerText()).toMatch(/not visible to this API key[\s\S]*noSuchRun00000000000/);
  }, 30_000);

  it("shows octoperf_trend's series as interactive charts: hovering a run shows its values and date", async () => {
    await host.open();
    const args = { scenarioId: SEED.scenario.searchRelevance, chart: false };
    await host.sendInput(args);
    await host.sendResult((await host.server.client.callTool({ name: "octoperf_trend", arguments: args })) as CallToolResult);
    const frame = host.frame();
    await frame.locator("#trend .chart").first().waitFor({ timeout: 10_000 });
    expect(await frame.locator("#trend .chart").count()).toBeGreaterThan(2);
    const plot = frame.locator("#trend .chart .u-over").first();
    const box = (await plot.boundingBox())!;
    await plot.hover({ position: { x: box.width - 2, y: box.height / 2 } });
    await expect.poll(() => frame.locator(".trend-readout").innerText(), { timeout: 5_000 }).toMatch(/Run #\d+ · .*\d{4}/);
  }, 30_000);

  // Last: it closes the server every other test talks to.
  it("says so when the server cannot be reached, and keeps trying", async () => {
    const runId = await launchInView(SEED.scenario.checkoutNightly);
    await host.frame().locator("#run-id", { hasText: runId }).waitFor({ timeout: 10_000 });
    await host.server.close();
    const message = host.frame().locator('#message[data-kind="unreachable"]');
    await message.waitFor({ timeout: 15_000 });
    expect(await message.innerText()).toMatch(/cannot be reached[\s\S]*Trying again in \d+ s/);
  }, 30_000);
});
