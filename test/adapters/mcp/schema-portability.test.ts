import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { allTools } from "../../../src/adapters/mcp/tools/index.js";

const SCRIPT = fileURLToPath(new URL("../../../scripts/schema-portability.mjs", import.meta.url));

describe("schema portability (MCP Inspector 2.x CLI, on Node 22 from tools/portability)", () => {
  // Real time: it may install the side folder on first use, then spawns the Inspector, which spawns the built bin.
  it("finds nothing to warn about in any tool's input or output schema", { timeout: 240_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT], { encoding: "utf8", timeout: 230_000 }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(`the portability check failed:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
      },
    );
    // Every tool was listed and checked, and nothing was found.
    expect(stdout).toContain(`${allTools.length} tools checked: 0 errors, 0 warnings.`);
  });
});
