import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFolder } from '../../../src/main/artifacts/cache-paths';
import { KpisSchema } from '../../../src/shared/artifacts';
import type { ChannelOutput, EventPayload } from '../../../src/shared/contract';
import type { Call } from '../../support/composed-app';
import { useRestartApps, withoutOffline } from '../../support/restart-apps';
import { SAMPLE_INPUT, until } from '../runs/harness';

// The key offline test with a Fabric profile whose servers go away: a standalone emulator process
// (src/emulator/cli.ts) and a PostgreSQL server of this test's own. Two runs are completed through the
// emulator and made available offline; then the emulator is killed and PostgreSQL stopped, and the app is
// composed again on the same data folder. Both runs must answer exactly as they did online, marked offline;
// network actions are refused with the reason; a damaged cached file is reported, not shown. When both
// servers are back the app reconnects by itself and syncs what changed meanwhile.

const { open, tempDir, startServers } = useRestartApps();

/** Where the app keeps this profile's secrets: the real OS keychain when one answers, else the session. */
async function secretsKeptIn(call: Call): Promise<'keychain' | 'session'> {
  return (await call('config.keychainStatus', {})).storage;
}

describe('offline with a Fabric profile whose servers are gone', () => {
  it('answers both downloaded runs from the copy, refuses actions, reports damage, reconnects by itself', async () => {
    const servers = await startServers();
    const { lakehouseDir, secrets } = servers;
    const dataDir = tempDir('portal-fabric-offline-');

    // ---- online: a Fabric profile aimed at the emulator and the private PostgreSQL server
    const a = await open(dataDir);
    const profileId = await servers.saveProfile(a.call);
    const storage = await secretsKeptIn(a.call);
    expect(
      (await a.call('secrets.status', { profileId })).every((s) => s.isSet && s.storage === storage),
    ).toBe(true);

    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await a.call('runs.start', { inputPath: SAMPLE_INPUT });
      await until(
        async () => (await a.call('runs.get', { runId: run.runId })).status === 'Completed',
        `Fabric run ${i + 1} to complete in the emulator`,
        150_000,
      );
      runIds.push(run.runId);
    }
    const made = await a.call('cache.makeAvailable', { latest: 2 });
    expect(made.runs.map((r) => r.runId).sort()).toEqual([...runIds].sort());

    const online = {
      list: await a.call('runs.list', {}),
      current: await a.call('results.current', {}),
      perRun: new Map<string, Record<string, unknown>>(),
    };
    expect(online.list.offline).toBeUndefined();
    expect(online.list.runs.map((r) => r.runId)).toEqual([runIds[1], runIds[0]]);
    for (const runId of runIds) {
      const summary = await a.call('artifacts.summary', { runId });
      // The KPIs shown are exactly the run's kpis.json in the lakehouse.
      const kpisJson = readFileSync(
        join(lakehouseDir, 'Files', 'results', 'runs', runId, 'kpis.json'),
        'utf8',
      );
      expect(summary.kpis).toEqual(KpisSchema.parse(JSON.parse(kpisJson)));
      online.perRun.set(runId, {
        run: await a.call('runs.get', { runId }),
        events: await a.call('runs.events', { runId }),
        detail: await a.call('runs.detail', { runId }),
        results: await a.call('results.current', { runId }),
        summary,
        page: await a.call('artifacts.query', { runId, limit: 50 }),
      });
    }
    const lastOnlineSync = (await a.call('connectivity.status', {})).lastSyncAt;
    expect(lastOnlineSync).toEqual(expect.any(String));
    await a.dispose();

    // ---- the servers are gone: the emulator killed, PostgreSQL stopped; the app starts again
    await servers.takeAway();
    const b = await open(dataDir);
    if (storage === 'session') {
      // Without an OS keychain the secrets lived in the old session: the user enters them again.
      for (const [name, value] of Object.entries(secrets))
        await b.call('secrets.set', { profileId, name: name as keyof typeof secrets, value });
    } else {
      // From the real keychain, nothing to enter again.
      expect((await b.call('secrets.status', { profileId })).every((s) => s.isSet)).toBe(true);
    }
    expect((await b.call('profiles.list', {})).activeProfileId).toBe(profileId);
    const offlineState = await until(
      async () => {
        const s = await b.call('connectivity.status', {});
        if (s.online && storage === 'session') {
          // The check at start ran before the secrets were entered again: the first page to ask finds out.
          await b.call('runs.list', {}).catch(() => undefined);
        }
        return s.online ? undefined : s;
      },
      'the app to notice the database is gone',
      60_000,
    );
    // Which part is gone: both (the emulator's port is closed too).
    const bothGone = await until(
      async () => {
        const s = await b.call('connectivity.status', {});
        return s.fabric === 'unreachable' ? s : undefined;
      },
      'Fabric to be reported unreachable',
      30_000,
    );
    expect(bothGone.database).toBe('unreachable');
    // ...and the header's health dots say the same.
    expect((await b.call('app.health', {})).fabric.status).toBe('down');
    expect((await b.call('app.health', {})).database.status).toBe('down');
    expect(offlineState).toMatchObject({
      online: false,
      database: 'unreachable',
      since: expect.any(String),
      lastSyncAt: lastOnlineSync,
      reason: expect.stringMatching(/PostgreSQL server at 127\.0\.0\.1:\d+ is not reachable/),
    });
    expect(Date.parse(offlineState.since!)).toBeGreaterThan(Date.parse(lastOnlineSync!));

    const list = await b.call('runs.list', {});
    expect(list.offline).toEqual({
      since: offlineState.since,
      lastSyncAt: lastOnlineSync,
      reason: expect.stringMatching(/\S/),
    });
    expect(withoutOffline(list)).toEqual(withoutOffline(online.list));
    expect((await b.call('results.current', {})).kpis).toEqual(online.current.kpis);

    for (const runId of runIds) {
      const want = online.perRun.get(runId)!;
      const run = await b.call('runs.get', { runId });
      expect(run.offline).toBeDefined();
      expect(withoutOffline(run)).toEqual(want.run);
      const events = await b.call('runs.events', { runId });
      expect(events.offline).toBeDefined();
      expect(withoutOffline(events)).toEqual(want.events);
      const detail = await b.call('runs.detail', { runId });
      expect(withoutOffline(detail)).toEqual(want.detail);
      const results = await b.call('results.current', { runId });
      expect(results.kpis).not.toBeNull();
      expect(results.kpis).toEqual((want.results as ChannelOutput<'results.current'>).kpis);
      const summary = await b.call('artifacts.summary', { runId });
      expect(summary).toEqual(want.summary);
      expect(summary.kpis).toEqual((want.summary as ChannelOutput<'artifacts.summary'>).kpis);
      expect(await b.call('artifacts.query', { runId, limit: 50 })).toEqual(want.page);
    }

    // Actions that need the servers say why they cannot run now.
    for (const [channel, input] of [
      ['runs.start', { inputPath: SAMPLE_INPUT }],
      ['runs.cancel', { runId: runIds[0] }],
      ['runs.restore', { runId: runIds[0] }],
    ] as const) {
      await expect(b.call(channel, input as never)).rejects.toMatchObject({
        code: 'OFFLINE',
        message: expect.stringMatching(/needs the database and Fabric, and the app is offline since/),
        hint: expect.stringMatching(/reconnects by itself/),
      });
    }
    await b.dispose();

    // ---- a cached file damaged while the app was closed: reported at the next (offline) start
    const damagedRun = runIds[0]!;
    const parquet = join(dataDir, 'cache', profileFolder(profileId), damagedRun, 'sales_cleaned.parquet');
    const bytes = readFileSync(parquet);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(parquet, bytes);
    const c = await open(dataDir);
    if (storage === 'session')
      for (const [name, value] of Object.entries(secrets))
        await c.call('secrets.set', { profileId, name: name as keyof typeof secrets, value });
    const changes: EventPayload<'connectivity.changed'>[] = [];
    c.app.events.on('connectivity.changed', (s) => changes.push(s));
    await until(
      async () =>
        !(await c.call('connectivity.status', {})).online ||
        (storage === 'session' && void (await c.call('runs.list', {}).catch(() => undefined))),
      'the offline state',
      60_000,
    );
    await expect(c.call('artifacts.query', { runId: damagedRun, limit: 50 })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/damaged.*sales_cleaned\.parquet.*not shown/),
    });
    expect(await c.call('cache.verify', { runId: damagedRun })).toEqual({
      runId: damagedRun,
      ok: false,
      damaged: ['sales_cleaned.parquet'],
    });
    // the other run is untouched
    expect(await c.call('artifacts.query', { runId: runIds[1]!, limit: 50 })).toEqual(
      online.perRun.get(runIds[1]!)!.page,
    );

    // ---- the servers come back (same addresses); a run was recorded by another analyst meanwhile
    await servers.bringBack();
    const otherRun = await servers.insertRunByAnotherAnalyst('bob (other laptop)');
    // No lifecycle 'online' and no retry: the reconnect loop finds the servers by itself.
    const back = await until(
      async () => changes.find((s) => s.online && s.lastSyncAt !== lastOnlineSync),
      'the app to reconnect and sync by itself',
      180_000,
    );
    expect(back).toMatchObject({ online: true, database: 'reachable', since: null, reason: null });
    await until(
      async () => (await c.call('connectivity.status', {})).fabric === 'reachable',
      'Fabric to be reported reachable again',
      30_000,
    );
    const after = await c.call('runs.list', {});
    expect(after.offline).toBeUndefined();
    expect(after.runs.map((r) => r.runId)).toEqual([otherRun, runIds[1], runIds[0]]);
    expect((await c.call('runs.get', { runId: otherRun })).requestedBy).toBe('bob (other laptop)');
    // Online again: the damaged file is fetched again from the lakehouse and shows the same page.
    expect(await c.call('artifacts.query', { runId: damagedRun, limit: 50 })).toEqual(
      online.perRun.get(damagedRun)!.page,
    );
    expect((await c.call('cache.verify', { runId: damagedRun })).ok).toBe(true);
    // The synced history (with the new run) is what a later offline start shows.
    const status = await c.call('connectivity.status', {});
    expect(Date.parse(status.lastSyncAt!)).toBeGreaterThan(Date.parse(lastOnlineSync!));
    const historyFile = join(dataDir, 'offline', profileFolder(profileId), 'run-history.json');
    await until(
      async () => readFileSync(historyFile, 'utf8').includes(otherRun),
      'the synced run history to be saved',
      10_000,
    );
    for (const name of ['FABRIC_CLIENT_SECRET', 'PG_PASSWORD'] as const)
      await c.call('secrets.clear', { profileId, name });
  }, 900_000);
});
