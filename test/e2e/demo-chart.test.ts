/** The offline demo (the built dist/app/demo.js) writes its chart to a fresh folder of its own, never to a fixed name in the shared temp dir. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("../../dist/app/demo.js", import.meta.url));

let shared: string;
beforeEach(() => {
  shared = mkdtempSync(join(tmpdir(), "demo-tmp-"));
});
afterEach(() => rmSync(shared, { recursive: true, force: true }));

function demo(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { PATH: process.env.PATH ?? "", TMPDIR: shared, OCTOPERF_DEMO_RUN_SECONDS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (out += String(d)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`demo exited ${code}: ${out}`))));
  });
}

it("writes the chart into a fresh temporary folder, leaving a file at the old fixed name alone", { timeout: 120_000 }, async () => {
  // What another user (or a planted link) could hold at the name the demo used to write.
  writeFileSync(join(shared, "octoperf-demo-trend.png"), "someone else's file");
  const [first, second] = [await demo(), await demo()];
  const pathOf = (out: string) => /shows inline is in (\S+) \(open it/.exec(out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), ""))?.[1];
  const paths = [pathOf(first), pathOf(second)];
  for (const path of paths) {
    expect(path).toMatch(new RegExp(`^${shared}/octoperf-demo-\\w+/trend\\.png$`));
    expect(readFileSync(path!).toString("latin1", 1, 4)).toBe("PNG");
  }
  expect(dirname(paths[0]!)).not.toBe(dirname(paths[1]!));
  expect(readFileSync(join(shared, "octoperf-demo-trend.png"), "utf8")).toBe("someone else's file");
  expect(existsSync(paths[0]!)).toBe(true);
});
