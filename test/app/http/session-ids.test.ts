import { describe, expect, it } from "vitest";
import { isSessionId, issueSessionId, sessionKeyOf } from "../../../src/app/http/session-ids.js";

describe("session ids: ids only, signed for one credential", () => {
  const key = sessionKeyOf("0ctoperf-key-0f-a-user-0000000000001");

  it("an issued id is accepted under the same credential (any replica derives the same key), and is fresh each time", () => {
    const id = issueSessionId(key);
    expect(id).toMatch(/^s1\.[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{24}$/);
    expect(isSessionId(sessionKeyOf("0ctoperf-key-0f-a-user-0000000000001"), id)).toBe(true);
    expect(issueSessionId(key)).not.toBe(id);
  });

  it("refuses an id issued for another credential, a chosen id, a tampered one, and anything else", () => {
    const id = issueSessionId(key);
    expect(isSessionId(sessionKeyOf("another-credential-0000000000000002"), id)).toBe(false);
    const [prefix, random, tag] = id.split(".");
    expect(isSessionId(key, `${prefix}.${random!.slice(0, -1)}${random!.endsWith("A") ? "B" : "A"}.${tag}`)).toBe(false);
    expect(isSessionId(key, `${prefix}.${"A".repeat(24)}.${"A".repeat(24)}`)).toBe(false);
    for (const other of ["", "1", "42", "client-a", `${id} `, `${id}.x`, "s1..", "a".repeat(1000)]) expect(isSessionId(key, other)).toBe(false);
  });

  it("the key is a digest: it never holds the credential", () => {
    expect(key.toString("utf8")).not.toContain("0ctoperf-key");
    expect(key.toString("hex")).not.toContain(Buffer.from("0ctoperf-key").toString("hex"));
  });
});
