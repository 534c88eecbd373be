/**
 * The HTTP adapter reports which setting to check as a fact (`setting: "baseUrl"`); the MCP edge
 * names it in the server's own terms, through the real MCP protocol: the environment variable
 * for a server configured by its environment, and for the team server's per-user mode, the
 * operator's variable (the user cannot change it) or the key the user's client sends.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HttpOctoPerfAdapter } from "../../../src/adapters/http/http-octoperf-adapter.js";
import type { KeySource } from "../../../src/adapters/mcp/tool-errors.js";
import { SETTING_VARIABLES } from "../../../src/adapters/mcp/setting-variables.js";
import { ENV_VARIABLES } from "../../../src/app/config.js";
import { connectInMemory, textOf, type InMemoryMcp } from "../../support/mcp-client.js";

const KEY = "3f9c2a1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
const servers: Server[] = [];
const clients: InMemoryMcp[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A real HTTP server on 127.0.0.1 answering every request with `status`: a base URL that is not the API root. */
async function answering(status: number): Promise<string> {
  const server = createServer((_, response) => response.writeHead(status, status === 301 ? { location: "https://elsewhere.example/" } : {}).end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function workspacesAnswer(baseUrl: string, keyFrom?: KeySource): Promise<string> {
  const octoperf = new HttpOctoPerfAdapter({ baseUrl, apiKey: KEY, timeoutMs: 2_000, maxRetries: 0 });
  const mcp = await connectInMemory({ octoperf, ...(keyFrom ? { keyFrom } : {}) });
  clients.push(mcp);
  const result = await mcp.call("octoperf_get_current_user_workspaces");
  expect(result.isError).toBe(true);
  return textOf(result);
}

describe("a setting to check, in the MCP server's words", () => {
  it("names the same variables as the configuration", () => {
    for (const [setting, variable] of Object.entries(SETTING_VARIABLES)) {
      expect(ENV_VARIABLES[setting as keyof typeof ENV_VARIABLES]).toBe(variable);
    }
  });

  it("a refused connection: check OCTOPERF_BASE_URL and the network", async () => {
    const text = await workspacesAnswer(await closedPort());
    expect(text).toMatch(/^Could not connect to OctoPerf at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check OCTOPERF_BASE_URL and the network\. /);
    expect(text).toMatch(/try again in a minute/);
  });

  it("a 404 on the API root: check OCTOPERF_BASE_URL", async () => {
    const text = await workspacesAnswer(await answering(404));
    expect(text).toMatch(/HTTP 404 .*the base URL may not be the OctoPerf API root \(it takes no path prefix\)\. Check OCTOPERF_BASE_URL\./);
  });

  it("a redirect: check OCTOPERF_BASE_URL", async () => {
    const text = await workspacesAnswer(await answering(301));
    expect(text).toMatch(/with a redirect \(HTTP 301\).*Check OCTOPERF_BASE_URL\./);
  });

  it("per-user keys: the base URL is the operator's, named as this server's variable", async () => {
    const text = await workspacesAnswer(await closedPort(), "request");
    expect(text).toMatch(/Check this server's OCTOPERF_BASE_URL \(ask whoever runs it\) and the network\./);
  });
});
