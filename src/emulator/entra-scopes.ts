import { KNOWN_AUDIENCES } from './token-issuer';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
// Audience of a sign-in-only token (no resource scope): Microsoft Graph, as Entra does.
export const GRAPH_AUDIENCE = '00000003-0000-0000-c000-000000000000';

export type ScopeResolution =
  { ok: true; audience: string; scopes: string[]; resourceScopes: string[] } | { ok: false; message: string };

/**
 * Maps requested scopes to the token audience: `https://storage.azure.com/.default` and
 * `https://storage.azure.com/user_impersonation` both mean aud `https://storage.azure.com`.
 */
export function resolveScopes(scopeParam: string | null, opts: { requireDefault: boolean }): ScopeResolution {
  const scopes = (scopeParam ?? '').split(/\s+/).filter(Boolean);
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s));
  if (resourceScopes.length === 0) {
    if (opts.requireDefault)
      return { ok: false, message: "The request body must contain a 'scope' parameter." };
    return { ok: true, audience: GRAPH_AUDIENCE, scopes, resourceScopes };
  }
  const resources = new Set(
    resourceScopes.map((s) =>
      s.endsWith('/.default') ? s.slice(0, -'/.default'.length) : s.replace(/\/[^/]*$/, ''),
    ),
  );
  if (resources.size > 1) {
    return {
      ok: false,
      message: `The scopes requested ('${resourceScopes.join(' ')}') belong to more than one resource; request one resource per token.`,
    };
  }
  const [audience] = [...resources] as [string];
  if (!KNOWN_AUDIENCES.includes(audience)) {
    return {
      ok: false,
      message: `The provided value for scope ${resourceScopes.join(' ')} is not valid. The emulator knows the resources ${KNOWN_AUDIENCES.join(', ')}.`,
    };
  }
  if (opts.requireDefault && (resourceScopes.length !== 1 || !resourceScopes[0]?.endsWith('/.default'))) {
    return {
      ok: false,
      message: `The provided value for scope ${resourceScopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    };
  }
  return { ok: true, audience, scopes, resourceScopes };
}
