// A stand-in for an MCP client (a desktop app): spawns the server given in argv with every stdio
// stream piped, waits for its "ready" line on stderr, prints {"serverPid":N} on its own stdout,
// then idles until the test SIGKILLs it, leaving the server orphaned with dead pipes.
import { spawn } from "node:child_process";

const [bin, ...args] = process.argv.slice(2);
const server = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "pipe", "pipe"], env: process.env });
let stderr = "";
server.stderr.on("data", (chunk) => {
  stderr += String(chunk);
  if (stderr.includes("octoperf-mcp ready")) {
    process.stdout.write(`${JSON.stringify({ serverPid: server.pid })}\n`);
    stderr = "";
  }
});
server.on("exit", (code, signal) => process.stdout.write(`${JSON.stringify({ serverExit: { code, signal }, stderr })}\n`));
setInterval(() => {}, 60_000);
