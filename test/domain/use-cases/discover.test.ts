import { describe, expect, it } from "vitest";
import { mcpWords } from "../../support/mcp-words.js";
import { FakeOctoPerfAdapter } from "../../../src/adapters/fake/fake-octoperf-adapter.js";
import { InvalidInputError, NotFoundError } from "../../../src/domain/errors.js";
import { ListProjects } from "../../../src/domain/use-cases/list-projects.js";
import { ListScenarios } from "../../../src/domain/use-cases/list-scenarios.js";
import { ListWorkspaces } from "../../../src/domain/use-cases/list-workspaces.js";
import { ManualClock } from "../../support/manual-clock.js";

const octoperf = () => new FakeOctoPerfAdapter(new ManualClock());

describe("discover", () => {
  it("lists workspaces, then the projects of one, then its scenarios with a computed summary", async () => {
    const port = octoperf();
    const workspaces = await new ListWorkspaces(port).execute();
    expect(workspaces.map((w) => w.name)).toEqual(["Acme Retail", "Acme Platform"]);

    const projects = await new ListProjects(port).execute({ workspaceId: workspaces[0]!.id });
    expect(projects.map((p) => p.name)).toEqual(["Checkout API", "Storefront Web"]);

    const scenarios = await new ListScenarios(port).execute({ projectId: projects[0]!.id });
    expect(scenarios.map((s) => s.name)).toEqual(["Checkout nightly 500 VUs", "Checkout smoke 20 VUs"]);
    expect(scenarios[0]!.summary).toEqual({ profileCount: 1, totalVus: 500, expectedDurationMs: 12 * 60_000 });
    expect(scenarios[1]!.summary).toEqual({ profileCount: 2, totalVus: 20, expectedDurationMs: 4 * 60_000 });
  });

  it("lists the scenarios of every visible project when no project is given", async () => {
    const scenarios = await new ListScenarios(octoperf()).execute();
    expect(scenarios).toHaveLength(7);
    expect(new Set(scenarios.map((s) => s.projectId)).size).toBe(4);
  });

  it("refuses malformed ids before calling OctoPerf, and reports unknown ones as not found", async () => {
    const port = octoperf();
    await expect(new ListProjects(port).execute({ workspaceId: "../admin" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(new ListProjects(port).execute({ workspaceId: "" })).rejects.toThrow(/workspaceId must not be empty/);
    await expect(new ListScenarios(port).execute({ projectId: 42 as never })).rejects.toThrow(/projectId must be a string/);
    const unknown = new ListProjects(port).execute({ workspaceId: "noSuchWorkspace00000" });
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    const error = await new ListProjects(port).execute({ workspaceId: "noSuchWorkspace00000" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ entity: "workspace", id: "noSuchWorkspace00000", demo: true });
    expect(mcpWords(error)).toMatch(/No workspace with id "noSuchWorkspace00000".*octoperf_get_current_user_workspaces/);
  });
});
