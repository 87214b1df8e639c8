import { describe, expect, it } from 'vitest';
import { explainedByBanner } from '../../../../src/renderer/src/components/explained-by-banner';
import type { Connectivity } from '../../../../src/shared/contract/connectivity';

const online: Connectivity = {
  online: true,
  database: 'reachable',
  fabric: 'reachable',
  since: null,
  lastSyncAt: null,
  reason: null,
  nextAttemptAt: null,
};
const offline: Connectivity = {
  ...online,
  online: false,
  database: 'unreachable',
  since: '2026-11-26T22:00:00.000Z',
  reason: 'The PostgreSQL server is not reachable.',
  cause: 'unreachable',
};
const signedOut: Connectivity = {
  ...offline,
  database: 'unknown',
  fabric: 'unreachable',
  cause: 'credentials',
};
const auth = { code: 'FABRIC_AUTH', message: 'The profile "X" has no client secret.' } as const;
const off = { code: 'OFFLINE', message: 'The run list is not available offline.' } as const;

describe('errors the offline banner already explains', () => {
  it('are quiet notes only while the banner shows the same cause', () => {
    expect(explainedByBanner(auth, signedOut)).toBe('Not available while signed out');
    expect(explainedByBanner(off, offline)).toBe('Not available offline');
    expect(explainedByBanner({ code: 'DB_UNAVAILABLE', message: 'x' }, offline)).toBe(
      'Not available offline',
    );
  });

  it('stay errors when online, before the first status, or for another cause', () => {
    expect(explainedByBanner(auth, online)).toBeNull();
    expect(explainedByBanner(off, null)).toBeNull();
    // a refused secret while the app is merely offline is its own problem
    expect(explainedByBanner(auth, offline)).toBeNull();
    expect(explainedByBanner({ code: 'INPUT_INVALID', message: 'damaged' }, signedOut)).toBeNull();
  });
});
