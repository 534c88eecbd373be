import { describe, expect, it } from "vitest";
import { explainError, formatToolError } from "../../../src/adapters/mcp/tool-errors.js";
import { AuthenticationError, CoordinationUnavailableError } from "../../../src/domain/errors.js";
import { silentLogger } from "../../../src/ports/logger-port.js";
import { mcpWords } from "../../support/mcp-words.js";
import { SEED } from "../../support/seed-ids.js";

describe("tool errors: the team server's words", () => {
  it("a launch refused because the shared store is unreachable: nothing launched, reads still work, when to retry", () => {
    const error = new CoordinationUnavailableError(SEED.scenario.checkoutSmoke, "claim", { cause: new Error("connect ECONNREFUSED 127.0.0.1:6379") });
    const words = mcpWords(error);
    expect(words).toMatch(/^Launch of scenario "checkoutSmoke0000002" refused: .* nothing was launched\./);
    expect(words).toMatch(/shared launch store \(Redis\) is unreachable\. Status, waits and reports still work: call octoperf_run_test again in a minute/);
    expect(words).not.toMatch(/ECONNREFUSED|6379/);
    expect(explainError(error, { kind: "tool call", subject: "t", fields: {} }, silentLogger).code).toBe("COORDINATION_UNAVAILABLE");
  });

  it("a refused key: the configured variable on stdio, the Bearer the client sends with per-user keys", () => {
    const error = new AuthenticationError();
    expect(mcpWords(error)).toMatch(/check OCTOPERF_API_KEY/);
    const perUser = formatToolError(error, "octoperf_status", { logger: silentLogger, keyFrom: "request" });
    const text = perUser.content[0]!.type === "text" ? perUser.content[0]!.text : "";
    expect(text).toMatch(/check the OctoPerf API key your MCP client sends as "Authorization: Bearer <key>"/);
    expect(text).not.toMatch(/OCTOPERF_API_KEY/);
  });
});
