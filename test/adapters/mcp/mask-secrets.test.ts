import { describe, expect, it } from "vitest";
import { maskSecrets } from "../../../src/adapters/mcp/mask-secrets.js";
import { maskText, REDACTED } from "../../../src/adapters/mask-text.js";
import { findSecretLeaks } from "../../support/secret-scan.js";

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

describe("maskText: every form of the key", () => {
  const ODD = 'Sp3c"i@l\\k3y+/=0rm-0123456789ab';
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  it.each([
    ["as is", ODD],
    ["upper-cased", ODD.toUpperCase()],
    ["lower-cased", ODD.toLowerCase()],
    ["JSON-escaped", JSON.stringify(ODD).slice(1, -1)],
    ["JSON-escaped twice", JSON.stringify(JSON.stringify(ODD)).slice(1, -1)],
    ["URL-encoded", encodeURIComponent(ODD)],
    ["URL-encoded with lower-case hex", encodeURIComponent(ODD).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ["in a URL path, as new URL() writes it", new URL(`x-any://host/${ODD}`).pathname],
    ["in a query string", new URLSearchParams({ token: ODD }).toString()],
    ["base64", b64(ODD)],
    ["base64url", b64(ODD).replace(/\+/g, "-").replace(/\//g, "_")],
    ["base64 inside a Basic header (offset 0)", b64(`abc:${ODD}`)],
    ["base64 inside a Basic header (offset 1)", b64(`abcd:${ODD}`)],
    ["base64 inside a Basic header (offset 2)", b64(`user:${ODD}`)],
  ])("%s", (_form, text) => {
    const masked = maskText(`before ${text} after`, [ODD]);
    expect(masked).toContain(REDACTED);
    expect(findSecretLeaks(masked, ODD)).toEqual([]);
  });

  it("leaves other text alone, and a key-free text untouched", () => {
    expect(maskText("p95 is 812 ms; base64 ZGVtbw== stays", [ODD])).toBe("p95 is 812 ms; base64 ZGVtbw== stays");
  });

  it("maskSecrets finds a key with a quote in it, although its JSON form is escaped", () => {
    const result = { content: [{ type: "text", text: `run ${ODD}` }], structuredContent: { [ODD]: ODD } };
    const masked = maskSecrets(result, [ODD]);
    expect(findSecretLeaks(masked, ODD)).toEqual([]);
  });
});
