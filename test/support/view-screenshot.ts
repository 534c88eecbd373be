/**
 * `npm run view:screenshot`: PNG screenshots of the live view at three moments of a demo run
 * (ramping up, running, finished with a verdict), in view-screenshots/ (or the folder given).
 * Needs the build (the script runs it) and Chromium (apt-get install -y chromium).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
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
      await frame().locator("main").screenshot({ path });
      console.error(`wrote ${path}`);
    };
    await frame().locator("#state", { hasText: "RUNNING" }).waitFor({ timeout: 60_000 });
    await frame().waitForFunction(`Number(document.querySelector('[data-chart="users"]')?.dataset.points ?? 0) >= 4`, undefined, { timeout: 30_000 });
    await shoot("1-ramping");
    await frame().waitForFunction(`Number(document.querySelector("#progress")?.getAttribute("aria-valuenow") ?? 0) >= 70`, undefined, { timeout: 60_000 });
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
