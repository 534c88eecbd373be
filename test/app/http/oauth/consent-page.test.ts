import { describe, expect, it } from "vitest";
import { consentPage, OCTOPERF_KEY_HELP_URL } from "../../../../src/app/http/oauth/consent-page.js";

const view = {
  clientName: "Example App",
  returnsTo: "app.example.com",
  serverHost: "octoperf-mcp.example.com",
  readOnly: false,
  request: "sealed",
  csrfToken: "csrf",
  error: null,
};

describe("the consent page", () => {
  it("escapes what the client chose (its name), so a registration cannot inject markup", () => {
    const page = consentPage({ ...view, clientName: `<script>alert(1)</script>"><img src=x>` });
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img");
    expect(page).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
  });

  it("says launches spend credits, or that a read-only server cannot launch", () => {
    expect(consentPage(view)).toContain("launch and stop load tests, which spends your OctoPerf credits");
    const readOnly = consentPage({ ...view, readOnly: true });
    expect(readOnly).toContain("this server is read-only, it cannot launch or stop tests");
    expect(readOnly).not.toContain("spends your OctoPerf credits");
  });

  it("labels the key field, ties the hint and the error to it, and loads nothing from elsewhere", () => {
    const page = consentPage({ ...view, error: "OctoPerf did not accept this API key." });
    expect(page).toContain('<label for="api_key">Your OctoPerf API key</label>');
    expect(page).toContain('aria-describedby="key-hint key-error" aria-invalid="true"');
    expect(page).toContain('<div class="error" role="alert" id="key-error">');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=/);
    // The only URL is the link to OctoPerf's own help on the API key.
    expect(page.match(/https?:\/\/[^"'\s<]+/g)).toEqual([OCTOPERF_KEY_HELP_URL]);
  });
});
