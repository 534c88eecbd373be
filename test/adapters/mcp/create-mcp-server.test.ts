import { describe, expect, it } from "vitest";
import { connectInMemory } from "../../support/mcp-client.js";

describe("createMcpServer's capabilities", () => {
  it("advertise lists that never change during a session: what is offered is fixed when the server is built", async () => {
    const mcp = await connectInMemory();
    try {
      expect(mcp.client.getServerCapabilities()).toMatchObject({
        tools: { listChanged: false },
        resources: { listChanged: false },
        prompts: { listChanged: false },
        logging: {},
      });
    } finally {
      await mcp.close();
    }
  });

  it("advertise no prompts when the prompt is not offered (its tools are left out)", async () => {
    const mcp = await connectInMemory({ config: { toolsets: "run" } });
    try {
      const capabilities = mcp.client.getServerCapabilities()!;
      expect(capabilities.prompts).toBeUndefined();
      expect(capabilities.tools).toEqual({ listChanged: false });
    } finally {
      await mcp.close();
    }
  });
});
