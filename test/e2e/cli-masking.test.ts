/**
 * Every CLI of the built bin (the server's own argument errors, gate, doctor) masks the key in
 * all it prints, even when the key is what was mistyped: an argument that is the key itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CANARY_API_KEY } from "../support/secret-scan.js";
import { SERVER_BIN } from "../support/spawn-server.js";

const KEY = CANARY_API_KEY;
const TOKEN = "sharedAccessToken-0123456789abcdefXYZ";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-masking-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function bin(args: string[]) {
  const result = spawnSync(process.execPath, [SERVER_BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", OCTOPERF_API_KEY: KEY, OCTOPERF_HTTP_ACCESS_TOKEN: TOKEN, OCTOPERF_BASE_URL: "http://127.0.0.1:9" },
    encoding: "utf8",
    timeout: 15_000,
    input: "",
  });
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` };
}

describe("the key in an argument is never printed back", () => {
  const cases: [string, string[]][] = [
    ["the server's unknown argument", [KEY]],
    ["gate's scenario id", ["gate", `${KEY}!`]],
    ["gate's --sla", ["gate", "checkoutSmoke0000002", "--sla", `${KEY}<1`]],
    ["gate's --max-wait", ["gate", "checkoutSmoke0000002", "--max-wait", KEY]],
    ["gate's --chart", ["gate", "checkoutSmoke0000002", "--chart", `${KEY}.gif`]],
    ["doctor's unknown argument", ["doctor", KEY]],
    ["the access token as an argument", ["gate", "checkoutSmoke0000002", "--sla", `${TOKEN}<1`]],
  ];
  it.each(cases)("%s: exit 2, masked", (_, args) => {
    const { status, out } = bin(args);
    expect(status, out).toBe(2);
    expect(out).toContain("[REDACTED]");
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(TOKEN);
    // Not even most of it, cut short in a preview.
    expect(out).not.toContain(KEY.slice(0, 16));
    expect(out).not.toContain(TOKEN.slice(0, 16));
  });
});
