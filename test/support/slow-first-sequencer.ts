import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Starts the longest test files first, so that none of them starts last and leaves one worker
 * running alone at the end. Vitest does that from the durations it recorded in an earlier run;
 * a fresh clone (CI) has none, and then Vitest keeps the glob's alphabetical order, which puts
 * test/e2e and test/package (the files that spawn the built server, install the packed tarball or
 * run the conformance suite: a minute or more each) at the very end. Files without a recorded
 * duration get an estimate from their folder.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const { cache, config } = this.ctx;
    const expectedMs = (spec: TestSpecification): number => {
      const path = relative(config.root, spec.moduleId);
      const recorded = cache.getFileTestResults(`${spec.project.name}:${path}`);
      if (recorded !== undefined) return recorded.duration;
      if (/^test[\\/](e2e|package)[\\/]/.test(path)) return 60_000;
      if (/^test[\\/]adversarial[\\/]/.test(path)) return 20_000;
      return 1_000;
    };
    const expected = new Map(sorted.map((spec) => [spec, expectedMs(spec)]));
    // Array.prototype.sort is stable: equal estimates keep Vitest's own order.
    return sorted.sort((a, b) => expected.get(b)! - expected.get(a)!);
  }
}
