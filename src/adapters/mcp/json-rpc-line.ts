import { previewValue } from "../../domain/model/ids.js";
import {
  ClientRequestSchema,
  ErrorCode,
  isJSONRPCRequest,
  JSONRPCMessageSchema,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

/** What one line read from stdin turned out to be. */
export type LineOutcome =
  | { readonly kind: "message"; readonly message: JSONRPCMessage }
  | { readonly kind: "blank" }
  /** Not a message the server can act on: `reply` (when JSON-RPC calls for one) says why to the client, `problem` to the log. */
  | { readonly kind: "refused"; readonly problem: string; readonly reply?: JSONRPCErrorResponse };

const TOP_LEVEL_MEMBERS = new Set(["jsonrpc", "id", "method", "params", "result", "error"]);

/**
 * Reads one line of the stdio transport as JSON-RPC 2.0. The SDK's own reader drops whatever
 * it cannot parse without a word, so a client waits for its timeout; here every refused request
 * gets the JSON-RPC answer the spec prescribes: -32700 for text that is not JSON, -32600 for JSON
 * that is not a valid request (with the request's id when it has a usable one). An
 * invalid notification (no id) or response gets no answer, as JSON-RPC says, only a log line.
 */
export function readJsonRpcLine(line: string): LineOutcome {
  if (line.trim() === "") return { kind: "blank" };
  let value: unknown;
  try {
    // A byte-order mark (some Windows tools write one) is not part of the JSON.
    value = JSON.parse(line.replace(/^\ufeff/, ""));
  } catch {
    return refused("a line that is not valid JSON", null, ErrorCode.ParseError, "Parse error: the line is not valid JSON (one JSON-RPC message per line)");
  }
  return readJsonRpcValue(value, "line");
}

/**
 * Reads one parsed JSON value as a JSON-RPC 2.0 message, by the rules of readJsonRpcLine: the
 * stdio transport reads one per line, the HTTP transport one per POST (`unit` names which, in the
 * words of a refused batch).
 */
export function readJsonRpcValue(value: unknown, unit: "line" | "POST"): LineOutcome {
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (parsed.success) {
    const badParams = isJSONRPCRequest(parsed.data) ? paramsProblem(parsed.data.method, parsed.data.params) : undefined;
    if (badParams === undefined) return { kind: "message", message: parsed.data };
    const id = (parsed.data as { id: RequestId }).id;
    return refused(`invalid params: ${badParams}`, id, ErrorCode.InvalidParams, `Invalid params: ${badParams}`);
  }

  if (Array.isArray(value)) {
    return refused(
      "a JSON-RPC batch",
      null,
      ErrorCode.InvalidRequest,
      `Invalid Request: batches (JSON arrays) are not supported by MCP; send one message per ${unit}`,
    );
  }
  if (typeof value !== "object" || value === null) {
    return refused("JSON that is not an object", null, ErrorCode.InvalidRequest, "Invalid Request: a JSON-RPC message is a JSON object");
  }
  const message = value as Record<string, unknown>;
  const problem = whatIsWrong(message);
  if (!("id" in message) && typeof message.method === "string") {
    // A notification: JSON-RPC never answers one, even a broken one.
    return { kind: "refused", problem: `an invalid notification: ${problem}` };
  }
  if (!("method" in message) && ("result" in message || "error" in message)) {
    // A response (the server sends no requests that wait for one): nobody waits for an answer to an answer.
    return { kind: "refused", problem: `an invalid response: ${problem}` };
  }
  const id = isRequestId(message.id) ? message.id : null;
  return refused(`an invalid message: ${problem}`, id, ErrorCode.InvalidRequest, `Invalid Request: ${problem}`);
}

// The methods this server serves, with the SDK's schema of each request. The SDK checks params
// only inside its handler and answers a mismatch as -32603 with a raw schema dump; checked
// here, the client gets -32602 and one readable line.
const SERVED_METHODS = new Set([
  "ping",
  "initialize",
  "logging/setLevel",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "prompts/list",
  "prompts/get",
]);
const REQUEST_SCHEMAS = new Map(
  ClientRequestSchema.options.filter((schema) => SERVED_METHODS.has(schema.shape.method.value)).map((schema) => [schema.shape.method.value as string, schema]),
);

function paramsProblem(method: string, params: unknown): string | undefined {
  const schema = REQUEST_SCHEMAS.get(method);
  if (schema === undefined) return undefined;
  const result = schema.safeParse(params === undefined ? { method } : { method, params });
  if (result.success) return undefined;
  return result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}

function whatIsWrong(message: Record<string, unknown>): string {
  if (message.jsonrpc !== "2.0") return `"jsonrpc" must be "2.0"`;
  if ("id" in message && !isRequestId(message.id)) return `"id" must be a string or an integer (got ${describe(message.id)})`;
  const unexpected = Object.keys(message).filter((key) => !TOP_LEVEL_MEMBERS.has(key));
  if (unexpected.length > 0) return `unexpected member ${previewValue(unexpected[0]!)}`;
  if ("method" in message) {
    if (typeof message.method !== "string") return `"method" must be a string`;
    if ("params" in message && (typeof message.params !== "object" || message.params === null || Array.isArray(message.params))) {
      return `"params" must be an object when present (got ${describe(message.params)})`;
    }
    return `the request's members have the wrong shape`;
  }
  if ("result" in message || "error" in message) return `a response needs a valid "id" and either "result" (an object) or "error" ({ code, message })`;
  return `neither "method" (a request or notification) nor "result"/"error" (a response)`;
}

function isRequestId(id: unknown): id is RequestId {
  return typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id));
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer out of range" : "a fractional number";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function refused(problem: string, id: RequestId | null, code: number, text: string): LineOutcome {
  return { kind: "refused", problem, reply: errorResponse(id, code, text) };
}

/**
 * A JSON-RPC error answer. When no id could be read it has none: MCP's schema (and the SDK's)
 * leaves the id out there, where plain JSON-RPC 2.0 would write null.
 */
export function errorResponse(id: RequestId | null, code: number, message: string): JSONRPCErrorResponse {
  return id === null ? { jsonrpc: "2.0", error: { code, message } } : { jsonrpc: "2.0", id, error: { code, message } };
}
