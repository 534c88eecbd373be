import { ConfigurationError, OctoPerfError } from "../domain/errors.js";
import { maskText } from "../adapters/mask-text.js";
import { cliMessage } from "./cli-errors.js";
import { environmentSecrets } from "./environment-secrets.js";
import { HELP } from "./cli-help.js";
import { loadConfig } from "./config.js";
import { PACKAGE_VERSION } from "./package-info.js";
import { loadHttpConfig, type HttpFlags } from "./http/http-config.js";
import { startStdioServer } from "./start-server.js";

const EXIT_USAGE = 2;

function fail(message: string): never {
  // An argument or a setting can be the key itself, pasted in the wrong place.
  process.stderr.write(maskText(`octoperf-mcp: ${message}\n`, environmentSecrets(process.env)));
  process.exit(EXIT_USAGE);
}

const args = process.argv.slice(2);
if (args[0] === "gate") {
  // Loaded only for the gate: the MCP server's start-up does not read it.
  const { runGateCli } = await import("./gate/gate-command.js");
  process.exit(await runGateCli(args.slice(1)));
}
if (args[0] === "doctor") {
  // Loaded only here: the server's start-up does not pay for it.
  const { doctorMain } = await import("./doctor/doctor-cli.js");
  process.exit(await doctorMain(args.slice(1), process.env));
}
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (args.includes("--version") || args.includes("-v")) {
  process.stdout.write(`${PACKAGE_VERSION}\n`);
  process.exit(0);
}
let demo = false;
let http = false;
const httpFlags: { -readonly [K in keyof HttpFlags]: HttpFlags[K] } = {};
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
  if (flag === "--demo" && inline === undefined) demo = true;
  else if (flag === "--http" && inline === undefined) http = true;
  else if (flag === "--port" || flag === "--host") {
    const value = inline ?? args[++i];
    if (value === undefined || value === "") fail(`${flag} needs a value, e.g. ${flag === "--port" ? "--port 8808" : "--host 127.0.0.1"}`);
    httpFlags[flag === "--port" ? "port" : "host"] = value;
  } else fail(`unknown argument ${JSON.stringify(arg)}; see octoperf-mcp --help`);
}
if (!http && (httpFlags.port !== undefined || httpFlags.host !== undefined)) fail("--port and --host only apply with --http");

let start: () => Promise<void>;
try {
  const demoMode = demo || /^(1|true|yes)$/.test(process.env.OCTOPERF_DEMO ?? "");
  // The HTTP rules first: they say why a key is missing or refused in HTTP mode.
  const httpConfig = http ? loadHttpConfig(process.env, httpFlags, demoMode) : null;
  // Per-user HTTP mode has no configured key: each request brings its caller's own.
  const config = loadConfig(process.env, { demo, keyPerRequest: httpConfig?.credentials === "per-user" });
  start = httpConfig === null ? () => startStdioServer(config) : async () => (await import("./http/start-http-server.js")).startHttpServer(config, httpConfig);
} catch (error) {
  if (error instanceof ConfigurationError) fail(cliMessage(error));
  throw error;
}

start().catch((error: unknown) => {
  // A setting the HTTP adapter refuses at startup is a fact; the words name its variable.
  const message = error instanceof OctoPerfError ? cliMessage(error) : error instanceof Error ? error.message : String(error);
  fail(`could not start: ${message}`);
});
