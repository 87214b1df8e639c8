import { trimSlash } from '../endpoints';

/**
 * The authority settings MSAL needs for any Entra-compatible host. Giving MSAL the endpoints up front
 * (knownAuthorities + authorityMetadata) means it makes no discovery calls, so the same code works against
 * login.microsoftonline.com, a sovereign cloud and the emulator on 127.0.0.1.
 */
export function msalAuthority(authorityUrl: string, tenantId: string) {
  const base = `${trimSlash(authorityUrl)}/${encodeURIComponent(tenantId)}`;
  const host = new URL(authorityUrl).host;
  return {
    authority: base,
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    }),
  };
}
