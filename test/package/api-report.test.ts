import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without types.
import { apiReport } from "../../scripts/api-report.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("the public API report (api-report.md)", () => {
  it("is the surface of the built library: a change of the public API shows in review", () => {
    expect(readFileSync(`${ROOT}api-report.md`, "utf8"), "run npm run api:report and commit api-report.md").toBe((apiReport as () => string)());
  });

  it("names no type of tsyringe's and no internal of the composition root", () => {
    const report = readFileSync(`${ROOT}api-report.md`, "utf8");
    expect(report).not.toMatch(/DependencyContainer|useCaseToken|tCritical95/);
    expect(report).toMatch(/- `createContainer` \(function\): \(config: Config, overrides\?: ContainerOverrides \| undefined\) => Container$/m);
  });
});
