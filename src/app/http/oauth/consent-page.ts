import { createHash } from "node:crypto";
import type { Response } from "express";

/** Where OctoPerf shows a user their API key (Account → Profile → API Key). */
export const OCTOPERF_KEY_HELP_URL = "https://doc.octoperf.com/account/profile/#apikey";

export interface ConsentView {
  /** The client's own name as registered (untrusted: escaped), or null. */
  readonly clientName: string | null;
  /** Where the browser goes back to after the answer: the host the user can check. */
  readonly returnsTo: string;
  /** This server, as users reach it. */
  readonly serverHost: string;
  readonly readOnly: boolean;
  /** Sealed authorization request and CSRF token, handed back by the form. */
  readonly request: string;
  readonly csrfToken: string;
  /** What went wrong with the last submission, shown above the form; null on first display. */
  readonly error: string | null;
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: Canvas; color: CanvasText; }
main { max-width: 34rem; margin: 3rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: 0.5rem; }
.app { font-weight: 600; }
ul { padding-left: 1.25rem; }
.error { border: 2px solid #b3261e; border-radius: 0.5rem; padding: 0.75rem 1rem; color: #b3261e; background: color-mix(in srgb, #b3261e 8%, Canvas); }
label { display: block; font-weight: 600; margin-top: 1.25rem; }
input[type=password] { box-sizing: border-box; width: 100%; font: inherit; padding: 0.6rem; margin-top: 0.35rem; border: 1px solid GrayText; border-radius: 0.4rem; }
input[type=password]:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.hint { font-size: 0.9rem; margin: 0.35rem 0 0; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 0.4rem; border: 1px solid GrayText; background: ButtonFace; color: ButtonText; cursor: pointer; }
button.allow { background: #1a73e8; border-color: #1a73e8; color: #fff; }
.fine { font-size: 0.85rem; color: GrayText; margin-top: 2rem; }
`;

/** The page's only style, allowed by its hash: the CSP forbids every other style, script, frame and third-party resource. */
const STYLE_HASH = createHash("sha256").update(STYLE, "utf8").digest("base64");

/** Headers of every page of the consent step: nothing cached, never framed (clickjacking), no referrer beyond this server, nothing loaded from elsewhere. */
export function setPageHeaders(res: Response, formTarget: string | null): void {
  const formAction = formTarget === null ? "'self'" : `'self' ${formTarget}`;
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  );
  res.setHeader("X-Frame-Options", "DENY");
  // same-origin, not no-referrer: with no-referrer, Chromium sends "Origin: null" on the form's POST.
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "no-store");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The consent page: who asks, what they will be able to do, and the field for the user's OctoPerf key. */
export function consentPage(view: ConsentView): string {
  const app = view.clientName === null ? "An application" : view.clientName.slice(0, 100);
  const abilities = view.readOnly
    ? `<li>read your OctoPerf workspaces, projects, scenarios, test runs and reports;</li>
<li>nothing else: this server is read-only, it cannot launch or stop tests.</li>`
    : `<li>read your OctoPerf workspaces, projects, scenarios, test runs and reports;</li>
<li><strong>launch and stop load tests, which spends your OctoPerf credits</strong>.</li>`;
  const error =
    view.error === null ? "" : `<div class="error" role="alert" id="key-error"><strong>Nothing was connected.</strong> ${escapeHtml(view.error)}</div>\n`;
  return page(
    `Connect ${app} to OctoPerf`,
    `<h1>Connect <span class="app">${escapeHtml(app)}</span> to OctoPerf</h1>
<p><span class="app">${escapeHtml(app)}</span> (returning to <strong>${escapeHtml(view.returnsTo)}</strong>) asks to use OctoPerf for you
through the OctoPerf MCP server at <strong>${escapeHtml(view.serverHost)}</strong>. It will be able to:</p>
<ul>
${abilities}
</ul>
${error}<form method="post" action="/consent">
<input type="hidden" name="request" value="${escapeHtml(view.request)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(view.csrfToken)}">
<label for="api_key">Your OctoPerf API key</label>
<input type="password" id="api_key" name="api_key" autocomplete="off" spellcheck="false" required minlength="8" maxlength="512"
 aria-describedby="key-hint${view.error === null ? "" : " key-error"}"${view.error === null ? "" : ' aria-invalid="true"'} autofocus>
<p class="hint" id="key-hint">OctoPerf shows it under <strong>Account → Profile → API Key</strong>
(<a href="${OCTOPERF_KEY_HELP_URL}" target="_blank" rel="noopener noreferrer">where to find it</a>).
It is checked with OctoPerf before anything is connected.</p>
<div class="actions">
<button type="submit" class="allow" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
<p class="fine">The server keeps your key encrypted and uses it only for what you ask through ${escapeHtml(app)}.
To disconnect, remove the connector in the app; regenerating your key in OctoPerf disconnects every app that uses it.</p>`,
  );
}

/** A page that ends the consent step without a form: a refused or expired submission. */
export function problemPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}
