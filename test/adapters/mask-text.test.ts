import { describe, expect, it } from "vitest";
import { compiledSecretCount, maskText, MAX_COMPILED_SECRETS, REDACTED } from "../../src/adapters/mask-text.js";
import { cutAtWord } from "../../src/domain/model/cut-text.js";
import { previewValue } from "../../src/domain/model/ids.js";

describe("maskText", () => {
  it("keeps a bounded number of compiled secrets, however many distinct keys callers send (2,000 here, far over the bound)", () => {
    for (let i = 0; i < 2_000; i++) maskText(`Bearer key${i} refused`, [`distinctCallerKey${String(i).padStart(8, "0")}`]);
    expect(compiledSecretCount()).toBeLessThanOrEqual(MAX_COMPILED_SECRETS);
    // A secret compiled again after it left the cache masks the same.
    const first = "distinctCallerKey00000000";
    expect(maskText(`echo ${first} and ${first.toUpperCase()}`, [first])).toBe(`echo ${REDACTED} and ${REDACTED}`);
  });

  it("keeps the secrets in use: the process's own key stays compiled among many callers' keys", () => {
    const own = "processOwnApiKey0000000001";
    for (let i = 0; i < 1_000; i++) maskText("x", [own, `someCallerKey${i}`]);
    expect(maskText(`a ${own} b`, [own])).toBe(`a ${REDACTED} b`);
    expect(compiledSecretCount()).toBeLessThanOrEqual(MAX_COMPILED_SECRETS);
  });

  it("masks the key in hex, lower and upper case", () => {
    const key = "hexEchoedApiKey000000000000000001";
    const hex = Buffer.from(key, "utf8").toString("hex");
    expect(maskText(`dump=${hex};`, [key])).toBe(`dump=${REDACTED};`);
    expect(maskText(`DUMP=${hex.toUpperCase()};`, [key])).toBe(`DUMP=${REDACTED};`);
  });

  it("leaves hex digits alone for a secret too short for its hex to be told from other digits", () => {
    expect(maskText("id 61626364", ["abcd"])).toBe("id 61626364");
  });
});

describe("cutting text that may hold a secret", () => {
  const token = "tok_9fQ2xLmZ7wPa4RkT1vYb6NcHs3DgJe8UiOq5MnBvX";

  it("never cuts through a word: the word at the cut is dropped whole", () => {
    for (let at = 0; at < 60; at++) {
      const cut = cutAtWord(`${"w ".repeat(at)}${token} tail words`, 40 + at);
      expect(cut.length).toBeLessThanOrEqual(41 + at);
      const shown = cut.includes(token) ? token : "";
      // Either the whole token (then a masker knows it) or none of it.
      for (let i = 0; i + 6 <= token.length; i++) if (shown === "") expect(cut).not.toContain(token.slice(i, i + 6));
    }
    expect(cutAtWord("short", 40)).toBe("short");
    expect(cutAtWord("one two three", 7)).toBe("one two…");
  });

  it("a pasted token where an id goes is not previewed but for its last characters", () => {
    const preview = previewValue(token);
    expect(preview).toContain(`(${token.length} characters)`);
    for (let i = 0; i + 6 <= token.length; i++) expect(preview).not.toContain(token.slice(i, i + 6));
    expect(previewValue("bad id!")).toBe('"bad id!"');
  });
});
