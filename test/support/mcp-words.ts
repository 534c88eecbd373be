import { explainError } from "../../src/adapters/mcp/tool-errors.js";
import { silentLogger } from "../../src/ports/logger-port.js";

/** What a model is told about an error: the MCP adapter's words for its facts. */
export function mcpWords(error: unknown): string {
  return explainError(error, { kind: "tool call", subject: "test", fields: {} }, silentLogger).text;
}
