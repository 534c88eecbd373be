import * as z from "zod";
import { ConfigurationError } from "../domain/errors.js";
import { idSchema } from "../domain/model/ids.js";
import { TOOLSETS, type Toolset } from "../adapters/mcp/toolsets.js";
import { SETTING_VARIABLES } from "../adapters/mcp/setting-variables.js";

/**
 * Settings, validated once at startup. The same schema serves the environment (the CLI) and
 * the options object a library user passes, so both are checked the same way.
 */

/** The API key, wrapped so that logging or serialising a config never prints it. */
export class ApiKey {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The only way to read the key: for the Authorization header, and for the maskers that keep it out of every output. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[REDACTED]";
  }

  toJSON(): string {
    return "[REDACTED]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "ApiKey([REDACTED])";
  }
}

const TRUE_WORDS = ["true", "1", "yes", "on"];
const FALSE_WORDS = ["false", "0", "no", "off", ""];
/** Said when a boolean setting is refused: what people write for on and off, any case. */
export const BOOLEAN_SPELLINGS = "true/false, 1/0, yes/no or on/off (any case)";

/** The usual spellings of on and off, case-insensitive; anything else is refused, never guessed. */
const booleanFlag = z.union([z.boolean(), z.string()]).transform((value, ctx) => {
  if (typeof value === "boolean") return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  // The value is not repeated: a key pasted into the wrong variable must not reach a log.
  ctx.addIssue({ code: "custom", message: `must be ${BOOLEAN_SPELLINGS}` });
  return z.NEVER;
});

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .positive({ error: "must be greater than 0" })
    .max(max, { error: `must be at most ${max}` });

const MIN_API_KEY_LENGTH = 8;

/** Said when the toolsets setting is refused. */
const TOOLSET_SPELLINGS = `a comma-separated list of ${TOOLSETS.join(", ")} or all (the default)`;

export const OctoPerfOptionsSchema = z.object({
  // OctoPerf keys are UUID-shaped (36 characters); a few characters is a paste gone wrong, and a
  // secret that short would be masked inside every word of every answer.
  apiKey: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .min(MIN_API_KEY_LENGTH, { error: `is too short to be an OctoPerf API key (they are about 36 characters): copy it again from Account > Profile > API Key` })
    .max(512)
    .optional(),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.octoperf.com" })
    .default("https://api.octoperf.com")
    .transform((url) => url.replace(/\/+$/, "")),
  timeoutMs: positiveInt(600_000).default(30_000),
  maxRetries: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be 0 or more" })
    .max(10, { error: "must be at most 10" })
    .default(3),
  demo: booleanFlag.default(false),
  /** Length of a demo run (fake adapter), CREATED to FINISHED. */
  demoRunSeconds: positiveInt(3600).default(20),
  readOnly: booleanFlag.default(false),
  allowedScenarios: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((v) => (typeof v === "string" ? v.split(",") : v)?.map((s) => s.trim()).filter((s) => s.length > 0))
    // A guardrail that is set but names nothing is a typo (or an empty shell variable), not "allow all".
    .refine((ids) => ids === undefined || ids.length > 0, {
      error: "is set but names no scenario id: list the ids that may be launched, separated by commas, or remove it to allow every scenario",
    })
    .pipe(z.array(idSchema("scenario id")).optional()),
  logLevel: z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }).default("info"),
  toolsets: z
    .union([z.array(z.string()), z.string()], { error: `must be ${TOOLSET_SPELLINGS}` })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return [...TOOLSETS];
      const words = (typeof value === "string" ? value.split(",") : value).map((w) => w.trim().toLowerCase()).filter((w) => w !== "");
      if (words.length === 0) {
        ctx.addIssue({ code: "custom", message: `names no toolset: it must be ${TOOLSET_SPELLINGS}` });
        return z.NEVER;
      }
      const unknown = words.findIndex((w) => w !== "all" && !(TOOLSETS as readonly string[]).includes(w));
      if (unknown !== -1) {
        // Which entry, not its value: a key pasted into the wrong variable must not reach a log.
        ctx.addIssue({ code: "custom", message: `has an unknown toolset (entry ${unknown + 1}): it must be ${TOOLSET_SPELLINGS}` });
        return z.NEVER;
      }
      return words.includes("all") ? [...TOOLSETS] : TOOLSETS.filter((t) => words.includes(t));
    }),
});

export type OctoPerfOptions = z.input<typeof OctoPerfOptionsSchema>;

export interface Config {
  readonly mode: "http" | "demo";
  readonly apiKey: ApiKey | null;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly demoRunSeconds: number;
  readonly readOnly: boolean;
  /** Null: every scenario may be launched. */
  readonly allowedScenarios: readonly string[] | null;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  /** The groups of tools offered (every group by default); read-only mode still removes the tools that write. */
  readonly toolsets: readonly Toolset[];
}

/**
 * Where each option comes from in the environment: errors name the variable a user sets. The
 * connection's four come from the table the MCP server's error words name them from.
 */
export const ENV_VARIABLES: Record<keyof z.input<typeof OctoPerfOptionsSchema>, string> = {
  ...SETTING_VARIABLES,
  demo: "OCTOPERF_DEMO",
  demoRunSeconds: "OCTOPERF_DEMO_RUN_SECONDS",
  readOnly: "OCTOPERF_READ_ONLY",
  allowedScenarios: "OCTOPERF_ALLOWED_SCENARIOS",
  logLevel: "OCTOPERF_LOG_LEVEL",
  toolsets: "OCTOPERF_TOOLSETS",
};

/**
 * Why a string cannot be an OctoPerf API key ("is too short…"), or null: the rules of the
 * configured key, for a key that arrives with each request (the team server's per-user mode).
 */
export function apiKeyProblem(key: string): string | null {
  const result = OctoPerfOptionsSchema.shape.apiKey.safeParse(key);
  return result.success ? null : result.error.issues[0]!.message;
}

/**
 * Validates library options; an error names the option (`name(option)` lets the CLI name the
 * variable). `keyPerRequest`: no configured key is needed, because each request brings its own
 * (the team server builds one configuration per request with `withApiKey`).
 */
export function parseOptions(options: OctoPerfOptions, name: (option: string) => string = (o) => o, keyPerRequest = false): Config {
  const result = OctoPerfOptionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const option = String(issue.path[0] ?? "options");
    throw new ConfigurationError(`${name(option)} ${issue.message}`);
  }
  const o = result.data;
  if (!o.demo && o.apiKey === undefined && !keyPerRequest) {
    throw new ConfigurationError(
      `${name("apiKey")} is required: set it to your OctoPerf API key (Account > Profile > API Key), or use demo mode (--demo) to try it offline.`,
    );
  }
  return {
    mode: o.demo ? "demo" : "http",
    apiKey: o.apiKey === undefined ? null : new ApiKey(o.apiKey),
    baseUrl: o.baseUrl,
    timeoutMs: o.timeoutMs,
    maxRetries: o.maxRetries,
    demoRunSeconds: o.demoRunSeconds,
    readOnly: o.readOnly,
    allowedScenarios: o.allowedScenarios ?? null,
    logLevel: o.logLevel,
    toolsets: o.toolsets,
  };
}

/**
 * Reads the environment; `demo` forces demo mode (the --demo flag). A plain record, not
 * NodeJS.ProcessEnv, so the shipped types compile for a consumer without @types/node.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, overrides: { demo?: boolean; keyPerRequest?: boolean } = {}): Config {
  const options: Record<string, unknown> = {};
  for (const [option, variable] of Object.entries(ENV_VARIABLES)) {
    const value = env[variable];
    // Empty counts as unset, except for the allowlist: an empty guardrail must fail closed.
    if (value !== undefined && (value !== "" || option === "allowedScenarios")) options[option] = value;
  }
  if (overrides.demo) options.demo = true;
  return parseOptions(options, (option) => ENV_VARIABLES[option as keyof typeof ENV_VARIABLES] ?? option, overrides.keyPerRequest);
}

/** The configuration for one caller's own key (checked with apiKeyProblem first). */
export function withApiKey(config: Config, key: string): Config {
  return { ...config, mode: "http", apiKey: new ApiKey(key.trim()) };
}

/** The strings no log line, error or tool result may contain. */
export function secretsOf(config: Config): string[] {
  return config.apiKey === null ? [] : [config.apiKey.reveal()];
}
