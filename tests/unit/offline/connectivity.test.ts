import { afterEach, describe, expect, it } from 'vitest';
import { createConnectivityMonitor, type ConnectivityMonitor } from '../../../src/main/offline/connectivity';
import type { Connectivity } from '../../../src/shared/contract/connectivity';

let monitor: ConnectivityMonitor | null = null;
afterEach(() => monitor?.close());

const waitFor = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('connectivity monitor', () => {
  it('goes offline with the reason, retries with growing pauses, then syncs once when back', async () => {
    let up = false;
    let probes = 0;
    let syncs = 0;
    const seen: Connectivity[] = [];
    monitor = createConnectivityMonitor({
      probe: async () => {
        probes++;
        if (!up) throw new Error('connection refused');
      },
      sync: async () => void syncs++,
      lastSyncAt: async () => (syncs ? '2026-01-01T00:00:00.000Z' : null),
      onChange: (s) => seen.push(s),
      backoff: { firstMs: 10, maxMs: 40 },
    });
    monitor.reportOffline('The database cannot be reached.');
    expect(monitor.get()).toMatchObject({
      online: false,
      database: 'unreachable',
      reason: expect.any(String),
    });
    const since = monitor.get().since;
    expect(since).not.toBeNull();
    await waitFor(() => probes >= 3, 'three probes');
    expect(monitor.get()).toMatchObject({ online: false, since, reason: 'connection refused' });
    expect(syncs).toBe(0);

    up = true;
    await waitFor(() => monitor!.get().online, 'reconnect');
    await waitFor(() => monitor!.get().lastSyncAt !== null, 'the sync time');
    expect(syncs).toBe(1);
    expect(monitor.get()).toMatchObject({
      database: 'reachable',
      since: null,
      reason: null,
      nextAttemptAt: null,
    });
    expect(seen.some((s) => !s.online)).toBe(true);
    const probesWhenBack = probes;
    await new Promise((r) => setTimeout(r, 100));
    expect(probes).toBe(probesWhenBack);
  });

  it('keeps the first offline time across further failures, and retryNow probes at once', async () => {
    let probes = 0;
    monitor = createConnectivityMonitor({
      probe: async () => {
        probes++;
        throw new Error('still down');
      },
      sync: async () => undefined,
      lastSyncAt: async () => null,
      backoff: { firstMs: 60_000, maxMs: 60_000 },
    });
    monitor.reportOffline('first');
    const since = monitor.get().since;
    await new Promise((r) => setTimeout(r, 5));
    monitor.reportOffline('second');
    expect(monitor.get()).toMatchObject({ since, reason: 'second' });
    monitor.retryNow();
    await waitFor(() => probes === 1, 'an immediate probe');
    expect(monitor.get().nextAttemptAt).not.toBeNull();
  });
});
