import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import { InvalidClientMetadataError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthClientInformationFull, OAuthClientMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { isLoopback } from "../request-guards.js";
import type { OAuthStore } from "./oauth-store.js";
import type { SecretBox } from "./secret-box.js";

/** A registration is kept this long; a client that comes back later registers again (Claude and ChatGPT do). */
const CLIENT_LIFETIME_MS = 365 * 24 * 3600_000;
const AUTH_METHODS = new Set(["none", "client_secret_post", "client_secret_basic"]);
const GRANT_TYPES = new Set(["authorization_code", "refresh_token"]);

/**
 * Clients registered by Dynamic Client Registration (RFC 7591), kept in the OAuth store so that
 * every replica knows them, and clients named by a Client ID Metadata Document (an https URL as
 * client_id), fetched when first seen.
 *
 * A confidential client's secret is never stored: it is an HMAC of its client_id under the
 * server secret, computed again when the client is read (the SDK's client authentication compares
 * it to what the client sends).
 */
export class OAuthClients implements OAuthRegisteredClientsStore {
  constructor(
    private readonly store: OAuthStore,
    private readonly box: SecretBox,
    private readonly metadataDocuments?: (clientId: string) => Promise<OAuthClientInformationFull | undefined>,
  ) {}

  async getClient(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    if (clientId.startsWith("https://")) return this.metadataDocuments?.(clientId);
    if (!/^[A-Za-z0-9-]{1,64}$/.test(clientId)) return undefined;
    const stored = await this.store.get(`client:${clientId}`);
    if (stored === null) return undefined;
    const client = JSON.parse(stored) as OAuthClientInformationFull & { confidential?: boolean };
    const { confidential, ...info } = client;
    return confidential === true ? { ...info, client_secret: this.secretOf(clientId), client_secret_expires_at: 0 } : info;
  }

  async registerClient(client: Omit<OAuthClientInformationFull, "client_id" | "client_id_issued_at">): Promise<OAuthClientInformationFull> {
    checkClientMetadata(client);
    const full = client as OAuthClientInformationFull;
    const { client_secret: generated, client_secret_expires_at: _expiry, ...metadata } = full;
    const confidential = generated !== undefined;
    await this.store.set(`client:${full.client_id}`, JSON.stringify({ ...metadata, confidential }), CLIENT_LIFETIME_MS);
    return confidential ? { ...metadata, client_secret: this.secretOf(full.client_id), client_secret_expires_at: 0 } : metadata;
  }

  private secretOf(clientId: string): string {
    return this.box.sign(`client-secret\n${clientId}`);
  }
}

/**
 * What the SDK's schema leaves open: the grant and auth methods this server implements, and
 * redirect URIs a code may safely travel to (https, http on loopback for native apps per RFC
 * 8252, or a private-use scheme such as com.example.app:/callback), never a fragment.
 */
export function checkClientMetadata(client: OAuthClientMetadata): void {
  const method = client.token_endpoint_auth_method ?? "client_secret_basic";
  if (!AUTH_METHODS.has(method)) {
    throw new InvalidClientMetadataError(
      `token_endpoint_auth_method ${JSON.stringify(method)} is not supported: use none, client_secret_post or client_secret_basic`,
    );
  }
  for (const grant of client.grant_types ?? []) {
    if (!GRANT_TYPES.has(grant))
      throw new InvalidClientMetadataError(`grant type ${JSON.stringify(grant)} is not supported: authorization_code and refresh_token only`);
  }
  for (const type of client.response_types ?? []) {
    if (type !== "code") throw new InvalidClientMetadataError(`response type ${JSON.stringify(type)} is not supported: code only`);
  }
  if (client.redirect_uris.length === 0) throw new InvalidClientMetadataError("redirect_uris must list at least one URI");
  for (const uri of client.redirect_uris) {
    const url = new URL(uri);
    if (url.hash !== "") throw new InvalidClientMetadataError(`redirect URI ${JSON.stringify(uri)} must not have a fragment`);
    const safe = url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname)) || /^[a-z][a-z0-9+-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
    if (!safe) {
      throw new InvalidClientMetadataError(
        `redirect URI ${JSON.stringify(uri)} is not allowed: use https://, http:// on a loopback address (127.0.0.1, [::1], localhost), or a private-use scheme such as com.example.app:/callback`,
      );
    }
  }
}
