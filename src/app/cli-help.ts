import { PACKAGE_NAME, PACKAGE_VERSION } from "./package-info.js";

/** Kept beside the config: a test checks that every variable the config reads is listed here. */
export const HELP = `${PACKAGE_NAME} ${PACKAGE_VERSION}: an MCP server (stdio) that drives OctoPerf load tests.

Usage:
  octoperf-mcp            serve MCP on stdio against OctoPerf (needs OCTOPERF_API_KEY)
  octoperf-mcp --demo     serve MCP on stdio against an offline demo OctoPerf (no key, no network)
  octoperf-mcp doctor     check your OctoPerf, read-only, with the same environment (run it first)
      --json              the same facts as JSON on stdout
      --record DIR        also save each raw answer there (key, e-mails, user names redacted)
  octoperf-mcp gate <scenarioId> [options]
                          a load-test gate for CI: launch, follow, judge, exit 0/1/2/3/4
                          (octoperf-mcp gate --help)
  octoperf-mcp --http [--port 8808] [--host 127.0.0.1] [--demo]
                          serve MCP over Streamable HTTP at /mcp (plus /healthz and /readyz)
  octoperf-mcp --help     this text
  octoperf-mcp --version  the version

Environment:
  OCTOPERF_API_KEY            your API key (OctoPerf: Account > Profile > API Key); required unless --demo
  OCTOPERF_BASE_URL           default https://api.octoperf.com; your host for OctoPerf Enterprise
  OCTOPERF_TIMEOUT_MS         per-request timeout, default 30000
  OCTOPERF_MAX_RETRIES        retries of safe (read) requests, default 3; a launch is never retried
  OCTOPERF_DEMO=1             same as --demo
  OCTOPERF_DEMO_RUN_SECONDS   length of a demo run, default 20
  OCTOPERF_READ_ONLY=1        do not offer the tools that launch or stop tests
  OCTOPERF_TOOLSETS           the groups of tools offered, comma-separated: discover, run, analyze
                              or all (default); read-only mode still leaves out launch and stop
  OCTOPERF_ALLOWED_SCENARIOS  comma-separated scenario ids that may be launched (default: any)
  OCTOPERF_LOG_LEVEL          debug, info, warn or error (logs go to stderr), default info
  On/off settings take true/false, 1/0, yes/no or on/off, in any case. An allowlist that is set
  but names no scenario id stops the server rather than allowing every scenario.

HTTP mode (--http) only:
  OCTOPERF_HTTP_PORT                    port, default 8808 (0: any free port; the address is logged)
  OCTOPERF_HTTP_HOST                    bind address, default 127.0.0.1 (0.0.0.0 to serve a network)
  (without OCTOPERF_API_KEY: per-user keys, each request sends its user's own as Authorization: Bearer <key>)
  OCTOPERF_HTTP_SHARED_ACCOUNT=1        serve one shared OctoPerf account (OCTOPERF_API_KEY) to every client
  OCTOPERF_HTTP_ACCESS_TOKEN            the Bearer token clients must send (at least 32 characters); required with the shared account
  OCTOPERF_REDIS_URL                    redis:// URL shared by the replicas to keep launches safe (default: in memory, one replica)
  OCTOPERF_REDIS_PREFIX                 prefix of every Redis key, default octoperf-mcp:
  OCTOPERF_HTTP_ALLOWED_ORIGINS         comma-separated browser origins allowed to call (others get 403)
  OCTOPERF_HTTP_ALLOWED_HOSTS           Host names accepted besides localhost when bound to loopback
  OCTOPERF_HTTP_CORS=1                  send CORS headers to the allowed origins
  OCTOPERF_HTTP_MAX_BODY_BYTES          largest request body, default 1048576
  OCTOPERF_HTTP_REQUEST_TIMEOUT_SECONDS how long a client may take to send its request, default 30
  OCTOPERF_HTTP_SHUTDOWN_GRACE_SECONDS  how long calls in flight may finish after SIGTERM, default 10
  OCTOPERF_HTTP_AUTH                    bearer-key (default), oauth (sign-in page for Claude.ai/ChatGPT connectors) or both
  OCTOPERF_HTTP_OAUTH_SECRET            with oauth: at least 32 random bytes, base64 (openssl rand -base64 32); same on every replica
  OCTOPERF_HTTP_PUBLIC_URL              with oauth: the https:// address users reach (behind your reverse proxy)
`;
