import { ENV_VARIABLES } from "./config.js";
import { HTTP_ENV_VARIABLES } from "./http/http-config.js";

// Shorter values are not secrets a setting accepts, and masking them would garble every message.
const MIN_SECRET_LENGTH = 4;

/**
 * The secrets a process's environment holds (the API key, the HTTP access token, the Redis
 * password), as given and trimmed, read before any setting is checked: a CLI masks them in all it
 * prints, its usage errors included, whatever OctoPerf or a bad argument echoes back.
 */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = [env[ENV_VARIABLES.apiKey], env[HTTP_ENV_VARIABLES.accessToken], ...redisPassword(env[HTTP_ENV_VARIABLES.redisUrl])];
  const forms = values.flatMap((value) => (value === undefined ? [] : [value, value.trim()]));
  return [...new Set(forms)].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

function redisPassword(url: string | undefined): string[] {
  if (url === undefined) return [];
  try {
    const { password } = new URL(url);
    return [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
