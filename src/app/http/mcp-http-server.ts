import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { ErrorCode, isInitializeRequest, isJSONRPCNotification, isJSONRPCRequest, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { errorResponse, readJsonRpcValue } from "../../adapters/mcp/json-rpc-line.js";
import type { Logger } from "../../ports/logger-port.js";
import type { Scope, ScopeFor } from "./access.js";
import type { HttpConfig } from "./http-config.js";
import { InFlightRequests, type CancelAddress, type CancellationBus } from "./in-flight.js";
import { BodyTimeoutError, BodyTooLargeError, checkOrigin, corsHeaders, readBody, type Refusal } from "./request-guards.js";
import { isSessionId, issueSessionId } from "./session-ids.js";

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
  /** Carries cancellations to the other replicas (Redis); without it, only this replica's requests can be cancelled. */
  readonly cancellations?: CancellationBus;
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
  options.cancellations?.subscribe((cancel) => inFlight.cancel(cancel));

  // Node checks its request deadlines on this period: often enough that a deadline of a few
  // seconds is kept to within a fraction of itself, without a timer per connection.
  const connectionsCheckingInterval = Math.max(100, Math.min(5_000, Math.floor(config.requestTimeoutMs / 4)));
  const server = createServer({ connectionsCheckingInterval }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.log("error", "HTTP request failed", { error, path: request.url?.split("?")[0] });
      if (!response.headersSent) sendJsonRpcError(response, 500, -32603, "internal error");
      else response.end();
    });
  });
  // A client has requestTimeoutMs to send its headers, and as long again for its body (readBody's
  // own deadline, answered with a JSON-RPC error); node's requestTimeout backs both up. They
  // cover receiving the request only: node stops counting once the request is complete, so a
  // wait streams its answer for as long as its budget. A connection that trickles its request
  // in, or sends nothing, is closed instead of held (slowloris).
  server.headersTimeout = config.requestTimeoutMs;
  server.requestTimeout = 2 * config.requestTimeoutMs;

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
      body = JSON.parse((await readBody(request, config.maxBodyBytes, config.requestTimeoutMs)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return refuse(response, { status: 413, message: `request body larger than ${config.maxBodyBytes} bytes`, headers: { Connection: "close" } });
      }
      if (error instanceof BodyTimeoutError) {
        return refuse(response, {
          status: 408,
          message: `the request body did not arrive within ${config.requestTimeoutMs / 1000} s`,
          headers: { Connection: "close" },
        });
      }
      if (error instanceof SyntaxError) return sendJsonRpcError(response, 400, -32700, "parse error: the body is not JSON");
      // The client hung up (or node cut it) while sending: nobody is left to answer.
      if (request.destroyed) return;
      throw error;
    }

    // One JSON-RPC message per POST, read by the stdio transport's rules: batches (removed from
    // MCP in 2025-06-18), `[]` and JSON that is not JSON-RPC get -32600, bad params -32602.
    const read = readJsonRpcValue(body, "POST");
    if (read.kind !== "message") {
      const reply =
        read.kind === "refused"
          ? (read.reply ?? errorResponse(null, ErrorCode.InvalidRequest, `Invalid Request: ${read.problem}`))
          : errorResponse(null, ErrorCode.InvalidRequest, "Invalid Request: the body holds no message");
      // A request with a usable id gets its error as its answer; anything else is refused as input.
      return sendJson(response, "id" in reply ? 200 : 400, reply);
    }
    const message: JSONRPCMessage = read.message;

    // The session id is an id only (session-ids.ts): any replica issues and accepts it, and it
    // holds no state. It names the client, so that a cancellation, which comes in a POST of its
    // own, reaches that client's request and no one else's.
    let sessionId: string | null = null;
    if (isInitializeRequest(message)) {
      response.setHeader("Mcp-Session-Id", issueSessionId(scope.sessionKey));
    } else {
      const header = request.headers["mcp-session-id"];
      if (typeof header === "string") {
        if (!isSessionId(scope.sessionKey, header)) {
          // What the transport spec prescribes for a session the server does not know: the client starts a new one.
          return sendJsonRpcError(response, 404, -32001, "session not found: this Mcp-Session-Id was not issued for these credentials; initialize again");
        }
        sessionId = header;
      }
    }
    if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") routeCancel(scope, sessionId, message.params);

    const mcp = options.mcpServerFor(scope, stopping.signal);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const address: CancelAddress | null = isJSONRPCRequest(message) && sessionId !== null ? { scopeId: scope.id, sessionId, requestId: message.id } : null;
    const remove = isJSONRPCRequest(message)
      ? inFlight.add(address, (reason) => {
          transport.onmessage?.({
            jsonrpc: "2.0",
            method: "notifications/cancelled",
            params: { requestId: message.id, ...(reason === undefined ? {} : { reason }) },
          });
          // The SDK sends no answer to a cancelled request, as the spec asks: its stream must then
          // be closed, or the POST stays open with nothing to come. After the handler saw the
          // cancellation (delivered above, on a microtask), closing the transport ends the stream.
          setImmediate(() => void transport.close().catch(() => {}));
        })
      : () => {};
    // The client hung up, or the answer is sent: closing the transport aborts any handler still
    // running (its signal), so a wait whose client left stops asking OctoPerf.
    response.on("close", () => {
      remove();
      void transport.close().catch(() => {});
      void mcp.close().catch(() => {});
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response, message);
  }

  /**
   * A cancellation reaches the request of the same credential and session with that id, on this
   * replica or (through the bus) on any other. Without a session id it reaches nothing: such
   * callers cannot be told apart (with a shared account they all share one credential), so
   * routing by request id alone would let any of them cancel another's call; their own way to
   * cancel is to hang up, which ends the request on whichever replica runs it.
   */
  function routeCancel(scope: Scope, sessionId: string | null, params: unknown): void {
    const { requestId, reason } = (params ?? {}) as { requestId?: unknown; reason?: unknown };
    if (sessionId === null || (typeof requestId !== "string" && typeof requestId !== "number")) {
      logger.log("debug", "cancellation ignored: it names no session (or no request id), so it cannot tell whose request it means");
      return;
    }
    const cancel = { scopeId: scope.id, sessionId, requestId, ...(typeof reason === "string" ? { reason: reason.slice(0, 500) } : {}) };
    if (!inFlight.cancel(cancel)) options.cancellations?.publish(cancel);
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
