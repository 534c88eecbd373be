/**
 * `npm run view:screenshot`: PNG screenshots of the live view at three moments of a demo run
 * (ramping up, running, finished with a verdict), in view-screenshots/ (or the folder given).
 * Needs the build (the script runs it) and Chromium (apt-get install -y chromium).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Locator } from "playwright-core";
import { SEED } from "./seed-ids.js";
import { hasChromium, CHROMIUM, startViewHost } from "./view-host.js";

const OUT = resolve(process.argv[2] ?? "view-screenshots");

async function main(): Promise<void> {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  mkdirSync(OUT, { recursive: true });
  const host = await startViewHost({ demoRunSeconds: 40, width: 1000 });
  try {
    await host.open();
    const args = {
      scenarioId: SEED.scenario.checkoutNightly,
      criteria: [
        { metricId: "RESPONSE_TIME_PERCENTILE_95", operator: "<", threshold: 800 },
        { metricId: "ERRORS_PERCENT", operator: "<", threshold: 1 },
      ],
      baselineBenchResultId: SEED.run.checkoutBaseline,
      allowParallel: true,
    };
    await host.sendInput({ runtimeId: args.scenarioId, ...args });
    // Launch and judge in one call, as a model does: the view follows the run meanwhile.
    const analysis = host.server.client.callTool({ name: "octoperf_run_and_analyze", arguments: { ...args, maxWaitSeconds: 120 } }, undefined, {
      timeout: 180_000,
    });
    const frame = () => host.frame();
    const shoot = async (name: string) => {
      const path = `${OUT}/${name}.png`;
      // The host resizes its frame to the view's height: a shot taken mid-resize comes out blank.
      await settled(() => frame().locator("main"));
      await frame().locator("main").screenshot({ path });
      console.error(`wrote ${path}`);
    };
    await frame().locator("#state", { hasText: "RUNNING" }).waitFor({ timeout: 60_000 });
    await waitForNumber(() => frame().locator('[data-chart="users"]'), "data-points", 4, 30_000);
    await shoot("1-ramping");
    await waitForNumber(() => frame().locator("#progress"), "aria-valuenow", 70, 60_000);
    await shoot("2-running");
    await host.sendResult((await analysis) as CallToolResult);
    await frame().locator("#verdict .criteria").waitFor({ timeout: 60_000 });
    await frame().locator("#tiles").waitFor({ timeout: 10_000 });
    await shoot("3-finished");
    console.log(`Live view screenshots: ${OUT}`);
  } finally {
    await host.close();
  }
}

/**
 * Until an attribute's number reaches a floor. Read from Node, not with waitForFunction: the view's
 * CSP (rightly) forbids the eval a string predicate needs.
 */
async function waitForNumber(target: () => Locator, attribute: string, atLeast: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = Number(
      (await target()
        .getAttribute(attribute, { timeout: timeoutMs })
        .catch(() => null)) ?? 0,
    );
    if (value >= atLeast) return;
    if (Date.now() > deadline) throw new Error(`${attribute} stayed below ${atLeast} (last ${value}) for ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Until the element's box is the same on two reads 300 ms apart. */
async function settled(target: () => Locator): Promise<void> {
  let last = "";
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const box = JSON.stringify(await target().boundingBox());
    if (box === last) return;
    last = box;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
