import { describe, expect, it } from "vitest";
import { maskSecrets } from "../../../src/adapters/mcp/mask-secrets.js";

const KEY = "k3y-0f-the-user-4bcdef0123456789";

describe("maskSecrets (the MCP edge's last line of defence)", () => {
  it("masks the key in the text and at any depth of structuredContent", () => {
    const result = maskSecrets(
      {
        content: [{ type: "text", text: `run "${KEY}" not found` }],
        structuredContent: { runs: [{ name: `nightly ${KEY}`, vus: 10 }], ok: true },
      },
      [KEY],
    );
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result.content[0]).toEqual({ type: "text", text: 'run "[REDACTED]" not found' });
    expect(result.structuredContent).toEqual({ runs: [{ name: "nightly [REDACTED]", vus: 10 }], ok: true });
  });

  it("returns a clean result untouched, and ignores empty secrets", () => {
    const clean = { content: [{ type: "text" as const, text: "all good" }] };
    expect(maskSecrets(clean, [KEY])).toBe(clean);
    expect(maskSecrets(clean, [""])).toBe(clean);
  });
});
