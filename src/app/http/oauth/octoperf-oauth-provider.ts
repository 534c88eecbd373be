import { randomUUID } from "node:crypto";
import type { Response } from "express";
import { InvalidGrantError, InvalidTargetError, InvalidTokenError, ServerError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthorizationParams, OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { Clock } from "../../../ports/clock-port.js";
import type { OAuthClients } from "./oauth-clients.js";
import { OAuthStoreUnavailableError, type OAuthStore } from "./oauth-store.js";
import { newToken, tokenDigest, type SecretBox } from "./secret-box.js";

/** Lifetimes: a code is redeemed at once; an access token is short, a refresh token rotates on every use. */
export const OAUTH_LIFETIMES = {
  codeMs: 2 * 60_000,
  accessTokenMs: 60 * 60_000,
  refreshTokenMs: 30 * 24 * 3600_000,
} as const;

export const ACCESS_TOKEN_PREFIX = "opm_at_";
const REFRESH_TOKEN_PREFIX = "opm_rt_";
const CODE_PREFIX = "opm_code_";

/** What an authorization code stands for until it is redeemed. */
export interface CodeRecord {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  /** The user's OctoPerf key, encrypted (SecretBox, context keyContext(clientId)). */
  readonly sealedKey: string;
}

/** One user's consent to one client: every token issued from it dies with it. */
interface GrantRecord {
  readonly clientId: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly sealedKey: string;
}

interface AccessTokenRecord {
  readonly grantId: string;
  readonly clientId: string;
  readonly expiresAt: number;
}

interface RefreshTokenRecord {
  readonly grantId: string;
  readonly clientId: string;
}

/** What a valid access token carries to the request it authorizes (AuthInfo.extra). */
export interface GrantOfToken {
  readonly grantId: string;
  readonly apiKey: string;
}

export const keyContext = (clientId: string) => `octoperf-key\n${clientId}`;

/**
 * The authorization server's memory, behind the SDK's OAuthServerProvider interface: the SDK's
 * handlers parse and check the requests (client authentication, PKCE S256, redirect URI against
 * the registration, response shapes); this class decides what codes and tokens mean. The consent
 * step itself (rendering /authorize and accepting the form) is consent.ts's.
 */
export class OctoPerfOAuthProvider implements OAuthServerProvider {
  constructor(
    private readonly options: {
      readonly store: OAuthStore;
      readonly clients: OAuthClients;
      readonly box: SecretBox;
      readonly clock: Clock;
      /** This server's MCP endpoint: the only resource its tokens are good for. */
      readonly resource: URL;
      /** Renders the consent page for a checked authorization request. */
      readonly showConsent: (client: OAuthClientInformationFull, params: AuthorizationParams & { resource: URL }, res: Response) => void;
    },
  ) {}

  get clientsStore(): OAuthClients {
    return this.options.clients;
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.options.showConsent(client, { ...params, resource: this.checkedResource(params.resource) }, res);
  }

  /** Called by consent.ts once the user's key is accepted by OctoPerf: the code to send back to the client. */
  async issueCode(record: CodeRecord): Promise<string> {
    const code = newToken(CODE_PREFIX);
    await this.guarded(() => this.options.store.set(`code:${tokenDigest(code)}`, JSON.stringify(record), OAUTH_LIFETIMES.codeMs));
    return code;
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, authorizationCode: string): Promise<string> {
    return (await this.codeRecord(client, tokenDigest(authorizationCode))).codeChallenge;
  }

  private async codeRecord(client: OAuthClientInformationFull, digest: string): Promise<CodeRecord> {
    const stored = await this.guarded(() => this.options.store.get(`code:${digest}`));
    const record = stored === null ? null : (JSON.parse(stored) as CodeRecord);
    if (record === null || record.clientId !== client.client_id) {
      // A code seen after its redemption is stolen or replayed: what was issued from it goes too.
      await this.revokeIssuedFrom(`code-used:${digest}`);
      throw new InvalidGrantError("the authorization code is invalid, expired or already used");
    }
    return record;
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    authorizationCode: string,
    _codeVerifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    const digest = tokenDigest(authorizationCode);
    // Checked before the code is redeemed: a malformed request does not burn its owner's code.
    const record = await this.codeRecord(client, digest);
    if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
      throw new InvalidGrantError("redirect_uri differs from the one of the authorization request");
    }
    if (resource !== undefined) this.checkedResource(resource);
    // Redeemed atomically: of two requests racing with one code (on two replicas), one wins.
    if ((await this.guarded(() => this.options.store.take(`code:${digest}`))) === null) {
      await this.revokeIssuedFrom(`code-used:${digest}`);
      throw new InvalidGrantError("the authorization code is invalid, expired or already used");
    }
    const grantId = randomUUID();
    const grant: GrantRecord = { clientId: record.clientId, resource: record.resource, scopes: record.scopes, sealedKey: record.sealedKey };
    await this.guarded(async () => {
      await this.options.store.set(`grant:${grantId}`, JSON.stringify(grant), OAUTH_LIFETIMES.refreshTokenMs);
      await this.options.store.set(`code-used:${digest}`, grantId, OAUTH_LIFETIMES.codeMs);
    });
    return this.issueTokens(grantId, grant);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    const digest = tokenDigest(refreshToken);
    const stored = await this.guarded(() => this.options.store.take(`rt:${digest}`));
    const record = stored === null ? null : (JSON.parse(stored) as RefreshTokenRecord);
    if (record === null) {
      // A rotated refresh token used again: someone holds a copy, so the whole grant ends (OAuth 2.1 §4.3.1).
      await this.revokeIssuedFrom(`rt-used:${digest}`);
      throw new InvalidGrantError("the refresh token is invalid, expired, revoked or already used");
    }
    if (record.clientId !== client.client_id) throw new InvalidGrantError("the refresh token was issued to another client");
    await this.guarded(() => this.options.store.set(`rt-used:${digest}`, record.grantId, OAUTH_LIFETIMES.refreshTokenMs));
    const grant = await this.grant(record.grantId);
    if (grant === null) throw new InvalidGrantError("the refresh token is invalid, expired, revoked or already used");
    if (resource !== undefined) this.checkedResource(resource);
    if (scopes !== undefined && scopes.some((scope) => !grant.scopes.includes(scope))) {
      throw new InvalidGrantError("a refresh cannot widen the scope of the grant");
    }
    // The grant lives as long as its newest refresh token.
    await this.guarded(() => this.options.store.set(`grant:${record.grantId}`, JSON.stringify(grant), OAUTH_LIFETIMES.refreshTokenMs));
    return this.issueTokens(record.grantId, grant);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    if (!token.startsWith(ACCESS_TOKEN_PREFIX)) throw new InvalidTokenError("not an access token of this server");
    const stored = await this.guarded(() => this.options.store.get(`at:${tokenDigest(token)}`));
    const record = stored === null ? null : (JSON.parse(stored) as AccessTokenRecord);
    if (record === null || record.expiresAt <= this.options.clock.now()) throw new InvalidTokenError("the access token is invalid, expired or revoked");
    const grant = await this.grant(record.grantId);
    if (grant === null) throw new InvalidTokenError("the access token is invalid, expired or revoked");
    const apiKey = this.options.box.open(grant.sealedKey, keyContext(grant.clientId));
    // Sealed under another secret (OCTOPERF_HTTP_OAUTH_SECRET changed): the user signs in again.
    if (apiKey === null) throw new InvalidTokenError("the access token can no longer be used: sign in again");
    const extra: GrantOfToken = { grantId: record.grantId, apiKey };
    return {
      token,
      clientId: record.clientId,
      scopes: [...grant.scopes],
      expiresAt: Math.floor(record.expiresAt / 1000),
      resource: new URL(grant.resource),
      extra: { ...extra },
    };
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    // RFC 7009: either kind of token, whatever the hint; revoking one ends its grant (signing out).
    const digest = tokenDigest(request.token);
    for (const key of [`at:${digest}`, `rt:${digest}`]) {
      const stored = await this.guarded(() => this.options.store.get(key));
      if (stored === null) continue;
      const record = JSON.parse(stored) as AccessTokenRecord | RefreshTokenRecord;
      // A client may only revoke its own tokens; for another's, the answer is the same 200 and nothing happens.
      if (record.clientId === client.client_id) await this.revokeGrant(record.grantId);
      return;
    }
  }

  /** Ends a grant: its access and refresh tokens stop working at once, on every replica. */
  async revokeGrant(grantId: string): Promise<void> {
    await this.guarded(() => this.options.store.delete(`grant:${grantId}`));
  }

  /** The resource a request names, which must be this server's MCP endpoint (RFC 8707); absent means this one. */
  checkedResource(resource: URL | undefined): URL {
    if (resource === undefined) return this.options.resource;
    if (comparable(resource) !== comparable(this.options.resource)) {
      throw new InvalidTargetError(`this server only issues tokens for ${this.options.resource.href}`);
    }
    return this.options.resource;
  }

  private async issueTokens(grantId: string, grant: GrantRecord): Promise<OAuthTokens> {
    const accessToken = newToken(ACCESS_TOKEN_PREFIX);
    const refreshToken = newToken(REFRESH_TOKEN_PREFIX);
    const access: AccessTokenRecord = { grantId, clientId: grant.clientId, expiresAt: this.options.clock.now() + OAUTH_LIFETIMES.accessTokenMs };
    const refresh: RefreshTokenRecord = { grantId, clientId: grant.clientId };
    await this.guarded(async () => {
      await this.options.store.set(`at:${tokenDigest(accessToken)}`, JSON.stringify(access), OAUTH_LIFETIMES.accessTokenMs);
      await this.options.store.set(`rt:${tokenDigest(refreshToken)}`, JSON.stringify(refresh), OAUTH_LIFETIMES.refreshTokenMs);
    });
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: Math.floor(OAUTH_LIFETIMES.accessTokenMs / 1000),
      refresh_token: refreshToken,
      ...(grant.scopes.length > 0 ? { scope: grant.scopes.join(" ") } : {}),
    };
  }

  private async grant(grantId: string): Promise<GrantRecord | null> {
    const stored = await this.guarded(() => this.options.store.get(`grant:${grantId}`));
    return stored === null ? null : (JSON.parse(stored) as GrantRecord);
  }

  private async revokeIssuedFrom(usedMarker: string): Promise<void> {
    const grantId = await this.guarded(() => this.options.store.get(usedMarker));
    if (grantId !== null) await this.revokeGrant(grantId);
  }

  /** A store that does not answer becomes the OAuth error the SDK's handlers answer with (500 server_error), never a hang. */
  private async guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof OAuthStoreUnavailableError) throw new ServerError(error.message);
      throw error;
    }
  }
}

/** RFC 8707 resources compare as URLs without fragment and without one trailing slash. */
function comparable(url: URL): string {
  return url.href.replace(/#.*$/, "").replace(/\/$/, "");
}
