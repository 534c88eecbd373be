import { afterEach, describe, expect, it } from "vitest";
import * as extApps from "@modelcontextprotocol/ext-apps/server";
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY, viewMetaOf } from "../../../../src/adapters/mcp/apps/app-views.js";
import runTest from "../../../../src/adapters/mcp/tools/octoperf-run-test.js";
import tool from "../../../../src/adapters/mcp/tools/octoperf-run-view.js";
import { allTools } from "../../../../src/adapters/mcp/tools/index.js";
import { listedAnnotations, listedSchemasOf } from "../../../../src/adapters/mcp/tool-list.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { VIEW_URI } from "../../../../src/adapters/mcp/apps/view-data.js";
import { connectInMemory, listedTool, parametersOf, structuredOf, textOf, type InMemoryMcp } from "../../../support/mcp-client.js";
import { SEED, UNKNOWN } from "../../../support/seed-ids.js";

let mcp: InMemoryMcp;
afterEach(async () => mcp?.close());

const VIEW_TOOLS = ["octoperf_run_test", "octoperf_status", "octoperf_wait_for_test", "octoperf_run_and_analyze", "octoperf_trend"];

describe("octoperf_run_view (the live view's data, MCP Apps)", () => {
  it("is listed for the view only (visibility app), read-only, with the view's resource", async () => {
    mcp = await connectInMemory();
    const listed = await listedTool(mcp, tool.name);
    expect(parametersOf(listed)).toEqual({ required: [], optional: ["benchResultId", "scenarioId", "summary"] });
    expect(listed.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    // It shows no view of its own: the view that calls it is the other tools'.
    expect(listed._meta).toEqual({ ui: { visibility: ["app"] } });
  });

  it("lists each tool with a view exactly as ext-apps' registerAppTool does, with ext-apps' own constants", async () => {
    expect([RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY]).toEqual([extApps.RESOURCE_MIME_TYPE, extApps.RESOURCE_URI_META_KEY]);
    const viaExtApps = new McpServer({ name: "ext-apps", version: "0" });
    for (const t of allTools) {
      const config = { title: t.title, description: t.description, ...listedSchemasOf(t), annotations: listedAnnotations(t.annotations) };
      const view = viewMetaOf(t.name);
      const callback = () => ({ content: [] });
      if (view === undefined) viaExtApps.registerTool(t.name, config, callback);
      else extApps.registerAppTool(viaExtApps, t.name, { ...config, _meta: view }, callback);
    }
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "ext-apps", version: "0" });
    await Promise.all([viaExtApps.connect(serverSide), client.connect(clientSide)]);
    const expected = (await client.listTools()).tools;
    await client.close();
    mcp = await connectInMemory();
    expect((await mcp.client.listTools()).tools).toEqual(expected);
  });

  it("links the launch, wait, status, run-and-analyze and trend tools to the view, and changes nothing else in their listing", async () => {
    // What a host without Apps reads: the same tools registered the plain SDK way, without the view.
    const plain = new McpServer({ name: "plain", version: "0" });
    for (const t of allTools) {
      plain.registerTool(t.name, { title: t.title, description: t.description, ...listedSchemasOf(t), annotations: listedAnnotations(t.annotations) }, () => ({
        content: [],
      }));
    }
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "plain", version: "0" });
    await Promise.all([plain.connect(serverSide), client.connect(clientSide)]);
    const before = (await client.listTools()).tools;
    await client.close();

    mcp = await connectInMemory();
    const { tools } = await mcp.client.listTools();
    for (const listed of tools) {
      const { _meta, ...rest } = listed;
      expect(rest, listed.name).toEqual(before.find((t) => t.name === listed.name));
      if (VIEW_TOOLS.includes(listed.name)) expect(_meta, listed.name).toEqual({ ui: { resourceUri: VIEW_URI }, "ui/resourceUri": VIEW_URI });
      else if (listed.name !== tool.name) expect(_meta, listed.name).toBeUndefined();
    }
  });

  it("serves the view as one self-contained HTML resource whose CSP lets nothing out", async () => {
    mcp = await connectInMemory();
    const { resources } = await mcp.client.listResources();
    expect(resources.find((r) => r.uri === VIEW_URI)).toMatchObject({ mimeType: RESOURCE_MIME_TYPE });
    const { contents } = await mcp.client.readResource({ uri: VIEW_URI });
    const [view] = contents as { uri: string; mimeType: string; text: string; _meta?: unknown }[];
    expect(view).toMatchObject({ uri: VIEW_URI, mimeType: "text/html;profile=mcp-app" });
    expect(view!._meta).toEqual({ ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
    expect(view!.text).toMatch(/^<!doctype html>/);
    expect(view!.text).toContain("default-src 'none'");
    // Nothing fetched from anywhere: no external script, style or image.
    expect(view!.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
  });

  it("answers the run's state, progress, live metrics while RUNNING and, on request, the scenario and key metrics so far", async () => {
    mcp = await connectInMemory();
    const { benchResultId } = structuredOf(runTest, await mcp.call(runTest.name, { runtimeId: SEED.scenario.checkoutNightly }));
    mcp.clock.advance(15_000);
    const result = await mcp.call(tool.name, { benchResultId, summary: true });
    const data = structuredOf(tool, result);
    expect(data).toMatchObject({
      run: { benchResultId, state: "RUNNING", phase: "running", terminal: false, scenario: { name: "Checkout nightly 500 VUs", totalVus: 500 } },
      view: { canStop: true },
    });
    expect(data.progress.percent).toBeGreaterThan(10);
    expect(data.progress.elapsedSeconds).toBe(15);
    expect(data.live.metrics.find((m) => m.kind === "users")?.value).toBeGreaterThan(0);
    expect(data.summary?.length).toBeGreaterThan(0);
    expect(data.run.reportUrl).toMatch(/^https:\/\//);
    expect(data.view.nextPollSeconds).toBeGreaterThanOrEqual(1);
    expect(textOf(result)).toMatch(new RegExp(`^RUNNING \\d+% \\(run ${benchResultId}\\): userLoad \\d+`));
  });

  it("says the stop tool is not offered in read-only mode", async () => {
    mcp = await connectInMemory({ config: { readOnly: true } });
    const data = structuredOf(tool, await mcp.call(tool.name, { benchResultId: SEED.run.checkoutBaseline }));
    expect(data).toMatchObject({ run: { state: "FINISHED", terminal: true }, progress: { remainingSeconds: 0, percent: 100 }, view: { canStop: false } });
  });

  it("is not offered, and there is no view, when the toolsets leave out run and analyze", async () => {
    mcp = await connectInMemory({ config: { toolsets: "discover" } });
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain(tool.name);
    const { resources } = await mcp.client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain(VIEW_URI);
  });

  it("answers an error naming the run when it is not visible here", async () => {
    mcp = await connectInMemory();
    const result = await mcp.call(tool.name, { benchResultId: UNKNOWN.run });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`No bench result with id "${UNKNOWN.run}"`);
  });
});
