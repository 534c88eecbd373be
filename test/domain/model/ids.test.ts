import { describe, expect, it } from "vitest";
import { idSchema, isValidId } from "../../../src/domain/model/ids.js";

describe("ids", () => {
  it.each(["Gdz5nIYBhM3oiEdLW1y6", "pEGWCGwBjlTPLZEzy_-G", "a"])("accepts %s", (id) => {
    expect(isValidId(id)).toBe(true);
    expect(idSchema("x").parse(id)).toBe(id);
  });

  it.each(["", "../etc", "a/b", "a%2Fb", "a b", "a\nb", "x".repeat(129), "é"])("refuses %j with a message naming the field", (id) => {
    expect(isValidId(id)).toBe(false);
    const result = idSchema("benchResultId").safeParse(id);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/benchResultId/);
  });
});
