import { cutAtWord } from "../../domain/model/cut-text.js";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import type { HttpConfig } from "./http-config.js";

/**
 * The checks the MCP transport security guidance asks of a local HTTP server, in one place (the
 * SDK's own allowedHosts compares whole Host values, port included, which a server bound to
 * port 0 or behind a proxy cannot list in advance).
 */

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith("127."));
}

/** The host name of a Host header, port dropped ("[::1]:8808" → "[::1]"). */
function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.lastIndexOf(":");
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

export type Refusal = { readonly status: number; readonly message: string; readonly headers?: Readonly<Record<string, string>> };

/**
 * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 sends
 * `Host: evil.example` and its own Origin. Bound to loopback, only loopback Host names (or those
 * configured) are served; any bind refuses a foreign Origin. No Origin at all is a CLI client,
 * not a browser, and is served.
 */
export function checkOrigin(request: IncomingMessage, config: HttpConfig): Refusal | null {
  if (isLoopback(config.host)) {
    const host = request.headers.host;
    if (host === undefined) return { status: 400, message: "the Host header is missing" };
    const name = hostName(host);
    if (!isLoopback(name) && !config.allowedHosts.some((allowed) => allowed.toLowerCase() === host.toLowerCase() || allowed.toLowerCase() === name)) {
      return { status: 403, message: `Host ${JSON.stringify(host)} is not served here (set OCTOPERF_HTTP_ALLOWED_HOSTS to allow it)` };
    }
  }
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  if (config.allowedOrigins.includes(origin)) return null;
  // A page served by this very server's loopback address is not a rebinding attack.
  try {
    const url = new URL(origin);
    if (isLoopback(config.host) && isLoopback(url.hostname) && url.host === request.headers.host) return null;
  } catch {
    // Not a URL ("null" from a sandboxed frame): foreign.
  }
  return { status: 403, message: `Origin ${JSON.stringify(cutAtWord(origin, 200))} is not allowed (set OCTOPERF_HTTP_ALLOWED_ORIGINS to allow it)` };
}

/** CORS headers for an allowed browser origin, only when CORS is switched on. */
export function corsHeaders(request: IncomingMessage, config: HttpConfig): Record<string, string> {
  const origin = request.headers.origin;
  if (!config.cors || origin === undefined || !config.allowedOrigins.includes(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST, GET, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID",
    "Access-Control-Expose-Headers": "Mcp-Session-Id, WWW-Authenticate",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

export class BodyTooLargeError extends Error {}
export class BodyTimeoutError extends Error {}

/**
 * Reads a request body, refusing (before reading it all) one larger than the limit, or one that
 * has not arrived within `deadlineMs` (a client trickling it in holds a socket and a buffer).
 */
export async function readBody(request: IncomingMessage, maxBytes: number, deadlineMs: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      request.off("data", onData).off("end", onEnd).off("error", settle).off("close", onClose);
      if (error === null) resolve(Buffer.concat(chunks));
      else {
        // Stops reading; the refusal (Connection: close) then ends the socket.
        request.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(new BodyTooLargeError());
      else chunks.push(chunk);
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new Error("the client closed the connection before sending its whole request"));
    const timer = setTimeout(() => settle(new BodyTimeoutError()), deadlineMs);
    request.on("data", onData).on("end", onEnd).on("error", settle).on("close", onClose);
  });
}
