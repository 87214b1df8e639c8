import { afterEach, describe, expect, it } from 'vitest';
import { createConnectivityMonitor, type ConnectivityMonitor } from '../../../src/main/offline/connectivity';
import { AppError } from '../../../src/shared/contract/errors';

// recheck(): the active profile's secrets changed while the app is online. A credential that is now refused
// or missing turns it "signed out" at once; any other failure is left for the next call to find.

const refused = new AppError(
  'FABRIC_AUTH',
  'Entra ID refused the client secret of profile "P" (AADSTS7000215: Invalid client secret provided).',
  'Store a new secret in Settings → Profiles.',
);

let monitor: ConnectivityMonitor | null = null;
afterEach(() => monitor?.close());

function online(probe: () => Promise<void>): ConnectivityMonitor {
  monitor = createConnectivityMonitor({
    probe,
    sync: async () => undefined,
    lastSyncAt: async () => null,
    backoff: { firstMs: 10_000, maxMs: 10_000 },
  });
  monitor.reportOnline();
  return monitor;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('connectivity recheck after the secrets changed', () => {
  it('a refused credential makes an online app signed out (cause credentials, Fabric part, the reason)', async () => {
    const m = online(() => Promise.reject(refused));
    await settle();
    expect(m.get().online).toBe(true);
    m.recheck();
    await settle();
    expect(m.get()).toMatchObject({
      online: false,
      fabric: 'unreachable',
      cause: 'credentials',
      reason: refused.message,
    });
    expect(m.get().since).not.toBeNull();
  });

  it('a database or network failure, or a passing probe, leaves an online app online', async () => {
    let failure: unknown = new AppError('DB_UNAVAILABLE', 'The PostgreSQL server is not reachable.');
    const m = online(() => (failure ? Promise.reject(failure) : Promise.resolve()));
    await settle();
    m.recheck();
    await settle();
    expect(m.get()).toMatchObject({ online: true, reason: null });
    failure = new AppError('FABRIC_HTTP', 'Entra ID could not issue a sign-in token right now (503).');
    m.recheck();
    await settle();
    expect(m.get().online).toBe(true);
    failure = null;
    m.recheck();
    await settle();
    expect(m.get()).toMatchObject({ online: true, reason: null });
  });

  it('offline, it probes at once like retryNow and goes online when the secret is right', async () => {
    let secretRight = false;
    const m = online(() => (secretRight ? Promise.resolve() : Promise.reject(refused)));
    m.reportOffline(refused.message, 'fabric', 'credentials');
    secretRight = true;
    m.recheck();
    await settle();
    expect(m.get()).toMatchObject({ online: true, reason: null });
    expect(m.get().cause).toBeUndefined();
  });
});
