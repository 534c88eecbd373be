import { describe, expect, it } from "vitest";
import { fieldDescriptionWithoutToolsNotOffered, schemaWithoutToolsNotOffered, withoutToolsNotOffered } from "../../../src/adapters/mcp/offered-tools.js";

const NOT_OFFERED = ["octoperf_run_test", "octoperf_run_and_analyze"];

describe("withoutToolsNotOffered (the read-only net)", () => {
  it("drops each sentence naming a tool not offered, and keeps the rest as written", () => {
    const text = "Lists scenarios. Next: octoperf_run_test with a runtimeId — only when asked. Units are ms.";
    expect(withoutToolsNotOffered(text, NOT_OFFERED)).toBe("Lists scenarios. Units are ms.");
  });

  it("drops a line left empty, keeps lines and blank lines that name nothing", () => {
    const text = "3 scenario(s):\n- Checkout (runtimeId abc)\n\nNext: octoperf_run_test with a runtimeId, if the user asked for a run.";
    expect(withoutToolsNotOffered(text, NOT_OFFERED)).toBe("3 scenario(s):\n- Checkout (runtimeId abc)\n");
  });

  it("matches whole tool names only, and leaves text untouched when nothing is left out", () => {
    expect(withoutToolsNotOffered("Call octoperf_run_test_later. Fine.", NOT_OFFERED)).toBe("Call octoperf_run_test_later. Fine.");
    expect(withoutToolsNotOffered("Call octoperf_run_test.", [])).toBe("Call octoperf_run_test.");
  });
});

describe("fieldDescriptionWithoutToolsNotOffered (the net for schema fields, which stay)", () => {
  const gone = ["get_runtime_id", "octoperf_list_test_runs"];

  it("drops the clause or aside naming a tool left out, and keeps what the field is", () => {
    expect(fieldDescriptionWithoutToolsNotOffered("Runtime scenario id, from get_runtime_id", gone)).toBe("Runtime scenario id");
    expect(fieldDescriptionWithoutToolsNotOffered("Bench result id (the run): from a launch, or from octoperf_list_test_runs", gone)).toBe(
      "Bench result id (the run): from a launch",
    );
    expect(fieldDescriptionWithoutToolsNotOffered("Runtime scenario id (from get_runtime_id) whose recent runs to follow", gone)).toBe(
      "Runtime scenario id whose recent runs to follow",
    );
    expect(fieldDescriptionWithoutToolsNotOffered("Scenario id, from get_runtime_id: its runs only. Give this or projectId.", gone)).toBe(
      "Scenario id, its runs only. Give this or projectId.",
    );
  });

  it("leaves a text naming no tool left out as it is, and drops a description left empty from a schema", () => {
    expect(fieldDescriptionWithoutToolsNotOffered("Workspace id, from get_runtime_id", [])).toBe("Workspace id, from get_runtime_id");
    const schema = { type: "object", properties: { a: { type: "string", description: "From get_runtime_id." }, b: { type: "string", description: "Kept" } } };
    expect(schemaWithoutToolsNotOffered(schema, gone)).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string", description: "Kept" } },
    });
  });
});
