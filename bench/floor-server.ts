/**
 * The floor of a cold start (bench/cold-start.ts): a server built on the same MCP SDK as ours and
 * bundled the same way (scripts/bundle-options.mjs), with one trivial tool registered the SDK's
 * way. What it costs is bare Node plus the SDK's own start (its protocol schemas, built with zod
 * at module load) and one tools/list, which no server on this SDK can avoid.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import * as z from "zod";

const server = new McpServer({ name: "floor", version: "0.0.0" });
server.registerTool("echo", { description: "Echoes its text", inputSchema: { text: z.string() } }, ({ text }) => ({
  content: [{ type: "text", text }],
}));
// The SDK's transport does not notice the end of stdin: the client's close ends the process here.
process.stdin.on("end", () => process.exit(0));
await server.connect(new StdioServerTransport());
