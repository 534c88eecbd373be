import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SEED, UNKNOWN } from "../support/seed-ids.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

function gate(...args: string[]) {
  return spawnSync(TSX, ["examples/ci-gate.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", OCTOPERF_DEMO_RUN_SECONDS: "1" },
  });
}

describe("examples/ci-gate.ts (demo mode)", () => {
  it("passes the build when the SLA passes, printing progress on stderr", () => {
    const result = gate(SEED.scenario.checkoutSmoke, "800");
    expect(result.stderr).toMatch(/^100% FINISHED \(run fakeRun\w+\)$/m);
    expect(result.stdout).toMatch(/^SLA PASS \(run fakeRun\w+, FINISHED\)$/m);
    expect(result.status).toBe(0);
  });

  it("fails the build when the SLA fails", () => {
    const result = gate(SEED.scenario.checkoutSmoke, "100");
    expect(result.stdout).toMatch(/FAIL +Response time \(95th percentile\): [\d.]+ ms not < 100 ms/);
    expect(result.status).toBe(1);
  });

  it("refuses bad input before launching anything", () => {
    const result = gate(SEED.scenario.checkoutSmoke, "fast");
    expect(result.stderr).toMatch(/^bad input: criteria\.0\.threshold: /);
    expect(result.stderr).not.toMatch(/FINISHED|CREATED/);
    expect(result.status).toBe(2);
  });

  it("says what went wrong when the scenario does not exist", () => {
    const result = gate(UNKNOWN.scenario);
    expect(result.stderr).toMatch(/^octoperf: No scenario with id "noSuchScenario000000"/m);
    // The library's audit line (info) records the refused launch before the example words it.
    expect(result.stderr).toMatch(/"message":"launch audit","event":"refused","scenarioId":"noSuchScenario000000"/);
    expect(result.status).toBe(2);
  });
});
