import type { Setting } from "../../domain/errors.js";

/**
 * The environment variable that sets each setting of the OctoPerf connection (README's
 * configuration table): the server's configuration reads them (`ENV_VARIABLES` in app/config.ts
 * is built from this table) and the model's error words name them. It lives here because the
 * MCP adapter may not import the app; the app imports it.
 */
export const SETTING_VARIABLES: Readonly<Record<Setting, string>> = {
  apiKey: "OCTOPERF_API_KEY",
  baseUrl: "OCTOPERF_BASE_URL",
  timeoutMs: "OCTOPERF_TIMEOUT_MS",
  maxRetries: "OCTOPERF_MAX_RETRIES",
};
