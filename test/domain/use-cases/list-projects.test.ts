import { describe, expect, it } from "vitest";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { InvalidInputError, NotFoundError } from "../../../src/domain/errors.js";
import { ListProjects } from "../../../src/domain/use-cases/list-projects.js";
import { ManualClock } from "../../support/manual-clock.js";
import { SEED, UNKNOWN } from "../../support/seed-ids.js";
import { mcpWords } from "../../support/mcp-words.js";

const octoperf = () => new FakeOctoPerfAdapter(new ManualClock());

describe("ListProjects", () => {
  it("lists the projects of a workspace", async () => {
    const projects = await new ListProjects(octoperf()).execute({ workspaceId: SEED.workspace.acmeRetail });
    expect(projects.map((p) => p.name)).toEqual(["Checkout API", "Storefront Web"]);
    expect(projects.map((p) => p.workspaceId)).toEqual([SEED.workspace.acmeRetail, SEED.workspace.acmeRetail]);
  });

  it("refuses malformed ids before calling OctoPerf, and reports unknown ones as not found", async () => {
    const port = octoperf();
    await expect(new ListProjects(port).execute({ workspaceId: "../admin" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(new ListProjects(port).execute({ workspaceId: "" })).rejects.toThrow(/workspaceId must not be empty/);
    const unknown = new ListProjects(port).execute({ workspaceId: UNKNOWN.workspace });
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    const error = await new ListProjects(port).execute({ workspaceId: UNKNOWN.workspace }).catch((e: unknown) => e);
    expect(error).toMatchObject({ entity: "workspace", id: UNKNOWN.workspace, demo: true });
    expect(mcpWords(error)).toMatch(/No workspace with id "noSuchWorkspace00000".*octoperf_get_current_user_workspaces/);
  });
});
