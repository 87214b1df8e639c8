import { AuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { entraFirstLine, mapEntraError } from '../../../src/main/fabric/auth/entra-errors';
import { MsalTransportError } from '../../../src/main/fabric/auth/msal-network-client';
import { FabricError, networkFailure } from '../../../src/main/fabric/errors';
import type { TokenProvider } from '../../../src/main/fabric/auth/token-provider';
import { causeOf, isCredentialProblem } from '../../../src/main/offline/connectivity';
import { isUnreachable } from '../../../src/main/offline/offline-runs';
import { credentialRefusal } from '../../../src/main/runs/backend-credentials';

// Which token failures mean "Entra ID refused this profile's credentials" (only a new secret in Settings
// mends it: the app says Signed out) and which mean "Entra is away or busy" (waiting mends it: the app keeps
// retrying and never says Signed out).

/** A token-endpoint error as MSAL 7 raises it: the Entra JSON folded into one errorMessage string. */
function entraAnswer(status: number, error: string, aadsts: number, description: string): ServerError {
  const trace = '0d4f1c2e-1111-4222-8333-444455556666';
  const correlation = '9a8b7c6d-1111-4222-8333-444455556666';
  const full = `AADSTS${aadsts}: ${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: 2026-11-27 00:40:00Z`;
  const msal = `Error(s): ${aadsts} - Timestamp: 2026-11-27 00:40:00Z - Description: ${full} - Correlation ID: ${correlation} - Trace ID: ${trace}`;
  return new ServerError(error, correlation, msal, '', String(aadsts), status);
}

const WRONG_SECRET =
  "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'c0ffee00-0000-4000-8000-000000000001'.";

describe('a credential Entra ID refuses is FABRIC_AUTH naming the profile and quoting Entra', () => {
  it('AADSTS7000215 (wrong secret): the profile, the code and Entra’s first line, with the Settings hint', () => {
    const e = mapEntraError(entraAnswer(401, 'invalid_client', 7000215, WRONG_SECRET), {
      profileName: 'Contoso production',
    });
    expect(e.code).toBe('FABRIC_AUTH');
    expect(e.message).toBe(
      `Entra ID refused the client secret of profile "Contoso production" (AADSTS7000215: ${WRONG_SECRET.replace(/\.$/, '')}).`,
    );
    expect(e.message).not.toMatch(/Trace ID|Correlation ID|Timestamp/);
    expect(e.hint).toMatch(/^Store a new secret in Settings → Profiles/);
    expect(e.details).toMatchObject({ status: 401, serviceCode: 'AADSTS7000215' });
    expect(isCredentialProblem(e)).toBe(true);
    expect(isUnreachable(e)).toBe(false);
    expect(causeOf(e)).toBe('credentials');
  });

  it('AADSTS7000222 (expired secret) and AADSTS700016 (unknown application) are refusals too', () => {
    const expired = mapEntraError(
      entraAnswer(401, 'invalid_client', 7000222, "The provided client secret keys for app 'x' are expired."),
      { profileName: 'P' },
    );
    expect(expired.code).toBe('FABRIC_AUTH');
    expect(expired.message).toBe(
      `Entra ID refused the client secret of profile "P": it has expired (AADSTS7000222: The provided client secret keys for app 'x' are expired).`,
    );
    expect(expired.hint).toMatch(/Create a new secret/);
    const unknownApp = mapEntraError(
      entraAnswer(400, 'unauthorized_client', 700016, "Application with identifier 'y' was not found."),
      { profileName: 'P' },
    );
    expect(unknownApp.code).toBe('FABRIC_AUTH');
    expect(unknownApp.message).toMatch(
      /^Entra ID does not know the client id of profile "P" in its tenant \(AADSTS700016: /,
    );
    expect(unknownApp.hint).toMatch(/FABRIC_CLIENT_ID/);
    expect([expired, unknownApp].map(causeOf)).toEqual(['credentials', 'credentials']);
  });

  it('any other invalid_client is a refusal; without a profile name it says "this profile"', () => {
    const e = mapEntraError(
      entraAnswer(401, 'invalid_client', 7000218, 'The request body must contain client_secret.'),
    );
    expect(e.code).toBe('FABRIC_AUTH');
    expect(e.message).toMatch(/^Entra ID refused the credentials of this profile \(AADSTS7000218: /);
    expect(causeOf(e)).toBe('credentials');
  });
});

describe('Entra ID away or busy is not a refusal', () => {
  it('AADSTS90033 temporarily_unavailable (503, and even when sent with 400) is FABRIC_HTTP, cause unreachable', () => {
    for (const status of [503, 400]) {
      const e = mapEntraError(
        entraAnswer(
          status,
          'temporarily_unavailable',
          90033,
          'A transient error has occurred. Please try again.',
        ),
        { profileName: 'P' },
      );
      expect(e.code).toBe('FABRIC_HTTP');
      expect(e.message).toContain('Entra ID could not issue a sign-in token right now');
      expect(e.message).toContain('AADSTS90033');
      expect(isCredentialProblem(e)).toBe(false);
      expect(causeOf(e)).toBe('unreachable');
    }
  });

  it('says the status and AADSTS code once, also when MSAL passes only Entra’s error number (no status)', () => {
    const withStatus = mapEntraError(
      entraAnswer(503, 'temporarily_unavailable', 90033, 'A transient error has occurred.'),
    );
    expect(withStatus.message).toBe(
      'Entra ID could not issue a sign-in token right now (503 temporarily_unavailable AADSTS90033).',
    );
    const bare = Object.assign(entraAnswer(503, 'temporarily_unavailable', 90033, 'A transient error.'), {
      errorCode: '90033',
      status: undefined,
    });
    expect(mapEntraError(bare).message).toBe(
      'Entra ID could not issue a sign-in token right now (AADSTS90033).',
    );
  });

  it('429 is FABRIC_THROTTLED; a 500 carrying invalid_client is still Entra failing, not a refusal', () => {
    const throttled = mapEntraError(entraAnswer(429, 'temporarily_unavailable', 90033, 'Too many requests.'));
    expect(throttled.code).toBe('FABRIC_THROTTLED');
    const broken = mapEntraError(entraAnswer(500, 'invalid_client', 7000215, WRONG_SECRET));
    expect(broken.code).toBe('FABRIC_HTTP');
    expect([throttled, broken].map(causeOf)).toEqual(['unreachable', 'unreachable']);
  });

  it('no connection to Entra is OFFLINE (unreachable); a fault that is not an Entra answer is INTERNAL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const offline = mapEntraError(
      new MsalTransportError(
        networkFailure(refused, '127.0.0.1:1', { action: 'get a sign-in token from Entra ID' }),
      ),
    );
    expect(offline.code).toBe('OFFLINE');
    expect(isUnreachable(offline)).toBe(true);
    expect(causeOf(offline)).toBe('unreachable');
    const bug = mapEntraError(new TypeError('x is undefined'));
    expect(bug.code).toBe('INTERNAL');
    expect(isCredentialProblem(bug)).toBe(false);
  });

  it('an AuthError without an Entra answer keeps its old meaning (FABRIC_AUTH with its code)', () => {
    const e = mapEntraError(new AuthError('invalid_grant', '', 'AADSTS70008: The code has expired.'));
    expect(e.code).toBe('FABRIC_AUTH');
    expect(e.message).toBe('Entra ID refused the sign-in (AADSTS70008).');
  });
});

describe('entraFirstLine', () => {
  it('takes the AADSTS line without the ids MSAL appends, and shortens a very long one', () => {
    expect(entraFirstLine(entraAnswer(401, 'invalid_client', 7000215, WRONG_SECRET).errorMessage)).toBe(
      `AADSTS7000215: ${WRONG_SECRET}`,
    );
    expect(entraFirstLine('Description: AADSTS1: short - Correlation ID: abc - Trace ID: def')).toBe(
      'AADSTS1: short',
    );
    const long = entraFirstLine(`AADSTS2: ${'x'.repeat(500)}`)!;
    expect(long.length).toBe(240);
    expect(long.endsWith('…')).toBe(true);
    expect(entraFirstLine('network_error')).toBeUndefined();
  });
});

describe('credentialRefusal: the verdict a backend waits for when it opens', () => {
  const provider = (getToken: TokenProvider['getToken']): TokenProvider => ({
    getToken,
    clear: () => undefined,
  });
  const refusal = new FabricError(
    'FABRIC_AUTH',
    'Entra ID refused the client secret of profile "P".',
    'Store…',
  );

  it('answers the refusal; a token, an outage or a busy Entra answer null', async () => {
    expect(
      await credentialRefusal(
        provider(() => Promise.reject(refusal)),
        1_000,
      ),
    ).toBe(refusal);
    expect(
      await credentialRefusal(
        provider(async () => ({ token: 't', expiresOn: 0 })),
        1_000,
      ),
    ).toBeNull();
    const offline = new FabricError('OFFLINE', 'Entra ID cannot be reached.', undefined);
    expect(
      await credentialRefusal(
        provider(() => Promise.reject(offline)),
        1_000,
      ),
    ).toBeNull();
  });

  it('stops waiting after waitMs when Entra does not answer (the open goes on)', async () => {
    const started = Date.now();
    const verdict = await credentialRefusal(
      provider(() => new Promise(() => undefined)),
      50,
    );
    expect(verdict).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
