import { createRequire } from "node:module";

// Read at runtime so the version has one source: package.json (same relative path from src/ and dist/).
const pkg = createRequire(import.meta.url)("../../package.json") as { name: string; version: string };

export const PACKAGE_NAME = pkg.name;
export const PACKAGE_VERSION = pkg.version;
