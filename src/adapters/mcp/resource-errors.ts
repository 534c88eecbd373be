import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import type { OctoPerfErrorCode } from "../../domain/errors.js";
import { EVERY_TOOL } from "./offered-tools.js";
import { explainError, type ErrorAudience } from "./tool-errors.js";

// The caller's mistakes: a malformed id, or an id nothing answers to. The SDK answers an unknown
// resource URI with invalid params too, so a client sees one code for "that resource is not there".
const CALLER_ERRORS: ReadonlySet<OctoPerfErrorCode> = new Set(["INVALID_INPUT", "NOT_FOUND"]);

/**
 * A thrown error as the JSON-RPC error of resources/read (a resource has no isError result):
 * the same words as a tool's error, -32602 (invalid params) for the caller's mistakes, -32603
 * for the rest (OctoPerf down, a bug).
 */
export function resourceError(error: unknown, uri: string, { logger, keyFrom = "environment", offered = EVERY_TOOL }: ErrorAudience): ResourceReadError {
  const { text, code } = explainError(error, { kind: "resource read", subject: `Reading ${uri}`, fields: { uri }, keyFrom, offered }, logger);
  return new ResourceReadError(code !== undefined && CALLER_ERRORS.has(code) ? ErrorCode.InvalidParams : ErrorCode.InternalError, text);
}

/**
 * What the SDK turns into a JSON-RPC error: its `code` and `message` as they are (the SDK's
 * McpError would prefix "MCP error -32602:" to the message, and the client prefixes it again).
 */
export class ResourceReadError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = "ResourceReadError";
  }
}
