import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { subset, validRange } from "semver";
import { describe, expect, it } from "vitest";

const read = (file: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), "utf8")) as unknown;

interface LockEntry {
  version?: string;
  engines?: Record<string, string> | string[];
  optional?: boolean;
  os?: string[];
  cpu?: string[];
}

/**
 * `engines.node` must be true for the whole installed tree: every Node version it admits must be
 * admitted by every package the lock file installs (dev ones included: `npm ci --engine-strict`
 * checks them all). Checked over the whole range, not only the Node running the test, so a
 * dependency bump that drops a Node line fails here before a user meets EBADENGINE.
 */
describe("engines.node in package.json", () => {
  const pkg = read("package.json") as { engines: { node: string } };
  const lock = read("package-lock.json") as { packages: Record<string, LockEntry> };
  const ours = pkg.engines.node;

  it("is a valid range that admits no end-of-life odd line", () => {
    expect(validRange(ours)).not.toBeNull();
    expect(subset(">=23.0.0 <24.0.0", ours)).toBe(false);
  });

  it("is admitted by every package of the lock file", () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === "" || entry.engines === undefined || Array.isArray(entry.engines)) continue;
      const theirs = entry.engines.node;
      if (theirs === undefined) continue;
      if (!subset(ours, theirs)) refusing.push(`${path.replace(/^.*node_modules\//, "")}@${entry.version ?? "?"} wants node ${theirs}`);
    }
    expect(refusing, `engines.node is "${ours}"`).toEqual([]);
  });

  it("admits the Node running this test (CI runs the suite once per admitted, supported line)", () => {
    expect(subset(process.versions.node, ours)).toBe(true);
  });
});
