import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadHttpConfig } from "../../../../src/app/http/http-config.js";
import { readFileSync } from "node:fs";
import { HELP } from "../../../../src/app/cli-help.js";
import { loadOAuthSettings, OAUTH_ENV_VARIABLES } from "../../../../src/app/http/oauth/oauth-config.js";

const perUser = (host = "127.0.0.1") => loadHttpConfig({}, { host }, false);
const secret = randomBytes(32).toString("base64");

describe("sign-in settings (OCTOPERF_HTTP_AUTH, _OAUTH_SECRET, _PUBLIC_URL)", () => {
  it("defaults to bearer-key, today's mode, and refuses OAuth settings without it", () => {
    expect(loadOAuthSettings({}, perUser())).toEqual({ mode: "bearer-key", secret: null, publicUrl: null });
    expect(() => loadOAuthSettings({ OCTOPERF_HTTP_OAUTH_SECRET: secret }, perUser())).toThrow(
      "OCTOPERF_HTTP_OAUTH_SECRET only applies with OCTOPERF_HTTP_AUTH=oauth or both: set that too, or unset it.",
    );
  });

  it("oauth and both need a secret of at least 32 bytes in base64 (standard or URL-safe)", () => {
    expect(() => loadOAuthSettings({ OCTOPERF_HTTP_AUTH: "oauth" }, perUser())).toThrow(/OCTOPERF_HTTP_OAUTH_SECRET is required/);
    expect(() => loadOAuthSettings({ OCTOPERF_HTTP_AUTH: "oauth", OCTOPERF_HTTP_OAUTH_SECRET: "not base64!" }, perUser())).toThrow(/must be base64/);
    expect(() => loadOAuthSettings({ OCTOPERF_HTTP_AUTH: "both", OCTOPERF_HTTP_OAUTH_SECRET: randomBytes(31).toString("base64url") }, perUser())).toThrow(
      /holds 31 bytes; it needs at least 32/,
    );
    const settings = loadOAuthSettings({ OCTOPERF_HTTP_AUTH: "OAuth", OCTOPERF_HTTP_OAUTH_SECRET: randomBytes(48).toString("base64url") }, perUser());
    expect(settings.mode).toBe("oauth");
    expect(settings.secret).toHaveLength(48);
    expect(settings.publicUrl).toBeNull();
  });

  it("a server bound beyond loopback needs its https public URL; http only for loopback", () => {
    const env = { OCTOPERF_HTTP_AUTH: "oauth", OCTOPERF_HTTP_OAUTH_SECRET: secret };
    expect(() => loadOAuthSettings(env, perUser("0.0.0.0"))).toThrow(/OCTOPERF_HTTP_PUBLIC_URL is required when the server is bound to 0.0.0.0/);
    expect(loadOAuthSettings({ ...env, OCTOPERF_HTTP_PUBLIC_URL: "https://mcp.example.com/" }, perUser("0.0.0.0")).publicUrl?.href).toBe(
      "https://mcp.example.com/",
    );
    expect(() => loadOAuthSettings({ ...env, OCTOPERF_HTTP_PUBLIC_URL: "http://mcp.example.com" }, perUser("0.0.0.0"))).toThrow(/must be an https:\/\/ URL/);
    expect(() => loadOAuthSettings({ ...env, OCTOPERF_HTTP_PUBLIC_URL: "https://mcp.example.com/octoperf" }, perUser("0.0.0.0"))).toThrow(/no path/);
    expect(loadOAuthSettings({ ...env, OCTOPERF_HTTP_PUBLIC_URL: "http://localhost:8808" }, perUser()).publicUrl?.origin).toBe("http://localhost:8808");
  });

  it("OAuth signs users in with their own keys: not with --demo or a shared account", () => {
    const env = { OCTOPERF_HTTP_AUTH: "oauth", OCTOPERF_HTTP_OAUTH_SECRET: secret };
    expect(() => loadOAuthSettings(env, loadHttpConfig({}, {}, true))).toThrow(/does not apply to --demo/);
    const shared = loadHttpConfig(
      { OCTOPERF_API_KEY: "k".repeat(36), OCTOPERF_HTTP_SHARED_ACCOUNT: "true", OCTOPERF_HTTP_ACCESS_TOKEN: "t".repeat(40) },
      {},
      false,
    );
    expect(() => loadOAuthSettings(env, shared)).toThrow(/does not apply to a shared account/);
    expect(() => loadOAuthSettings({ OCTOPERF_HTTP_AUTH: "saml" }, perUser())).toThrow("OCTOPERF_HTTP_AUTH must be bearer-key (the default), oauth or both");
  });

  it("every sign-in setting is in --help and in the README's settings table", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    for (const variable of Object.values(OAUTH_ENV_VARIABLES)) {
      expect(HELP).toContain(variable);
      expect(readme).toContain(`| \`${variable}\` |`);
    }
  });
});
