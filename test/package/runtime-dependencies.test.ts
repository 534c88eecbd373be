import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { startRedisServer } from "../support/redis-server.js";
import { CANARY_API_KEY } from "../support/secret-scan.js";
import { spawnHttpServer, stopAllHttpServers } from "../support/spawn-http-server.js";
import { startStubOctoPerf } from "../support/stub-octoperf-server.js";

/**
 * `dependencies` is what every user's disk pays for (bench/installed-size.ts): exactly the
 * packages that the shipped entry points, the library (dist/index.js) and the bundled bin, load
 * from node_modules at run time. What the bin bundles (the Redis client, Express) ships inside
 * dist/bin/ and needs no install, so it is a devDependency: it is there to build and test with.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY_POINTS = ["dist/index.js", "dist/bin/octoperf-mcp.js"];

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optionalDependencies?: Record<string, string>;
}
const manifest = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Manifest;
const packageOf = (specifier: string) => /^(@[^/]+\/)?[^/]+/.exec(specifier)![0];

/** Each package the entry points import from node_modules (static or import()), with the shipped file that imports it. */
async function runtimeImports(): Promise<Map<string, string[]>> {
  const result = await build({
    entryPoints: ENTRY_POINTS.map((entry) => join(ROOT, entry)),
    absWorkingDir: ROOT,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    splitting: true,
    outdir: join(tmpdir(), "unused"),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const found = new Map<string, string[]>();
  for (const [file, input] of Object.entries(result.metafile.inputs))
    for (const imported of input.imports)
      if (imported.external === true && !isBuiltin(imported.path)) found.set(packageOf(imported.path), [...(found.get(packageOf(imported.path)) ?? []), file]);
  return found;
}

/** What a package bundled into the bin may import() when present and do without otherwise (its optional peers and optional dependencies). */
function optionalImportsOfBundled(): Set<string> {
  const meta = JSON.parse(readFileSync(join(ROOT, "dist/bin.meta.json"), "utf8")) as { inputs: Record<string, unknown> };
  const bundled = new Set(Object.keys(meta.inputs).flatMap((input) => /^node_modules\/((@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));
  return new Set(
    [...bundled].flatMap((name) => {
      const m = manifest(`node_modules/${name}/package.json`);
      const optionalPeers = Object.keys(m.peerDependencies ?? {}).filter((peer) => m.peerDependenciesMeta?.[peer]?.optional === true);
      return [...optionalPeers, ...Object.keys(m.optionalDependencies ?? {})];
    }),
  );
}

describe("the package's dependencies", () => {
  const dependencies = Object.keys(manifest("package.json").dependencies ?? {}).sort();

  it("hold every package the library and the bin load from node_modules, and nothing else (no build or test tool, nothing the bin bundles)", async () => {
    const imports = await runtimeImports();
    const optional = optionalImportsOfBundled();
    const missing = [...imports]
      .filter(([name]) => !dependencies.includes(name) && !optional.has(name))
      .map(([name, files]) => `${name} (from ${files.join(", ")})`);
    expect(missing, "loaded at run time but not in dependencies").toEqual([]);
    expect(
      dependencies.filter((name) => !imports.has(name)),
      "in dependencies but loaded by no shipped entry point: a devDependency",
    ).toEqual([]);
  });

  it("leave the Redis client out: the bin, alone in a folder with no node_modules, serves a team whose replicas share Redis", { timeout: 40_000 }, async () => {
    expect(dependencies).not.toContain("@redis/client");
    // The bin as the tarball ships it (its chunks beside it, package.json two levels up), nothing installed.
    const dir = mkdtempSync(join(tmpdir(), "octoperf-mcp-bare-bin-"));
    const stub = await startStubOctoPerf({ apiKey: CANARY_API_KEY });
    const redis = await startRedisServer();
    try {
      mkdirSync(join(dir, "dist"));
      cpSync(join(ROOT, "dist/bin"), join(dir, "dist/bin"), { recursive: true });
      copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));

      const server = await spawnHttpServer(
        [],
        { OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_REDIS_URL: redis.url, OCTOPERF_REDIS_PREFIX: `bare-bin-${process.pid}:` },
        join(dir, "dist/bin/octoperf-mcp.js"),
      );
      // Ready means the replica's Redis client connected and answered (503 without: http-redis-startup.test.ts).
      const ready = await fetch(`${server.origin}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: "ready" } });
      const client = await server.connect({ token: CANARY_API_KEY });
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await stopAllHttpServers();
      await redis.stop();
      await stub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
