import { describe, expect, it } from 'vitest';
import type { RunNotifier } from '../../../../src/renderer/src/pages/monitor/browser-notifier';
import { createAppStore } from '../../../../src/renderer/src/stores/app';
import { createMonitorStore } from '../../../../src/renderer/src/stores/monitor';
import { createUiStatePersister } from '../../../../src/renderer/src/stores/ui-state-persister';
import type { LockStatus } from '../../../../src/shared/contract/runs';
import { DEFAULT_UI_STATE } from '../../../../src/shared/contract/ui-values';
import { createFakePortal } from '../fake-portal';

// A lock.changed pushed while the preview host's socket was down never arrives: on reconnect the app store
// (header badge, Import's lock notice) and the Monitor store read the lock again.

const RUN = '0f4be3ad-8648-45c1-9ae3-8e179839da7f';
const settle = () => new Promise((r) => setTimeout(r, 0));

const reading = (held: boolean): LockStatus => ({
  held,
  holderLabel: held ? 'anna@laptop-7' : null,
  runId: held ? RUN : null,
  acquiredAt: held ? '2026-11-26T17:00:00.000Z' : null,
  heartbeatAt: held ? '2026-11-26T17:00:05.000Z' : null,
  leaseUntil: held ? '2026-11-26T17:01:35.000Z' : null,
  lapsed: false,
  fencingToken: 7,
  monitor: null,
  now: '2026-11-26T17:00:06.000Z',
});

function setup() {
  const world = { held: false };
  const fake = createFakePortal(({ channel }) => {
    if (channel === 'lock.status') return { ok: true, value: reading(world.held) };
    if (channel === 'runs.list') return { ok: true, value: { runs: [], total: 0, limit: 8, offset: 0 } };
    if (channel === 'runs.stats')
      return { ok: true, value: { count: 0, medianMs: null, p90Ms: null, durationsMs: [] } };
    return { ok: true, value: DEFAULT_UI_STATE };
  });
  const reconnects = new Set<() => void>();
  const portal = {
    ...fake.portal,
    onReconnect: (cb: () => void) => {
      reconnects.add(cb);
      return () => void reconnects.delete(cb);
    },
  };
  const reconnect = () => reconnects.forEach((cb) => cb());
  const app = createAppStore({
    portal,
    initial: DEFAULT_UI_STATE,
    persister: createUiStatePersister(portal, () => undefined),
  });
  const notifier: RunNotifier = {
    permission: () => 'default',
    requestPermission: async () => 'default',
    show: () => undefined,
  };
  const monitor = createMonitorStore({ portal, notifier });
  return { world, app, monitor, reconnect, reconnects, calls: fake.calls };
}

describe('lock state after a reconnect', () => {
  it('is read again by the app store and Monitor, so a lock taken meanwhile shows', async () => {
    const { world, app, monitor, reconnect, calls } = setup();
    const offApp = app.getState().connect();
    const offMonitor = monitor.getState().connect();
    await app.getState().loadLock();
    await settle();
    expect(app.getState().lock).toEqual({ state: 'free' });

    // Taken while the socket was down: no lock.changed arrives.
    world.held = true;
    const before = calls.filter((c) => c.channel === 'lock.status').length;
    reconnect();
    await settle();
    await settle();
    expect(calls.filter((c) => c.channel === 'lock.status').length).toBeGreaterThanOrEqual(before + 2);
    expect(app.getState().lock).toEqual({
      state: 'held',
      holder: 'anna@laptop-7',
      runId: RUN,
      since: '2026-11-26T17:00:00.000Z',
      lapsed: false,
    });
    expect(monitor.getState().lock?.held).toBe(true);
    expect(calls.some((c) => c.channel === 'app.health')).toBe(true);
    offApp();
    offMonitor();
  });

  it('stops listening when the stores disconnect', () => {
    const { app, monitor, reconnects } = setup();
    const offApp = app.getState().connect();
    const offMonitor = monitor.getState().connect();
    expect(reconnects.size).toBe(2);
    offApp();
    offMonitor();
    expect(reconnects.size).toBe(0);
  });
});
