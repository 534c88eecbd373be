import { describe, expect, it } from "vitest";
import { sharedJsonSchemaValidator } from "../../../src/adapters/mcp/json-schema-validator.js";

describe("the JSON Schema validator every server of the process shares", () => {
  const schema = { type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] } as const;

  it("validates as the SDK's default (Ajv) does: what it accepts, and why it refuses", () => {
    const validate = sharedJsonSchemaValidator.getValidator<{ confirm: boolean }>(schema);
    expect(validate({ confirm: true })).toEqual({ valid: true, data: { confirm: true }, errorMessage: undefined });
    const refused = validate({ confirm: "yes" });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toMatch(/confirm.*boolean/);
  });
});
