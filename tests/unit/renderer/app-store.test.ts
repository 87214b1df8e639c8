import { describe, expect, it } from 'vitest';
import type { AppInfo, Health } from '../../../src/shared/contract/app';
import { DEFAULT_UI_STATE } from '../../../src/shared/contract/ui-values';
import { createAppStore } from '../../../src/renderer/src/stores/app';
import { createUiStatePersister } from '../../../src/renderer/src/stores/ui-state-persister';
import { createFakePortal } from './fake-portal';

const part = (status: Health['fabric']['status']) => ({ status, message: status, checkedAt: null });
const health: Health = {
  fabric: part('ok'),
  onelake: part('ok'),
  database: part('down'),
  keychain: part('degraded'),
};
const info = (name: string): AppInfo => ({
  version: '0.1.0',
  host: 'preview',
  platform: 'linux',
  dataDir: '/tmp/x',
  activeProfile: { id: name, name, kind: 'demo' },
});

function setup(profileName = { current: 'Demo' }) {
  const fake = createFakePortal(({ channel }) => {
    if (channel === 'app.info') return { ok: true, value: info(profileName.current) };
    if (channel === 'app.health') return { ok: true, value: health };
    return { ok: true, value: DEFAULT_UI_STATE };
  });
  const persister = createUiStatePersister(fake.portal, () => undefined);
  const store = createAppStore({
    portal: fake.portal,
    initial: { ...DEFAULT_UI_STATE, lastPage: 'results' },
    persister,
  });
  return { ...fake, store };
}

describe('app store', () => {
  it('starts on the remembered page and saves a page change once, not a repeat of the same page', async () => {
    const { store, calls } = setup();
    expect(store.getState().page).toBe('results');
    store.getState().setPage('results');
    store.getState().setPage('archive');
    store.getState().setPage('archive');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().page).toBe('archive');
    expect(calls).toEqual([{ channel: 'ui.setState', input: { lastPage: 'archive' } }]);
  });

  it('keeps page preferences locally and sends only the changed key (null forgets it)', async () => {
    const { store, calls } = setup();
    store.getState().setPref('archive', 'status', 'failed');
    store.getState().setPref('archive', 'sort', 'startedAt');
    store.getState().setPref('archive', 'status', null);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().prefs).toEqual({ archive: { sort: 'startedAt' } });
    expect(calls.map((c) => c.input)).toEqual([
      { prefs: { archive: { status: 'failed' } } },
      { prefs: { archive: { sort: 'startedAt' } } },
      { prefs: { archive: { status: null } } },
    ]);
  });

  it('loads info and health, and follows health.changed and profile switches until disconnected', async () => {
    const profile = { current: 'Demo' };
    const { store, emit, listenerCount } = setup(profile);
    await Promise.all([store.getState().loadInfo(), store.getState().refreshHealth()]);
    expect(store.getState().info).toEqual({ status: 'ready', value: info('Demo') });
    expect(store.getState().health).toEqual({ status: 'ready', value: health });

    const disconnect = store.getState().connect();
    emit('health.changed', { ...health, database: part('ok') });
    expect(store.getState().health).toMatchObject({ status: 'ready', value: { database: { status: 'ok' } } });

    profile.current = 'Contoso';
    emit('profiles.changed', { profiles: [], activeProfileId: 'Contoso', notices: [] });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().info).toMatchObject({ value: { activeProfile: { name: 'Contoso' } } });

    disconnect();
    expect(listenerCount('health.changed')).toBe(0);
    expect(listenerCount('profiles.changed')).toBe(0);
  });

  it('shows a transport failure as an error state instead of throwing', async () => {
    const fake = createFakePortal(() => {
      throw new Error('socket closed');
    });
    const store = createAppStore({
      portal: fake.portal,
      initial: DEFAULT_UI_STATE,
      persister: createUiStatePersister(fake.portal, () => undefined),
    });
    await store.getState().loadInfo();
    const infoState = store.getState().info;
    expect(infoState).toMatchObject({ status: 'error', error: { code: 'INTERNAL' } });
    expect(infoState.status === 'error' ? infoState.error.message : '').toContain('socket closed');
  });
});
