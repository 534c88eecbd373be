import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../../src/app/config.js";

const ROOT = new URL("../../", import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(fileURLToPath(new URL(file, ROOT)), "utf8")) as Record<string, unknown>;

interface RegistryPackage {
  registryType: string;
  registryBaseUrl?: string;
  identifier: string;
  version: string;
  transport: { type: string };
  environmentVariables: { name: string; description?: string; isRequired?: boolean; isSecret?: boolean; default?: string; choices?: string[] }[];
}

interface RegistryInput {
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  placeholder?: string;
  value?: string;
  variables?: Record<string, RegistryInput>;
}

interface RegistryRemote {
  type: string;
  url: string;
  variables?: Record<string, RegistryInput>;
  headers?: (RegistryInput & { name: string })[];
}

/** The {names} a registry template (a URL, a header value) expects its variables to fill. */
const placeholders = (template: string) => [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);

/** server.json is what the official MCP registry lists; it must describe the package npm ships. */
describe("server.json (the official MCP registry entry)", () => {
  const pkg = read("package.json") as { name: string; version: string; mcpName: string; files: string[] };
  const server = read("server.json") as {
    $schema: string;
    name: string;
    description: string;
    version: string;
    packages: RegistryPackage[];
    remotes?: RegistryRemote[];
  };
  const npm = server.packages.find((p) => p.registryType === "npm")!;

  it("has the name, version and npm identity of package.json", () => {
    // The registry's current schema (packages[] and remotes[] with variables in one file).
    expect(server.$schema).toBe("https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json");
    expect(server.name).toBe(pkg.mcpName);
    // The registry's rules: reverse-DNS namespace, one slash; the npm package must carry the same mcpName.
    expect(server.name).toMatch(/^io\.github\.[a-zA-Z0-9-]+\/[a-zA-Z0-9._-]+$/);
    expect(server.version).toBe(pkg.version);
    expect(server.description.length).toBeGreaterThan(0);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect(server.packages).toHaveLength(1);
    expect(npm).toMatchObject({ registryType: "npm", identifier: pkg.name, version: pkg.version, transport: { type: "stdio" } });
    expect(pkg.files).toContain("server.json");
  });

  it("lists every OCTOPERF_ variable the config reads, each described, and only the key is secret", () => {
    const names = npm.environmentVariables.map((v) => v.name);
    expect([...names].sort()).toEqual(Object.values(ENV_VARIABLES).sort());
    for (const variable of npm.environmentVariables) {
      expect(variable.description, variable.name).toMatch(/\S{3}/);
      expect(variable.isSecret, variable.name).toBe(variable.name === ENV_VARIABLES.apiKey);
      if (variable.default !== undefined && variable.choices !== undefined) expect(variable.choices).toContain(variable.default);
    }
  });

  it("offers teams a Streamable HTTP remote template: the URL of their server at /mcp, and Authorization marked secret", () => {
    expect(server.remotes).toHaveLength(1);
    const remote = server.remotes![0]!;
    expect(remote.type).toBe("streamable-http");
    // The schema's pattern for a remote URL; the team's host is a variable the user fills.
    expect(remote.url).toMatch(/^https?:\/\/[^\s]+$/);
    expect(new URL(remote.url.replace(/\{[^{}]+\}/g, "host.example")).pathname).toBe("/mcp");
    for (const name of placeholders(remote.url))
      expect(remote.variables?.[name], name).toMatchObject({ isRequired: true, description: expect.stringMatching(/\S{3}/) });

    expect(remote.headers?.map((h) => h.name)).toEqual(["Authorization"]);
    const authorization = remote.headers![0]!;
    expect(authorization).toMatchObject({ isRequired: true, isSecret: true });
    expect(authorization.value).toMatch(/^Bearer \{\w+\}$/);
    for (const name of placeholders(authorization.value!)) expect(authorization.variables?.[name], name).toMatchObject({ isRequired: true, isSecret: true });
  });
});
