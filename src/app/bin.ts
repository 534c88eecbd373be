#!/usr/bin/env node
import module from "node:module";

// The bin's entry (`octoperf-mcp`). From Node 22.1 on, Node can keep the code it compiled for the
// bin's files in a cache on disk (under os.tmpdir(), or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE
// turns it off), so that the next start does not compile them again: about an eighth fewer
// instructions to the first tools/list on Node 22 (BENCHMARKS.md). It must be on before the
// CLI's modules load, hence the import() after it. Node 20 has no such cache: nothing happens.
const { enableCompileCache } = module as { enableCompileCache?: () => unknown };
enableCompileCache?.();
await import("./main.js");
