import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest, isJSONRPCNotification, isJSONRPCRequest, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../ports/logger-port.js";
import type { Scope, ScopeFor } from "./access.js";
import type { HttpConfig } from "./http-config.js";
import { InFlightRequests } from "./in-flight.js";
import { BodyTooLargeError, checkOrigin, corsHeaders, readBody, type Refusal } from "./request-guards.js";

export const MCP_PATH = "/mcp";

export interface McpHttpServerOptions {
  readonly config: HttpConfig;
  readonly logger: Logger;
  /** Which composition serves a request (see access.ts): the one seam per-user keys will replace. */
  readonly scopeFor: ScopeFor;
  /** A fresh MCP server for one request, over the scope's use cases. */
  readonly mcpServerFor: (scope: Scope, stop: AbortSignal) => McpServer;
  /** Why the server cannot serve now (its shared store does not answer), or null when it can. */
  readonly ready?: () => Promise<string | null>;
  /** Serves extra paths (the OAuth endpoints); returns false for a path it does not serve. */
  readonly routes?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export interface McpHttpServer {
  readonly server: Server;
  readonly inFlight: InFlightRequests;
  /** Stops accepting, ends waits early (they answer terminal: false), and resolves once every request is answered. */
  drain(): Promise<void>;
}

/**
 * Streamable HTTP, stateless: every POST gets a fresh McpServer and transport (the SDK's
 * stateless pattern), so no request depends on another and any replica can answer any request.
 *
 * Plain node:http rather than express: the server has three routes, the SDK's transport takes
 * node's request and response as they are, and the guards (Host, Origin, size, token) must run in
 * a known order before the body is even read; express would add a router and a body parser whose
 * limits and errors would then need their own wording, for nothing the server uses.
 */
export function createMcpHttpServer(options: McpHttpServerOptions): McpHttpServer {
  const { config, logger } = options;
  const inFlight = new InFlightRequests();
  const stopping = new AbortController();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.log("error", "HTTP request failed", { error, path: request.url?.split("?")[0] });
      if (!response.headersSent) sendJsonRpcError(response, 500, -32603, "internal error");
      else response.end();
    });
  });
  // A wait streams for up to its budget: no socket timeout may cut it; idle keep-alive sockets still end.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/healthz" && (request.method === "GET" || request.method === "HEAD")) {
      return sendJson(response, 200, { status: "alive" });
    }
    if (path === "/readyz" && (request.method === "GET" || request.method === "HEAD")) {
      if (stopping.signal.aborted) return sendJson(response, 503, { status: "shutting down" });
      const reason = (await options.ready?.()) ?? null;
      return sendJson(response, reason === null ? 200 : 503, reason === null ? { status: "ready" } : { status: "not ready", reason });
    }
    if (options.routes?.(request, response) === true) return;
    if (path !== MCP_PATH) return sendJson(response, 404, { error: `not found: the MCP endpoint is ${MCP_PATH}` });

    const refusedOrigin = checkOrigin(request, config);
    if (refusedOrigin !== null) return refuse(response, refusedOrigin);
    const cors = corsHeaders(request, config);
    if (request.method === "OPTIONS") {
      response.writeHead(Object.keys(cors).length > 0 ? 204 : 405, cors).end();
      return;
    }
    for (const [name, value] of Object.entries(cors)) response.setHeader(name, value);
    if (stopping.signal.aborted) {
      return refuse(response, {
        status: 503,
        message: "the server is shutting down: retry on another replica",
        headers: { "Retry-After": "1", Connection: "close" },
      });
    }

    const scope = await options.scopeFor(request);
    if (!("useCases" in scope)) return refuse(response, scope);

    // Stateless: no standalone SSE stream to GET and no session to DELETE.
    if (request.method !== "POST") {
      return refuse(response, { status: 405, message: "this stateless server answers POST only", headers: { Allow: "POST" } });
    }

    let body: unknown;
    try {
      body = JSON.parse((await readBody(request, config.maxBodyBytes)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return refuse(response, { status: 413, message: `request body larger than ${config.maxBodyBytes} bytes`, headers: { Connection: "close" } });
      }
      if (error instanceof SyntaxError) return sendJsonRpcError(response, 400, -32700, "parse error: the body is not JSON");
      throw error;
    }

    const messages = (Array.isArray(body) ? body : [body]) as JSONRPCMessage[];
    // A client-instance id that holds no state on the server (any replica accepts any id, or
    // none): it only tells one client's request ids from another's, so that a cancellation, which
    // arrives in its own POST, reaches the right request. Clients send it back on every request.
    if (messages.some((message) => isInitializeRequest(message))) response.setHeader("Mcp-Session-Id", randomUUID());
    const header = request.headers["mcp-session-id"];
    const caller = `${scope.id}\u0000${typeof header === "string" && /^[\x21-\x7e]{1,128}$/.test(header) ? header : ""}`;
    for (const message of messages) {
      if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") inFlight.cancel(caller, message);
    }

    const mcp = options.mcpServerFor(scope, stopping.signal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const removals = messages.filter(isJSONRPCRequest).map((message) => inFlight.add(caller, message.id, (cancel) => transport.onmessage?.(cancel)));
    // The client hung up, or the answer is sent: closing the transport aborts any handler still
    // running (its signal), so a wait whose client left stops asking OctoPerf.
    response.on("close", () => {
      for (const remove of removals) remove();
      void transport.close().catch(() => {});
      void mcp.close().catch(() => {});
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response, body);
  }

  function refuse(response: ServerResponse, refusal: Refusal): void {
    if (refusal.status >= 500 || refusal.status === 401 || refusal.status === 403) {
      logger.log(refusal.status >= 500 ? "warn" : "info", "HTTP request refused", { status: refusal.status, reason: refusal.message });
    }
    sendJsonRpcError(response, refusal.status, -32000, refusal.message, refusal.headers);
  }

  async function drain(): Promise<void> {
    stopping.abort(new Error("the server is shutting down"));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await inFlight.idle();
    server.closeAllConnections();
    await closed;
  }

  return { server, inFlight, drain };
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  response.end(body);
}

/** JSON-RPC error bodies: an MCP client shows their message, whatever the HTTP status. */
function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(response, status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}
