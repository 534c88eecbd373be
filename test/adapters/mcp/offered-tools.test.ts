import { describe, expect, it } from "vitest";
import { withoutToolsNotOffered } from "../../../src/adapters/mcp/offered-tools.js";

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
