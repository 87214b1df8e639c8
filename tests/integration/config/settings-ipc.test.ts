import { afterAll, describe, expect, it } from 'vitest';
import type { EventPayload, Result } from '../../../src/shared/contract';
import { composeTestApp } from '../../support/composed-app';

// The settings channels through the real composition root and router: input and output validation against
// the contract, the profiles.changed event, the keychain part of app.health and the active profile in app.info.

const G = (n: number) => `${String(n).repeat(8)}-1111-2222-3333-444444444444`;
const portal = await composeTestApp({ tempPrefix: 'portal-settings-ipc-' });
const { app } = portal;
const createdIds: string[] = [];

afterAll(async () => {
  for (const id of createdIds) await portal.dispatch('profiles.delete', { id });
  await portal.dispose();
});

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = (await portal.dispatch(channel, input)) as Result<T>;
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('settings over IPC', () => {
  it('imports a secrets.toml and saves it without a secret ever crossing the boundary', async () => {
    const changes: EventPayload<'profiles.changed'>[] = [];
    const off = app.events.on('profiles.changed', (p) => changes.push(p));
    const toml = `FABRIC_TENANT_ID = "${G(1)}"\nFABRIC_CLIENT_ID = "${G(2)}"\nFABRIC_CLIENT_SECRET = "ipc-client-secret"\nFABRIC_WORKSPACE_ID = "${G(3)}"\nFABRIC_PIPELINE_ID = "${G(4)}"\nFABRIC_LAKEHOUSE_ID = "${G(5)}"\n[postgres]\nhost = "db"\ndatabase = "portal"\nuser = "app"\npassword = "ipc-pg-password"\n`;
    const imported = await call<{ importId: string; secretsFound: string[] }>('profiles.importSecretsToml', {
      content: toml,
    });
    expect(imported.secretsFound).toEqual(['FABRIC_CLIENT_SECRET', 'PG_PASSWORD']);

    const saved = await call<{ profile: { id: string }; secrets: Array<{ isSet: boolean }> }>(
      'profiles.save',
      {
        profile: {
          name: 'IPC',
          tenantId: G(1),
          clientId: G(2),
          workspaceId: G(3),
          pipelineId: G(4),
          lakehouseId: G(5),
          postgres: { host: 'db', database: 'portal', user: 'app' },
        },
        importId: imported.importId,
      },
    );
    createdIds.push(saved.profile.id);
    expect(saved.secrets.map((s) => s.isSet)).toEqual([true, true]);

    await call('profiles.activate', { id: saved.profile.id });
    const info = await call<{ activeProfile: unknown }>('app.info', {});
    expect(info.activeProfile).toEqual({ id: saved.profile.id, name: 'IPC', kind: 'fabric' });
    off();

    const everything = JSON.stringify([
      imported,
      saved,
      changes,
      await call('profiles.list', {}),
      await call('secrets.status', { profileId: saved.profile.id }),
    ]);
    expect(everything).not.toMatch(/ipc-client-secret|ipc-pg-password/);
    expect(changes.map((c) => c.activeProfileId)).toEqual(['demo', saved.profile.id]);
  });

  it('refuses oversized and malformed inputs with VALIDATION', async () => {
    const big = await portal.dispatch('profiles.importSecretsToml', { content: 'x'.repeat(64 * 1024 + 1) });
    expect(big.ok || big.error.code).toBe('VALIDATION');
    const extra = await portal.dispatch('secrets.set', {
      profileId: 'demo',
      name: 'PG_PASSWORD',
      value: 'v',
      also: 1,
    });
    expect(extra.ok || extra.error.code).toBe('VALIDATION');
    const badName = await portal.dispatch('secrets.clear', { profileId: 'demo', name: 'MSAL_TOKEN_CACHE' });
    expect(badName.ok || badName.error.code).toBe('VALIDATION');
    const badToml = await portal.dispatch('profiles.importSecretsToml', { content: 'a = "open' });
    expect(badToml.ok || badToml.error).toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/line 1, column/),
    });
  });

  it('reports the keychain state in app.health and config.keychainStatus alike', async () => {
    const status = await call<{ storage: string; message: string }>('config.keychainStatus', {});
    const health = await call<{ keychain: { status: string; message: string } }>('app.health', {});
    expect(health.keychain).toMatchObject({
      status: status.storage === 'keychain' ? 'ok' : 'degraded',
      message: status.message,
    });
    const rechecked = await call<{ storage: string }>('config.keychainStatus', { recheck: true });
    expect(rechecked.storage).toBe(status.storage);
  });
});
