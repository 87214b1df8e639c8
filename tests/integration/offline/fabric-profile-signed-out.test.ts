import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/contract';
import { useRestartApps, withoutOffline } from '../../support/restart-apps';
import { SAMPLE_INPUT, until } from '../runs/harness';

// A Fabric profile whose client secret is gone at start (not in the keychain, or a new session without an
// OS keychain) with the servers up: the app opens read-only from the offline copy, says it is signed out
// and why, refuses actions with the credential error, and reconnects by itself once the secret is stored.

const { open, tempDir, startServers } = useRestartApps();

describe('a Fabric profile whose client secret is missing', () => {
  it('opens read-only from the offline copy, says why, and reconnects when the secret is stored', async () => {
    const servers = await startServers();
    const { secrets } = servers;
    const dataDir = tempDir('portal-signed-out-');

    // ---- online: one run completed through the emulator and made available offline
    const a = await open(dataDir);
    const profileId = await servers.saveProfile(a.call);
    const storage = (await a.call('config.keychainStatus', {})).storage;
    const profileName = (await a.call('profiles.list', {})).profiles.find((p) => p.id === profileId)!.name;
    const run = await a.call('runs.start', { inputPath: SAMPLE_INPUT });
    await until(
      async () => (await a.call('runs.get', { runId: run.runId })).status === 'Completed',
      'the Fabric run to complete in the emulator',
      150_000,
    );
    await a.call('cache.makeAvailable', { latest: 1 });
    const online = {
      list: await a.call('runs.list', {}),
      run: await a.call('runs.get', { runId: run.runId }),
      events: await a.call('runs.events', { runId: run.runId }),
      detail: await a.call('runs.detail', { runId: run.runId }),
      summary: await a.call('artifacts.summary', { runId: run.runId }),
    };
    // The secret leaves the keychain (a keychain reset, another machine's copy of the settings).
    await a.call('secrets.clear', { profileId, name: 'FABRIC_CLIENT_SECRET' });
    await a.dispose();

    // ---- the app starts again without the client secret; the servers are up
    const b = await open(dataDir);
    const changes: EventPayload<'connectivity.changed'>[] = [];
    b.app.events.on('connectivity.changed', (s) => changes.push(s));
    // Without an OS keychain the session lost the database password too; that one is entered again.
    if (storage === 'session')
      await b.call('secrets.set', { profileId, name: 'PG_PASSWORD', value: secrets.PG_PASSWORD });
    expect(
      (await b.call('secrets.status', { profileId })).find((s) => s.name === 'FABRIC_CLIENT_SECRET')?.isSet,
    ).toBe(false);

    const list = await b.call('runs.list', {});
    expect(list.offline).toBeDefined();
    expect(withoutOffline(list)).toEqual(withoutOffline(online.list));
    const signedOut = await b.call('connectivity.status', {});
    expect(signedOut).toMatchObject({
      online: false,
      cause: 'credentials',
      fabric: 'unreachable',
      reason: expect.stringContaining(`"${profileName}" has no client secret`),
    });
    expect(signedOut.reason).toMatch(/not in the keychain/);
    expect(withoutOffline(await b.call('runs.get', { runId: run.runId }))).toEqual(online.run);
    expect(withoutOffline(await b.call('runs.events', { runId: run.runId }))).toEqual(online.events);
    expect(withoutOffline(await b.call('runs.detail', { runId: run.runId }))).toEqual(online.detail);
    expect(await b.call('artifacts.summary', { runId: run.runId })).toEqual(online.summary);
    expect((await b.call('app.health', {})).fabric.status).toBe('down');

    for (const [channel, input] of [
      ['runs.start', { inputPath: SAMPLE_INPUT }],
      ['runs.cancel', { runId: run.runId }],
      ['runs.restore', { runId: run.runId }],
    ] as const) {
      await expect(b.call(channel, input as never)).rejects.toMatchObject({
        code: 'FABRIC_AUTH',
        message: expect.stringContaining(`"${profileName}" has no client secret`),
        hint: expect.stringMatching(/Settings → Profiles/),
      });
    }

    // ---- another analyst records a run meanwhile; then the secret is entered in Settings
    const otherRun = await servers.insertRunByAnotherAnalyst('bob (other laptop)');
    await b.call('secrets.set', {
      profileId,
      name: 'FABRIC_CLIENT_SECRET',
      value: secrets.FABRIC_CLIENT_SECRET,
    });
    const back = await until(
      async () => changes.find((s) => s.online && s.database === 'reachable'),
      'the app to reconnect once the secret is stored',
      60_000,
    );
    expect(back).toMatchObject({ online: true, reason: null });
    expect(back.cause).toBeUndefined();
    const after = await b.call('runs.list', {});
    expect(after.offline).toBeUndefined();
    expect(after.runs.map((r) => r.runId)).toEqual([otherRun, run.runId]);
    for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const)
      await b.call('secrets.clear', { profileId, name });
  }, 600_000);
});
