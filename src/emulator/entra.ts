import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendEntraError } from './entra-errors';
import { resolveScopes } from './entra-scopes';
import { type EmuRequest, header, readBody, sendJson } from './http-util';
import { encodeClaims } from './jwt';
import type { EmulatorIdentity } from './options';
import type { TokenIssuer } from './token-issuer';

interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: string;
  nonce?: string;
  scope: string;
  expiresAtMs: number;
}

interface RefreshGrant {
  clientId: string;
}

const CODE_LIFETIME_MS = 10 * 60_000;
const ID_TOKEN_LIFETIME_SEC = 3600;

/**
 * Entra ID v2 for one tenant and one app registration: client credentials, authorization code with
 * PKCE (auto sign-in of the demo user), refresh tokens, and the OpenID metadata MSAL discovers.
 */
export class EntraService {
  private readonly codes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly id: EmulatorIdentity,
    private readonly baseUrl: () => string,
    private readonly tokens: TokenIssuer,
  ) {}

  /** Paths under /{tenant}/...; returns false when the path is not an Entra endpoint. */
  async handle(req: EmuRequest, res: ServerResponse): Promise<boolean> {
    const m =
      /^\/([^/]+)\/(oauth2\/v2\.0\/token|oauth2\/v2\.0\/authorize|v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(
        req.path,
      );
    if (!m) return false;
    const tenant = decodeURIComponent(m[1] ?? '');
    const endpoint = m[2] ?? '';
    if (!this.knownTenant(tenant)) {
      sendEntraError(
        res,
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
      return true;
    }
    if (endpoint.endsWith('openid-configuration') && req.method === 'GET') {
      sendJson(res, 200, this.openIdConfiguration());
    } else if (endpoint === 'discovery/v2.0/keys' && req.method === 'GET') {
      sendJson(res, 200, { keys: [] });
    } else if (endpoint === 'oauth2/v2.0/authorize' && req.method === 'GET') {
      this.authorize(req, res);
    } else if (endpoint === 'oauth2/v2.0/token' && req.method === 'POST') {
      await this.token(req, res);
    } else {
      sendEntraError(
        res,
        405,
        'invalid_request',
        900561,
        `The endpoint only accepts ${endpoint.endsWith('token') ? 'POST' : 'GET'} requests.`,
      );
    }
    return true;
  }

  private knownTenant(tenant: string): boolean {
    return tenant.toLowerCase() === this.id.tenantId.toLowerCase() || tenant === 'organizations';
  }

  private authority(): string {
    return `${this.baseUrl()}/${this.id.tenantId}`;
  }

  openIdConfiguration(): Record<string, unknown> {
    const a = this.authority();
    return {
      token_endpoint: `${a}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${a}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.tokens.oidcIssuer(this.id.tenantId),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${a}/openid/userinfo`,
      authorization_endpoint: `${a}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${a}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${a}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'oid',
      ],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    };
  }

  private authorize(req: EmuRequest, res: ServerResponse): void {
    const q = req.query;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== this.id.clientId) {
      return this.sendErrorPage(
        res,
        `AADSTS700016: Application with identifier '${q.get('client_id') ?? ''}' was not found in the directory.`,
      );
    }
    if (!isLoopbackRedirect(redirectUri)) {
      return this.sendErrorPage(
        res,
        `AADSTS50011: The redirect URI '${redirectUri}' does not match the redirect URIs configured for the application (http://localhost).`,
      );
    }
    const state = q.get('state') ?? undefined;
    const formPost = q.get('response_mode') === 'form_post';
    const fail = (error: string, description: string): void =>
      this.redirectWith(res, redirectUri, formPost, { error, error_description: description, state });
    if (q.get('response_type') !== 'code') {
      return fail('unsupported_response_type', "AADSTS700054: response_type must be 'code'.");
    }
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method') ?? 'plain';
    if (!challenge || (method !== 'S256' && method !== 'plain')) {
      return fail(
        'invalid_request',
        'AADSTS9002325: Proof Key for Code Exchange is required (code_challenge with S256).',
      );
    }
    const scopeCheck = resolveScopes(q.get('scope'), { requireDefault: false });
    if (!scopeCheck.ok) return fail('invalid_scope', `AADSTS70011: ${scopeCheck.message}`);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: this.id.clientId,
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      nonce: q.get('nonce') ?? undefined,
      scope: q.get('scope') ?? '',
      expiresAtMs: Date.now() + CODE_LIFETIME_MS,
    });
    this.redirectWith(res, redirectUri, formPost, { code, client_info: this.clientInfo(), state });
  }

  private redirectWith(
    res: ServerResponse,
    redirectUri: string,
    formPost: boolean,
    fields: Record<string, string | undefined>,
  ): void {
    const entries = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    if (!formPost) {
      const url = new URL(redirectUri);
      for (const [k, v] of entries) url.searchParams.set(k, v);
      res.writeHead(302, { Location: url.toString(), 'Content-Length': 0 });
      res.end();
      return;
    }
    // The page a browser gets after sign-in: it POSTs the result to the app's loopback listener.
    const inputs = entries
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}" />`)
      .join('');
    const html =
      `<!DOCTYPE html><html><head><title>Working...</title></head><body>` +
      `<form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}` +
      `<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript>` +
      `</form><script>document.forms[0].submit();</script></body></html>`;
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
      'Cache-Control': 'no-store',
    });
    res.end(html);
  }

  private sendErrorPage(res: ServerResponse, message: string): void {
    const html = `<!DOCTYPE html><html><head><title>Sign in error</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p>${escapeHtml(message)}</p></body></html>`;
    res.writeHead(400, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(html),
    });
    res.end(html);
  }

  private async token(req: EmuRequest, res: ServerResponse): Promise<void> {
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]?.trim();
    if (contentType !== 'application/x-www-form-urlencoded') {
      return sendEntraError(
        res,
        400,
        'invalid_request',
        900144,
        'The request body must be form-encoded (application/x-www-form-urlencoded).',
      );
    }
    const form = new URLSearchParams((await readBody(req.raw, 1024 * 1024)).toString('utf8'));
    const basic = parseBasicAuth(header(req, 'authorization'));
    const clientId = form.get('client_id') ?? basic?.user ?? null;
    if (!clientId) {
      return sendEntraError(
        res,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    }
    if (clientId !== this.id.clientId) {
      return sendEntraError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.id.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
      );
    }
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') return this.clientCredentials(form, basic?.password, res);
    if (grant === 'authorization_code') return this.authorizationCode(form, res);
    if (grant === 'refresh_token') return this.refreshToken(form, res);
    return sendEntraError(
      res,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant ?? ''}'.`,
    );
  }

  private clientCredentials(
    form: URLSearchParams,
    basicSecret: string | undefined,
    res: ServerResponse,
  ): void {
    const secret = form.get('client_secret') ?? basicSecret;
    if (!secret) {
      return sendEntraError(
        res,
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    if (secret !== this.id.clientSecret) {
      return sendEntraError(
        res,
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.id.clientId}'.`,
      );
    }
    const scopes = resolveScopes(form.get('scope'), { requireDefault: true });
    if (!scopes.ok) return sendEntraError(res, 400, 'invalid_scope', 70011, scopes.message);
    const { token, expiresIn } = this.tokens.issue(scopes.audience, {
      tenantId: this.id.tenantId,
      clientId: this.id.clientId,
      // the service principal's object id; a fixed value derived from the client id keeps it stable
      oid: deriveGuid(`sp:${this.id.clientId}`),
    });
    sendJson(
      res,
      200,
      { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
      { 'Cache-Control': 'no-store' },
    );
  }

  private authorizationCode(form: URLSearchParams, res: ServerResponse): void {
    const code = form.get('code') ?? '';
    const entry = this.codes.get(code);
    if (!entry || entry.expiresAtMs < Date.now()) {
      this.codes.delete(code);
      return sendEntraError(
        res,
        400,
        'invalid_grant',
        70008,
        'The provided authorization code or refresh token has expired or was already redeemed. Send a new interactive authorization request.',
      );
    }
    this.codes.delete(code); // single use
    if (form.get('redirect_uri') !== entry.redirectUri) {
      return sendEntraError(
        res,
        400,
        'invalid_grant',
        50148,
        'The redirect_uri does not match the one used in the authorization request.',
      );
    }
    const verifier = form.get('code_verifier') ?? '';
    const expected =
      entry.codeChallengeMethod === 'S256'
        ? createHash('sha256').update(verifier).digest('base64url')
        : verifier;
    if (!verifier || expected !== entry.codeChallenge) {
      return sendEntraError(
        res,
        400,
        'invalid_grant',
        501481,
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      );
    }
    const scope = form.get('scope') ?? entry.scope;
    this.sendUserTokens(res, scope, entry.nonce);
  }

  private refreshToken(form: URLSearchParams, res: ServerResponse): void {
    const rt = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(rt);
    if (!grant || grant.clientId !== form.get('client_id')) {
      return sendEntraError(
        res,
        400,
        'invalid_grant',
        9002313,
        'Invalid request. The refresh token is malformed, revoked or was issued to another client.',
      );
    }
    this.refreshTokens.delete(rt); // rotated, like Entra's public-client refresh tokens
    this.sendUserTokens(res, form.get('scope') ?? '', undefined);
  }

  private sendUserTokens(res: ServerResponse, scope: string, nonce: string | undefined): void {
    const scopes = resolveScopes(scope, { requireDefault: false });
    if (!scopes.ok) return sendEntraError(res, 400, 'invalid_scope', 70011, scopes.message);
    const { token, expiresIn } = this.tokens.issue(scopes.audience, {
      tenantId: this.id.tenantId,
      clientId: this.id.clientId,
      oid: this.id.ownerObjectId,
      upn: this.id.ownerUpn,
      scopes: scopes.resourceScopes.map((s) => s.replace(/^.*\//, '')),
    });
    const refreshToken = randomBytes(48).toString('base64url');
    this.refreshTokens.set(refreshToken, { clientId: this.id.clientId });
    const nowSec = Math.floor(Date.now() / 1000);
    const idToken = encodeClaims({
      aud: this.id.clientId,
      iss: this.tokens.oidcIssuer(this.id.tenantId),
      iat: nowSec,
      nbf: nowSec,
      exp: nowSec + ID_TOKEN_LIFETIME_SEC,
      name: 'Demo Analyst',
      oid: this.id.ownerObjectId,
      preferred_username: this.id.ownerUpn,
      sub: deriveGuid(`sub:${this.id.ownerObjectId}`),
      tid: this.id.tenantId,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    });
    sendJson(
      res,
      200,
      {
        token_type: 'Bearer',
        scope: scopes.scopes.join(' '),
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: token,
        refresh_token: refreshToken,
        id_token: idToken,
        client_info: this.clientInfo(),
      },
      { 'Cache-Control': 'no-store' },
    );
  }

  private clientInfo(): string {
    return Buffer.from(JSON.stringify({ uid: this.id.ownerObjectId, utid: this.id.tenantId })).toString(
      'base64url',
    );
  }
}

function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function parseBasicAuth(value: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(value ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return {
    user: decodeURIComponent(decoded.slice(0, i)),
    password: decodeURIComponent(decoded.slice(i + 1)),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A stable GUID-shaped id from a seed string. */
export function deriveGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
