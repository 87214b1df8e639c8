import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChannelOutput, EventPayload } from '../../../src/shared/contract';
import type { TestApp } from '../../support/composed-app';
import { useRestartApps, withoutOffline } from '../../support/restart-apps';
import { SAMPLE_INPUT, until } from '../runs/harness';

// The key offline test, main side: in the Demo profile two runs are made available offline, then
// the app restarts with its database unavailable (the PGlite folder is claimed by another live process, so
// it cannot be opened, exactly as when a second portal holds it). Both runs must still open with identical
// answers, marked offline; network actions answer OFFLINE; a damaged cached file is reported, not shown;
// when the folder is free again the app reconnects by itself. A bundle exported here opens in another data
// folder with identical content, and a tampered bundle is refused.

const { open, tempDir } = useRestartApps();
let holder: ChildProcess | null = null;
const compose = (dataDir: string, warmUp = true): Promise<TestApp> => open(dataDir, { warmUp });

afterAll(() => {
  holder?.kill();
});

describe('offline after a restart without the database (Demo profile)', () => {
  it('shows both downloaded runs with identical KPIs and first page, refuses actions, reconnects', async () => {
    const dataDir = tempDir('portal-offline-');
    const a = await compose(dataDir);
    const callA = a.call;

    // ---- online: two completed runs, made available offline, every page's reading taken once
    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      // A start whose POST lands on a keep-alive socket the emulator just closed ends Lost (outcome
      // unknown, no job in Fabric): a known race of the Fabric HTTP agent, not of this feature; a user would
      // press Start again, and so does this test, once.
      const run = await callA('runs.start', { inputPath: SAMPLE_INPUT }).catch((e: { message?: string }) => {
        if (!/marked Lost/.test(e.message ?? '')) throw e;
        return callA('runs.start', { inputPath: SAMPLE_INPUT });
      });
      await until(
        async () => (await callA('runs.get', { runId: run.runId })).status === 'Completed',
        `demo run ${i + 1} to complete`,
        150_000,
      );
      runIds.push(run.runId);
    }
    const made = await callA('cache.makeAvailable', { latest: 2 });
    expect(made.runs.map((r) => r.runId).sort()).toEqual([...runIds].sort());

    const online = {
      list: await callA('runs.list', {}),
      current: await callA('results.current', {}),
      restores: await callA('runs.restores', {}),
      perRun: new Map<string, Record<string, unknown>>(),
    };
    for (const runId of runIds) {
      online.perRun.set(runId, {
        run: await callA('runs.get', { runId }),
        events: await callA('runs.events', { runId }),
        detail: await callA('runs.detail', { runId }),
        results: await callA('results.current', { runId }),
        summary: await callA('artifacts.summary', { runId }),
        page: await callA('artifacts.query', { runId, limit: 50 }),
      });
    }
    expect(online.list.offline).toBeUndefined();
    expect(online.list.runs.map((r) => r.runId)).toEqual([runIds[1], runIds[0]]);
    const bundle = await callA('bundles.export', { runId: runIds[0]! });
    await a.dispose();

    // ---- restart with the database unavailable: another live process holds the PGlite folder
    holder = spawn('sleep', ['600'], { stdio: 'ignore' });
    writeFileSync(join(dataDir, 'demo', 'pgdata', 'portal-open.lock'), String(holder.pid));
    const b = await compose(dataDir);
    const callB = b.call;
    const changes: EventPayload<'connectivity.changed'>[] = [];
    b.app.events.on('connectivity.changed', (s) => changes.push(s));

    const list = await callB('runs.list', {});
    expect(list.offline).toMatchObject({ since: expect.any(String), lastSyncAt: expect.any(String) });
    expect(list.offline?.reason).toMatch(/already open in another Fabric Data Portal/);
    expect(withoutOffline(list)).toEqual(withoutOffline(online.list));
    const status = await callB('connectivity.status', {});
    expect(status).toMatchObject({ online: false, database: 'unreachable' });
    expect(status.lastSyncAt).toBe(list.offline?.lastSyncAt);
    expect((await callB('results.current', {})).kpis).toEqual(online.current.kpis);
    const restores = await callB('runs.restores', {});
    expect(restores.offline).toBeDefined();
    expect(withoutOffline(restores)).toEqual(online.restores);

    // A cached file damaged while the app was closed: reported, never shown as valid data.
    const damagedRun = runIds[1]!;
    const parquet = join(dataDir, 'cache', 'demo', damagedRun, 'sales_cleaned.parquet');
    const bytes = readFileSync(parquet);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(parquet, bytes);

    for (const runId of runIds) {
      const want = online.perRun.get(runId)!;
      const run = await callB('runs.get', { runId });
      expect(run.offline).toBeDefined();
      expect(withoutOffline(run)).toEqual(want.run);
      expect(withoutOffline(await callB('runs.events', { runId }))).toEqual(want.events);
      const detail = await callB('runs.detail', { runId });
      expect(detail.offline).toBeDefined();
      expect(withoutOffline(detail)).toEqual(want.detail);
      const results = await callB('results.current', { runId });
      expect(results.kpis).toEqual((want.results as ChannelOutput<'results.current'>).kpis);
      expect(results.kpis).not.toBeNull();
      if (runId === damagedRun) {
        await expect(callB('artifacts.query', { runId, limit: 50 })).rejects.toMatchObject({
          code: 'INPUT_INVALID',
          message: expect.stringMatching(/damaged.*sales_cleaned\.parquet.*not shown/),
        });
      } else {
        expect(await callB('artifacts.summary', { runId })).toEqual(want.summary);
        expect(await callB('artifacts.query', { runId, limit: 50 })).toEqual(want.page);
      }
    }

    // Network actions say why they cannot run now.
    for (const [channel, input] of [
      ['runs.start', { inputPath: SAMPLE_INPUT }],
      ['runs.cancel', { runId: runIds[0] }],
      ['runs.restore', { runId: runIds[0] }],
    ] as const) {
      await expect(b.send(channel, input)).rejects.toMatchObject({
        code: 'OFFLINE',
        message: expect.stringMatching(/needs the database and Fabric, and the app is offline since/),
        hint: expect.stringMatching(/reconnects by itself/),
      });
    }
    // A run the app never saw is not invented.
    await expect(callB('runs.get', { runId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(/not available offline/),
    });

    // ---- the folder is free again: the app reconnects by itself and syncs
    holder.kill();
    await new Promise((r) => holder!.once('exit', r));
    holder = null;
    await b.app.lifecycle.notify('online');
    const back = await until(
      async () => changes.find((c) => c.online && c.lastSyncAt !== status.lastSyncAt),
      'the app to reconnect and sync',
      150_000,
    );
    expect(back).toMatchObject({ online: true, database: 'reachable', since: null });
    const after = await callB('runs.list', {});
    expect(after.offline).toBeUndefined();
    expect(after.runs.map((r) => r.runId)).toEqual([runIds[1], runIds[0]]);
    // online again, the damaged file is fetched again and the page is the one seen before
    expect(await callB('artifacts.query', { runId: damagedRun, limit: 50 })).toEqual(
      online.perRun.get(damagedRun)!.page,
    );
    await b.dispose();

    // ---- the bundle in another app data folder, with no backend at all
    const c = await compose(tempDir('portal-offline-other-'), false);
    const callC = c.call;
    const opened = await callC('bundles.open', { path: bundle.path });
    expect(opened.runId).toBe(runIds[0]);
    const want = online.perRun.get(runIds[0]!)!;
    expect(await callC('artifacts.summary', { runId: runIds[0]! })).toEqual({
      ...(want.summary as object),
      origin: 'bundle',
    });
    expect(await callC('artifacts.query', { runId: runIds[0]!, limit: 50 })).toEqual(want.page);

    const tampered = join(tempDir('portal-offline-bundle-'), 'tampered.fdpbundle');
    const zip = readFileSync(bundle.path);
    zip[Math.floor(zip.length / 3)]! ^= 0x01;
    writeFileSync(tampered, zip);
    await expect(callC('bundles.open', { path: tampered })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/cannot be opened/),
    });
    const malformed = join(tempDir('portal-offline-bundle-'), 'notes.fdpbundle');
    writeFileSync(malformed, 'just some text, not a zip');
    await expect(callC('bundles.open', { path: malformed })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/not a zip archive/),
    });
  }, 600_000);
});
