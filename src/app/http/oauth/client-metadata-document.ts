import { isIP } from "node:net";
import { OAuthClientMetadataSchema, type OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import { setBounded } from "../../../adapters/bounded-map.js";
import type { Logger } from "../../../ports/logger-port.js";
import { isLoopback } from "../request-guards.js";
import { checkClientMetadata } from "./oauth-clients.js";

/** A metadata document is a few hundred bytes; a client_id URL answering more is not one. */
const MAX_DOCUMENT_BYTES = 5 * 1024;
const FETCH_DEADLINE_MS = 5_000;
const CACHE_MS = 5 * 60_000;
const CACHE_ENTRIES = 200;

export interface ClientMetadataFetchOptions {
  readonly logger: Logger;
  /** The fetch to use (tests route an https URL to a loopback server). */
  readonly fetchFn?: typeof fetch;
  readonly deadlineMs?: number;
  readonly now?: () => number;
}

const cache = new Map<string, { readonly client: OAuthClientInformationFull | undefined; readonly until: number }>();

/**
 * A Client ID Metadata Document (the MCP authorization spec's preferred registration): the
 * client_id is an https URL whose document describes the client. Fetched under a deadline, with
 * no redirects, capped in size, and checked: its client_id must be its own URL, its redirect URIs
 * safe, and the client public (no secret can be agreed without registration). The answer, good or
 * bad, is kept a few minutes so that a page load does not cost a fetch each time. Hosts that name
 * this machine or a private network are refused: the server would otherwise fetch internal URLs
 * on anyone's behalf.
 */
export async function fetchClientMetadataDocument(clientId: string, options: ClientMetadataFetchOptions): Promise<OAuthClientInformationFull | undefined> {
  const now = options.now ?? Date.now;
  const cached = cache.get(clientId);
  if (cached !== undefined && cached.until > now()) return cached.client;
  let client: OAuthClientInformationFull | undefined;
  try {
    client = await fetchAndCheck(clientId, options);
  } catch (error) {
    options.logger.log("warn", "Client ID Metadata Document refused", {
      clientId: clientId.slice(0, 200),
      reason: error instanceof Error ? error.message : String(error),
    });
    client = undefined;
  }
  setBounded(cache, clientId, { client, until: now() + CACHE_MS }, CACHE_ENTRIES);
  return client;
}

async function fetchAndCheck(clientId: string, options: ClientMetadataFetchOptions): Promise<OAuthClientInformationFull> {
  const url = checkedUrl(clientId);
  const response = await (options.fetchFn ?? fetch)(url, {
    redirect: "error",
    headers: { Accept: "application/json" },
    signal: AbortSignal.timeout(options.deadlineMs ?? FETCH_DEADLINE_MS),
  });
  if (response.status !== 200) throw new Error(`it answered HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES) throw new Error(`it is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  const text = await readCapped(response);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error("it is not JSON");
  }
  const parsed = OAuthClientMetadataSchema.safeParse(document);
  if (!parsed.success) throw new Error(`it is not client metadata: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const raw = document as Record<string, unknown>;
  if (raw.client_id !== clientId) throw new Error("its client_id is not its own URL");
  if (raw.client_secret !== undefined) throw new Error("it holds a client_secret");
  const metadata = { ...parsed.data, token_endpoint_auth_method: parsed.data.token_endpoint_auth_method ?? "none" };
  if (metadata.token_endpoint_auth_method !== "none") throw new Error("its token_endpoint_auth_method must be none");
  checkClientMetadata(metadata);
  return { ...metadata, client_id: clientId };
}

function checkedUrl(clientId: string): URL {
  const url = new URL(clientId);
  if (url.protocol !== "https:") throw new Error("a client_id URL must be https");
  if (url.pathname === "/" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new Error("a client_id URL needs a path and no fragment or credentials");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isLoopback(url.hostname) || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") || isPrivateAddress(host)) {
    throw new Error("a client_id URL must name a public host");
  }
  return url;
}

/** Literal addresses of this machine, private networks, link-local and the like (RFC 1918, 4193, 3927…). */
function isPrivateAddress(host: string): boolean {
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (kind === 6) {
    const lower = host.toLowerCase();
    return lower === "::" || lower === "::1" || lower.startsWith("fc") || lower.startsWith("fd") || lower.startsWith("fe80") || lower.startsWith("::ffff:");
  }
  return false;
}

async function readCapped(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop (the throw) cancels the body: the rest is never downloaded.
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) throw new Error(`it is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Forgets the documents read (tests). */
export function forgetClientMetadataDocuments(): void {
  cache.clear();
}
