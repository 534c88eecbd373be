import { mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { StderrLogger } from "../../adapters/stderr-logger.js";
import { ConfigurationError } from "../../domain/errors.js";
import { maskText } from "../../adapters/mask-text.js";
import { loadConfig, secretsOf } from "../config.js";
import { environmentSecrets } from "../environment-secrets.js";
import { PACKAGE_VERSION } from "../package-info.js";
import { runDoctor } from "./doctor.js";
import { renderDoctorJson, renderDoctorText } from "./doctor-output.js";

export const DOCTOR_USAGE = "octoperf-mcp doctor [--json] [--record DIR]";

/** `octoperf-mcp doctor …`: exit 0 when everything the tools need works, 1 when a check fails, 2 on bad usage or configuration. */
export async function doctorMain(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Everything it prints is masked: OctoPerf may echo the key back (in a workspace name), and so may a bad argument.
  const secrets = environmentSecrets(env);
  const usage = (message: string) => usageError(message, secrets);
  let json = false;
  let recordDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--record") {
      const dir = args[++i];
      if (dir === undefined || dir.startsWith("--")) return usage("--record needs a folder: --record DIR");
      recordDir = resolve(dir);
    } else if (arg.startsWith("--record=")) recordDir = resolve(arg.slice("--record=".length));
    else return usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return usage(error.message);
    throw error;
  }
  if (config.mode === "demo") return usage("doctor checks a real OctoPerf: unset OCTOPERF_DEMO and set OCTOPERF_API_KEY");
  if (recordDir !== undefined) {
    // A recording mixed with an older one would mislead whoever turns it into fixtures.
    try {
      mkdirSync(recordDir, { recursive: true });
      if (readdirSync(recordDir).length > 0) return usage(`--record needs a new or empty folder; ${recordDir} is not empty`);
    } catch (error) {
      return usage(`cannot record into ${recordDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const logger = new StderrLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, secrets: secretsOf(config) });
  const report = await runDoctor(config, { version: PACKAGE_VERSION, logger, ...(recordDir !== undefined ? { recordDir } : {}) });
  process.stdout.write(maskText(json ? renderDoctorJson(report) : renderDoctorText(report), [...secrets, ...secretsOf(config)]));
  return report.ok ? 0 : 1;
}

function usageError(message: string, secrets: readonly string[]): number {
  process.stderr.write(maskText(`octoperf-mcp doctor: ${message}\nUsage: ${DOCTOR_USAGE}\n`, secrets));
  return 2;
}
