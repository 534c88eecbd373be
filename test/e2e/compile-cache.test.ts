import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PACKAGE_VERSION } from "../../src/app/package-info.js";
import { SERVER_BIN } from "../support/spawn-server.js";

/** Node 22.1 and later have a compile cache the bin turns on (src/app/bin.ts); Node 20 has none. */
const nodeHasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";

describe("the bin's compile cache", () => {
  // The cache's default place is under os.tmpdir(): a TMPDIR of the test's own shows what the bin wrote.
  const tmp = mkdtempSync(join(tmpdir(), "octoperf-compile-cache-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it(`${nodeHasCompileCache ? "keeps the bin's compiled code on disk for the next start" : "is skipped by Node 20, which has none"}; stdout stays the CLI's (node ${process.version})`, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    // Set, either would decide for the bin: the test is about the bin's own call.
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = spawnSync(process.execPath, [SERVER_BIN, "--version"], { env, encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${PACKAGE_VERSION}\n`);
    expect(run.status).toBe(0);
    const cached = readdirSync(tmp, { recursive: true });
    if (nodeHasCompileCache) expect(cached.some((path) => String(path).startsWith("node-compile-cache"))).toBe(true);
    else expect(cached).toEqual([]);
  });
});
