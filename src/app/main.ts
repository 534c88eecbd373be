#!/usr/bin/env node
import { ConfigurationError } from "../domain/errors.js";
import { HELP } from "./cli-help.js";
import { loadConfig } from "./config.js";
import { PACKAGE_VERSION } from "./package-info.js";
import { startStdioServer } from "./start-server.js";

const EXIT_USAGE = 2;

function fail(message: string): never {
  process.stderr.write(`octoperf-mcp: ${message}\n`);
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
const unknown = args.filter((a) => a !== "--demo");
if (unknown.length > 0) fail(`unknown argument ${JSON.stringify(unknown[0])}; see octoperf-mcp --help`);

let config;
try {
  config = loadConfig(process.env, { demo: args.includes("--demo") });
} catch (error) {
  if (error instanceof ConfigurationError) fail(error.message);
  throw error;
}

startStdioServer(config).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  fail(`could not start: ${message}`);
});
