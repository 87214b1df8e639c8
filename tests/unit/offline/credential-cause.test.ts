import { afterEach, describe, expect, it } from 'vitest';
import {
  causeOf,
  createConnectivityMonitor,
  isCredentialProblem,
  type ConnectivityMonitor,
} from '../../../src/main/offline/connectivity';
import { isUnreachable } from '../../../src/main/offline/offline-runs';
import { AuthError } from '@azure/msal-node';
import { mapEntraError } from '../../../src/main/fabric/auth/entra-errors';
import { AppError } from '../../../src/shared/contract/errors';
import type { Connectivity } from '../../../src/shared/contract/connectivity';

// How a failure to open the run backend is classified: credentials (only Settings mends them: a missing or
// refused client secret) versus a server out of reach (waiting mends it) versus anything else (its own error).

const missingSecret = new AppError(
  'FABRIC_AUTH',
  'The profile "Contoso" has no client secret: it is not in the keychain.',
  'Open Settings → Profiles to enter it.',
);
const refused = Object.assign(new Error('ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('credential failures versus unreachable servers', () => {
  it('a missing client secret is a credential problem, not a network one', () => {
    expect(isCredentialProblem(missingSecret)).toBe(true);
    expect(isUnreachable(missingSecret)).toBe(false);
    expect(causeOf(missingSecret)).toBe('credentials');
  });

  it('a secret refused by Entra ID (AADSTS7000215) is a credential problem', () => {
    const e = mapEntraError(
      new AuthError('invalid_client', 'AADSTS7000215: Invalid client secret provided.'),
    );
    expect(e.code).toBe('FABRIC_AUTH');
    expect(isCredentialProblem(e)).toBe(true);
    expect(causeOf(e)).toBe('credentials');
  });

  it('a keychain that does not answer (locked) is a credential problem', () => {
    const locked = new AppError('KEYCHAIN_UNAVAILABLE', 'The keychain did not answer within 5000 ms.');
    expect(isCredentialProblem(locked)).toBe(true);
    expect(causeOf(locked)).toBe('credentials');
  });

  it('a closed port is unreachable; other errors are neither', () => {
    expect(isUnreachable(refused)).toBe(true);
    expect(isCredentialProblem(refused)).toBe(false);
    expect(causeOf(refused)).toBe('unreachable');
    const permission = new AppError('FABRIC_PERMISSION', 'No access to the workspace.');
    expect(isCredentialProblem(permission)).toBe(false);
    expect(isUnreachable(permission)).toBe(false);
    expect(isCredentialProblem(new Error('has no client secret'))).toBe(false);
  });
});

describe('connectivity monitor with a credential cause', () => {
  let monitor: ConnectivityMonitor | null = null;
  afterEach(() => monitor?.close());

  it('keeps the cause while probes fail for want of the secret and drops it when the probe passes', async () => {
    let secret = false;
    const seen: Connectivity[] = [];
    monitor = createConnectivityMonitor({
      probe: async () => {
        if (!secret) throw missingSecret;
      },
      sync: async () => undefined,
      lastSyncAt: async () => null,
      onChange: (s) => seen.push(s),
      backoff: { firstMs: 10, maxMs: 20 },
    });
    monitor.reportFailure(missingSecret);
    expect(monitor.get()).toMatchObject({
      online: false,
      fabric: 'unreachable',
      cause: 'credentials',
      reason: expect.stringContaining('"Contoso"'),
    });
    // a failed probe keeps saying why
    await new Promise((r) => setTimeout(r, 40));
    expect(monitor.get().cause).toBe('credentials');
    secret = true;
    monitor.retryNow();
    for (let i = 0; i < 100 && !monitor.get().online; i++) await new Promise((r) => setTimeout(r, 10));
    expect(monitor.get()).toMatchObject({ online: true, reason: null });
    expect(monitor.get().cause).toBeUndefined();
    expect(seen.some((s) => s.cause === 'credentials')).toBe(true);
  });
});
