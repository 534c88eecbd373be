/**
 * What a user's disk pays for the package: `npm pack` (the build is already there), then
 * `npm install <tgz>` into an empty project, as `npm install octoperf-mcp` will once published
 * (dependencies from npm's cache when it holds them), then every file under node_modules counted.
 * On disk is what `du` says (allocated blocks: a package of many small files weighs more than its
 * bytes); bytes is the files' own size (what npm calls "unpacked size").
 * Run alone with `npx tsx bench/installed-size.ts` (after `npm run build`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TARGETS } from "./report.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface InstalledPackage {
  /** Its path under node_modules, e.g. "@redis/client" or "d3-dsv/node_modules/iconv-lite". */
  readonly name: string;
  readonly version: string;
  readonly diskBytes: number;
  /** The disk of the packages installed for it alone (itself included). */
  readonly closureDiskBytes: number;
}

export interface InstalledSizeResult {
  readonly tarballBytes: number;
  readonly packages: number;
  readonly files: number;
  readonly diskBytes: number;
  readonly bytes: number;
  /** Our direct dependencies (and the package itself), each with what it brings alone, heaviest first. */
  readonly direct: readonly InstalledPackage[];
  /** On disk, the packages that more than one of ours brings (zod: the SDK's and ours). */
  readonly sharedDiskBytes: number;
}

interface Usage {
  disk: number;
  bytes: number;
  files: number;
}

/** One folder's files, nested node_modules left out (they are packages of their own). */
function usage(dir: string, into: Usage = { disk: 0, bytes: 0, files: 0 }): Usage {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) continue;
    into.disk += stat.blocks * 512;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") usage(path, into);
    } else {
      into.bytes += stat.size;
      into.files += 1;
    }
  }
  return into;
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export function measureInstalledSize(): InstalledSizeResult {
  const dir = mkdtempSync(join(tmpdir(), "octoperf-mcp-installed-"));
  try {
    const env = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8", env })) as {
      filename: string;
    }[];
    const tarball = join(dir, packed[0]!.filename);
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    execFileSync("npm", ["install", "--prefer-offline", tarball], { cwd: app, encoding: "utf8", env, stdio: ["ignore", "ignore", "pipe"] });

    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
    // The lock file also lists the platform packages of other systems, which npm skipped.
    const installed = Object.entries(lock.packages).filter(([path]) => path !== "" && existsSync(join(app, path)));
    const sizes = new Map<string, Usage>();
    for (const [path] of installed) sizes.set(path, usage(join(app, path)));
    const whole = usage(join(app, "node_modules"));

    // Node's lookup: from a package's folder up, the first node_modules/<name> that the lock file lists.
    const resolve = (from: string, name: string): string | undefined => {
      for (let base = from; ;) {
        const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
        if (lock.packages[candidate] !== undefined) return candidate;
        if (base === "") return undefined;
        const cut = base.lastIndexOf("/node_modules/");
        base = cut === -1 ? "" : base.slice(0, cut);
      }
    };
    const closure = (root: string): Set<string> => {
      const seen = new Set<string>();
      const todo = [root];
      for (let path = todo.pop(); path !== undefined; path = todo.pop()) {
        if (seen.has(path) || !sizes.has(path)) continue; // not installed here
        seen.add(path);
        const entry = lock.packages[path]!;
        for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
          const found = resolve(path, name);
          if (found !== undefined) todo.push(found);
        }
      }
      return seen;
    };
    const self = "node_modules/octoperf-mcp";
    const ours = Object.keys(lock.packages[self]?.dependencies ?? {}).flatMap((name) => resolve(self, name) ?? []);
    const closures = new Map(ours.map((path) => [path, closure(path)]));
    const direct: InstalledPackage[] = [self, ...ours].map((path) => {
      const members = path === self ? new Set([self]) : closures.get(path)!;
      const others = new Set([...closures].filter(([other]) => other !== path).flatMap(([, set]) => [...set]));
      let closureDisk = 0;
      for (const member of members) if (!others.has(member)) closureDisk += sizes.get(member)!.disk;
      return {
        name: path.replace(/^node_modules\//, ""),
        version: lock.packages[path]!.version ?? "?",
        diskBytes: sizes.get(path)!.disk,
        closureDiskBytes: closureDisk,
      };
    });
    direct.sort((a, b) => b.closureDiskBytes - a.closureDiskBytes);
    return {
      tarballBytes: statSync(tarball).size,
      packages: installed.length,
      files: whole.files,
      diskBytes: whole.disk,
      bytes: whole.bytes,
      direct,
      sharedDiskBytes: whole.disk - direct.reduce((sum, p) => sum + p.closureDiskBytes, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = measureInstalledSize();
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const met = r.diskBytes <= TARGETS.installedMiB * 1024 * 1024;
  process.stdout.write(
    `installed from the packed tarball (${(r.tarballBytes / 1024).toFixed(0)} KiB): ${mib(r.diskBytes)} on disk, ${(r.bytes / 1e6).toFixed(1)} MB of files, ` +
      `${r.files} files, ${r.packages} packages (goal ≤ ${TARGETS.installedMiB} MiB: ${met ? "met" : "NOT met"})\n` +
      r.direct.map((p) => `  ${p.name}@${p.version}: ${mib(p.closureDiskBytes)} with what it alone brings\n`).join("") +
      `  shared by several of the above (and node_modules' own folders): ${mib(r.sharedDiskBytes)}\n`,
  );
}
