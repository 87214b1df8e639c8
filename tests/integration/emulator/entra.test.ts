import { createHash, randomBytes } from 'node:crypto';
import { PublicClientApplication, ServerError } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index';
import { followFormPost } from './support/browser';
import { FABRIC_SCOPE, STORAGE_SCOPE, decodeJwt, fabricCall, msalFor, pipelinePath } from './support/fixture';
import { httpsRequest } from './support/https-request';
import { CaTrustingNetworkClient } from './support/msal-network';

describe('emulator Entra v2 with the real @azure/msal-node', () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => emu.stop());

  function tokenUrl(tenant = emu.env.FABRIC_TENANT_ID): string {
    return `${emu.env.FABRIC_AUTHORITY_URL}/${tenant}/oauth2/v2.0/token`;
  }

  function postForm(url: string, form: Record<string, string>): ReturnType<typeof httpsRequest> {
    return httpsRequest(url, {
      method: 'POST',
      ca: emu.caCertPem,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  it('client credentials: tokens whose aud follows the requested scope', async () => {
    const msal = msalFor(emu);
    const fabric = await msal.acquireTokenByClientCredential({ scopes: [FABRIC_SCOPE] });
    const storage = await msal.acquireTokenByClientCredential({ scopes: [STORAGE_SCOPE] });
    const f = decodeJwt(fabric?.accessToken ?? '');
    const s = decodeJwt(storage?.accessToken ?? '');
    expect(f.aud).toBe('https://api.fabric.microsoft.com');
    expect(s.aud).toBe('https://storage.azure.com');
    expect(f.tid).toBe(emu.env.FABRIC_TENANT_ID);
    expect(f.appid).toBe(emu.env.FABRIC_CLIENT_ID);
    expect(Number(f.exp) - Number(f.iat)).toBeGreaterThanOrEqual(3599);
    expect(fabric?.expiresOn?.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // MSAL discovered the emulator and posted its extra form fields, which the emulator ignored.
    expect(emu.requests.count({ service: 'token', path: /openid-configuration$/ })).toBeGreaterThanOrEqual(1);
    expect(emu.requests.count({ service: 'token', method: 'POST', status: 200 })).toBe(2);
  });

  it('a wrong secret is invalid_client AADSTS7000215 (surfacing as MSAL ServerError)', async () => {
    const err = await msalFor(emu, 'not-the-secret')
      .acquireTokenByClientCredential({ scopes: [FABRIC_SCOPE] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).errorCode).toBe('invalid_client');
    expect((err as ServerError).errorMessage).toContain('AADSTS7000215');
  });

  it('Entra-shaped errors for unknown client, unknown tenant and invalid scope', async () => {
    const base = {
      grant_type: 'client_credentials',
      client_secret: emu.env.FABRIC_CLIENT_SECRET,
      scope: FABRIC_SCOPE,
    };
    const unknownClient = await postForm(tokenUrl(), {
      ...base,
      client_id: '00000000-0000-0000-0000-000000000001',
    });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.json()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(unknownClient.json<{ error_description: string }>().error_description).toMatch(
      /^AADSTS700016: .*\r\nTrace ID: /,
    );

    const unknownTenant = await postForm(tokenUrl('contoso-unknown'), {
      ...base,
      client_id: emu.env.FABRIC_CLIENT_ID,
    });
    expect(unknownTenant.status).toBe(400);
    expect(unknownTenant.json()).toMatchObject({ error: 'invalid_request', error_codes: [90002] });

    const badScope = await postForm(tokenUrl(), {
      ...base,
      client_id: emu.env.FABRIC_CLIENT_ID,
      scope: 'https://vault.azure.net/.default',
    });
    expect(badScope.json()).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
    const notDefault = await postForm(tokenUrl(), {
      ...base,
      client_id: emu.env.FABRIC_CLIENT_ID,
      scope: 'https://api.fabric.microsoft.com/Item.Execute.All',
    });
    expect(notDefault.json()).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });

    const err = await msalFor(emu)
      .acquireTokenByClientCredential({ scopes: ['https://vault.azure.net/.default'] })
      .catch((e: unknown) => e);
    expect((err as ServerError).errorCode).toBe('invalid_scope');
  });

  it('accepts the secret through HTTP Basic as well', async () => {
    const basic = Buffer.from(`${emu.env.FABRIC_CLIENT_ID}:${emu.env.FABRIC_CLIENT_SECRET}`).toString(
      'base64',
    );
    const res = await httpsRequest(tokenUrl(), {
      method: 'POST',
      ca: emu.caCertPem,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: STORAGE_SCOPE }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
  });

  it('interactive sign-in: acquireTokenInteractive with PKCE and form_post, then refresh', async () => {
    const pca = new PublicClientApplication({
      auth: {
        clientId: emu.env.FABRIC_CLIENT_ID,
        authority: `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}`,
        knownAuthorities: [new URL(emu.env.FABRIC_AUTHORITY_URL).host],
      },
      system: { networkClient: new CaTrustingNetworkClient(emu.caCertPem) },
    });
    let authorizeUrl = '';
    let loopback: { status: number; body: string } | undefined;
    const result = await pca.acquireTokenInteractive({
      scopes: [FABRIC_SCOPE],
      successTemplate: 'signed in',
      openBrowser: async (url) => {
        authorizeUrl = url;
        loopback = await followFormPost(url, emu.caCertPem);
      },
    });
    const q = new URL(authorizeUrl).searchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('response_mode')).toBe('form_post');
    expect(loopback).toEqual({ status: 200, body: 'signed in' });
    expect(result.account?.username).toBe(emu.env.OWNER_UPN);
    expect(result.account?.homeAccountId).toBe(`${emu.env.OWNER_OBJECT_ID}.${emu.env.FABRIC_TENANT_ID}`);
    // msal-node 7 sends no nonce on this flow; the id_token carries one only when asked (tested below).
    expect((result.idTokenClaims as { nonce?: string }).nonce).toBe(q.get('nonce') ?? undefined);
    expect(result.idTokenClaims).toMatchObject({
      aud: emu.env.FABRIC_CLIENT_ID,
      tid: emu.env.FABRIC_TENANT_ID,
    });
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: 'https://api.fabric.microsoft.com',
      oid: emu.env.OWNER_OBJECT_ID,
      upn: emu.env.OWNER_UPN,
    });

    // The user token works against the Job Scheduler.
    const list = await fabricCall(emu, 'GET', `${pipelinePath(emu)}/instances`, {
      token: result.accessToken,
    });
    expect(list.status).toBe(200);

    // Silent with forceRefresh redeems the refresh token for a new access token, for another resource too.
    const before = emu.requests.count({ service: 'token', method: 'POST' });
    const refreshed = await pca.acquireTokenSilent({
      account: result.account!,
      scopes: [STORAGE_SCOPE],
      forceRefresh: true,
    });
    expect(decodeJwt(refreshed.accessToken).aud).toBe('https://storage.azure.com');
    expect(emu.requests.count({ service: 'token', method: 'POST' })).toBe(before + 1);
  });

  const redirect = 'http://localhost:51234';

  async function authorizeCode(challenge: string, extra: Record<string, string> = {}): Promise<string> {
    const authorize = new URL(
      `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/oauth2/v2.0/authorize`,
    );
    const params = {
      client_id: emu.env.FABRIC_CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirect,
      scope: `${FABRIC_SCOPE} openid offline_access`,
      state: 's1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    };
    for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
    const page = await httpsRequest(authorize.toString(), { ca: emu.caCertPem });
    expect(page.status).toBe(302); // no response_mode=form_post: query redirect
    const back = new URL(String(page.headers.location));
    expect(back.searchParams.get('state')).toBe('s1');
    return back.searchParams.get('code') ?? '';
  }

  it('a code redeemed with the right verifier yields an id_token carrying the nonce', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorizeCode(createHash('sha256').update(verifier).digest('base64url'), {
      nonce: 'n-123',
    });
    const res = await postForm(tokenUrl(), {
      grant_type: 'authorization_code',
      client_id: emu.env.FABRIC_CLIENT_ID,
      code,
      redirect_uri: redirect,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    const body = res.json<Record<string, string>>();
    expect(Object.keys(body).sort()).toEqual(
      [
        'access_token',
        'client_info',
        'expires_in',
        'ext_expires_in',
        'id_token',
        'refresh_token',
        'scope',
        'token_type',
      ].sort(),
    );
    expect(decodeJwt(body.id_token ?? '')).toMatchObject({
      nonce: 'n-123',
      preferred_username: emu.env.OWNER_UPN,
    });
    expect(JSON.parse(Buffer.from(body.client_info ?? '', 'base64url').toString())).toEqual({
      uid: emu.env.OWNER_OBJECT_ID,
      utid: emu.env.FABRIC_TENANT_ID,
    });
  });

  it('the token endpoint rejects a code_verifier that does not match the code_challenge', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorizeCode(createHash('sha256').update(verifier).digest('base64url'));
    const form = {
      grant_type: 'authorization_code',
      client_id: emu.env.FABRIC_CLIENT_ID,
      code,
      redirect_uri: redirect,
    };
    const wrong = await postForm(tokenUrl(), {
      ...form,
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    // Codes are single use: even the right verifier cannot redeem it now.
    const reuse = await postForm(tokenUrl(), { ...form, code_verifier: verifier });
    expect(reuse.json()).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });

  it('the authorize endpoint refuses a non-loopback redirect_uri with an error page', async () => {
    const url = `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/oauth2/v2.0/authorize?client_id=${emu.env.FABRIC_CLIENT_ID}&response_type=code&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&code_challenge=x&code_challenge_method=S256`;
    const page = await httpsRequest(url, { ca: emu.caCertPem });
    expect(page.status).toBe(400);
    expect(page.text).toContain('AADSTS50011');
  });

  it('serves OpenID metadata whose endpoints point at the emulator', async () => {
    const res = await httpsRequest(
      `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      { ca: emu.caCertPem },
    );
    expect(res.json()).toMatchObject({
      token_endpoint: tokenUrl(),
      authorization_endpoint: `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/oauth2/v2.0/authorize`,
      issuer: `${emu.env.FABRIC_AUTHORITY_URL}/${emu.env.FABRIC_TENANT_ID}/v2.0`,
    });
  });
});
