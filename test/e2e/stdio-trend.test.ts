import { afterEach, describe, expect, it } from "vitest";
import { spawnServer, type SpawnedServer } from "../support/spawn-server.js";
import { SEED } from "../support/seed-ids.js";
import trendTool from "../../src/adapters/mcp/tools/octoperf-trend.js";
import { structuredOf } from "../support/mcp-client.js";

let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("octoperf_trend from the built bin over stdio (demo mode)", () => {
  it("loads the chart libraries on the first chart and answers a PNG with the structured trend", async () => {
    server = await spawnServer(["--demo"]);
    await server.client.listTools();
    const result = await server.call("octoperf_trend", { scenarioId: SEED.scenario.searchRelevance, runs: 10 });
    expect(result.isError, JSON.stringify(result.content).slice(0, 300)).toBeFalsy();
    expect(result.content.map((c) => c.type)).toEqual(["text", "image"]);
    const image = result.content[1] as { data: string; mimeType: string };
    const bytes = Buffer.from(image.data, "base64");
    expect(image.mimeType).toBe("image/png");
    expect(bytes.readUInt32BE(16)).toBe(structuredOf(trendTool, result).chart?.widthPx);
    expect(result.structuredContent).toMatchObject({ verdict: "worsening", requestedRuns: 10 });
    // A second chart reuses the loaded libraries, and the server stays quiet on stderr but for its JSON log lines.
    expect((await server.call("octoperf_trend", { scenarioId: SEED.scenario.searchRelevance, runs: 4 })).isError).toBeFalsy();
    for (const line of server
      .stderr()
      .split("\n")
      .filter((l) => l.trim() !== ""))
      expect((): unknown => JSON.parse(line), line).not.toThrow();
  });
});
