import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { CancelledError } from "../../../src/domain/errors.js";
import { ListWorkspaces } from "../../../src/domain/use-cases/list-workspaces.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED } from "../../support/seed-ids.js";

const octoperf = () => new FakeOctoPerfAdapter(new ManualClock());

describe("ListWorkspaces", () => {
  it("lists the workspaces the key is a member of, in OctoPerf's order", async () => {
    const workspaces = await new ListWorkspaces(octoperf()).execute();
    expect(workspaces.map((w) => w.name)).toEqual(["Acme Retail", "Acme Platform"]);
    expect(workspaces.map((w) => w.id)).toEqual([SEED.workspace.acmeRetail, SEED.workspace.acmePlatform]);
  });

  it("gives up with a cancellation when its caller already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new ListWorkspaces(octoperf()).execute({ signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
