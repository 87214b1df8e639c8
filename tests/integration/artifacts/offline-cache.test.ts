import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator';
import {
  ArtifactCache,
  type DownloadProgress,
  type OneLakeSourceProvider,
} from '../../../src/main/artifacts/artifact-cache';
import { ArtifactReader } from '../../../src/main/artifacts/artifact-reader';
import { readParquetColumns } from '../../../src/main/artifacts/parquet-source';
import { localTableEngine, type TableEngineFactory } from '../../../src/main/artifacts/table-engine';
import { TableQueryEngine } from '../../../src/main/artifacts/table-query';
import { workerTableEngine } from '../../../src/main/artifacts/worker-table-engine';
import { createFabricClients, type FabricClients } from '../../../src/main/fabric';
import type { TableProgress } from '../../../src/shared/contract/artifacts';
import { AppError } from '../../../src/shared/contract/errors';
import { emulatorProfile } from '../fabric/emulator-profile';
import { engineRuns } from './support';

// The cache against the real thing: engine output in the emulator's lakehouse, downloaded over HTTPS with
// the real DataLake client, then read with the emulator stopped.

const PROFILE = 'emu-profile';
let lake: string;
let dataDir: string;
let emu: Emulator | null = null;
let clients: FabricClients | null = null;
let runIds: string[];

const offline: OneLakeSourceProvider = async () => {
  throw new AppError('OFFLINE', 'The lakehouse cannot be reached (emulator stopped).');
};
const online: OneLakeSourceProvider = async () => {
  if (!clients) return offline();
  return { profileId: PROFILE, onelake: clients.onelake };
};

async function startOnline(): Promise<void> {
  emu = await startEmulator({ port: 0, lakehouseDir: lake });
  clients = createFabricClients(emulatorProfile(emu), { retry: { maxAttempts: 2, baseDelayMs: 10 } });
}
async function goOffline(): Promise<void> {
  clients?.close();
  clients = null;
  await emu?.stop();
  emu = null;
}

function newCache(source: OneLakeSourceProvider, progress?: DownloadProgress[]): ArtifactCache {
  return new ArtifactCache({
    dataDir,
    source,
    activeProfileId: () => PROFILE,
    ...(progress ? { onProgress: (p: DownloadProgress) => progress.push(p) } : {}),
  });
}

const lakeFile = (runId: string, name: string): string => join(lake, 'Files/results/runs', runId, name);
const firstPageFromLake = async (runId: string) =>
  new TableQueryEngine(
    await readParquetColumns(await readFile(lakeFile(runId, 'sales_cleaned.parquet'))),
  ).query({
    offset: 0,
    limit: 100,
    sort: [],
    filters: [],
  }).rows;

beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'artifacts-lake-'));
  dataDir = await mkdtemp(join(tmpdir(), 'artifacts-data-'));
  runIds = await engineRuns(lake, 3);
  await startOnline();
});
afterAll(async () => {
  await goOffline();
  await rm(lake, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('offline cache against the emulator', () => {
  it('downloads two runs with progress, then opens both offline with the same KPIs and first page', async () => {
    const progress: DownloadProgress[] = [];
    const cache = newCache(online, progress);
    await cache.init();
    const result = await cache.makeAvailable({ runIds: runIds.slice(0, 2) });
    expect(result.runs.map((r) => r.state)).toEqual(['downloaded', 'downloaded']);
    for (const runId of runIds.slice(0, 2)) {
      const mine = progress.filter((p) => p.runId === runId);
      const last = mine.at(-1);
      expect(last?.state).toBe('done');
      expect(last?.bytesDone).toBe(last?.bytesTotal);
      expect(last?.bytesTotal).toBe(result.runs.find((r) => r.runId === runId)?.bytes);
      const manifest = JSON.parse(
        await readFile(join(dataDir, 'cache', PROFILE, runId, 'manifest.json'), 'utf8'),
      );
      expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual([
        'import_profile.json',
        'kpis.json',
        'run_metadata.json',
        'sales_cleaned.csv',
        'sales_cleaned.parquet',
      ]);
      for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // a cached run is never downloaded again
    const again = await cache.makeAvailable({ runIds: [runIds[0] as string] });
    expect(again.runs[0]?.state).toBe('already-cached');

    await goOffline();
    const reader = new ArtifactReader({ cache: newCache(offline), engines: localTableEngine });
    for (const runId of runIds.slice(0, 2)) {
      const summary = await reader.summary(runId);
      expect(summary.kpis).toEqual(JSON.parse(await readFile(lakeFile(runId, 'kpis.json'), 'utf8')));
      expect(summary.metadata.run_id).toBe(runId);
      const page = await reader.query({ runId, limit: 100 });
      expect(page.total).toBe(summary.kpis?.rows_valid);
      expect(page.rows).toEqual(await firstPageFromLake(runId));
      expect(page.columns[0]).toEqual({ name: 'order_id', type: 'string' });
    }
    await reader.close();
    const list = await newCache(offline).list();
    expect(list.runs.map((r) => r.runId).sort()).toEqual(runIds.slice(0, 2).sort());
    expect(list.totalBytes).toBe(list.runs.reduce((s, r) => s + r.sizeBytes, 0));
  });

  it('reports a flipped byte as damaged instead of showing it, and fetches it again when online', async () => {
    const runId = runIds[0] as string;
    const file = join(dataDir, 'cache', PROFILE, runId, 'sales_cleaned.parquet');
    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await writeFile(file, bytes);

    // a new session hashes every file at first open
    const reader = new ArtifactReader({ cache: newCache(offline), engines: localTableEngine });
    const err = await reader.query({ runId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INPUT_INVALID');
    expect((err as AppError).message).toMatch(/damaged: sales_cleaned\.parquet does not match/);
    expect((err as AppError).hint).toMatch(/downloaded again when the lakehouse can be reached/);
    await expect(newCache(offline).verify(runId)).resolves.toEqual({
      runId,
      ok: false,
      damaged: ['sales_cleaned.parquet'],
    });

    await startOnline();
    const cache = newCache(online);
    const healed = new ArtifactReader({ cache, engines: localTableEngine });
    const page = await healed.query({ runId, limit: 100 });
    expect(page.rows).toEqual(await firstPageFromLake(runId));
    expect(await readFile(file)).toEqual(await readFile(lakeFile(runId, 'sales_cleaned.parquet')));
    await expect(cache.verify(runId)).resolves.toMatchObject({ ok: true, damaged: [] });
    await healed.close();
  });

  it('refuses a truncated file even within a session that already verified the run', async () => {
    const runId = runIds[1] as string;
    const cache = newCache(offline);
    await cache.open(runId);
    const file = join(dataDir, 'cache', PROFILE, runId, 'kpis.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, 20));
    await expect(cache.open(runId)).rejects.toThrow(/damaged: kpis\.json/);
    await writeFile(file, text);
    await expect(cache.open(runId)).resolves.toMatchObject({ runId, origin: 'cache' });
  });

  it('sorts and filters a cached run in a worker thread', async () => {
    const runId = runIds[1] as string;
    const engines = workerTableEngine();
    const progress: TableProgress[] = [];
    const reader = new ArtifactReader({
      cache: newCache(offline),
      engines,
      onTableProgress: (p) => progress.push(p),
    });
    const local = new ArtifactReader({ cache: newCache(offline), engines: localTableEngine });
    const q = {
      runId,
      limit: 50,
      offset: 10,
      sort: [{ column: 'net_revenue', dir: 'desc' as const }],
      filters: [{ column: 'region', op: 'in' as const, value: ['EMEA', 'APAC'] }],
    };
    const viaWorker = await reader.query(q);
    expect(viaWorker.rows.length).toBeGreaterThan(0);
    // The worker told how far it read the whole table, then that it was ready.
    const total = (await reader.query({ runId, limit: 1 })).total;
    expect(progress.at(-1)).toEqual({ runId, rowsDone: total, rowsTotal: total, state: 'ready' });
    expect(progress.filter((p) => p.state === 'reading').at(-1)).toMatchObject({ rowsDone: total });
    expect(viaWorker).toEqual(await local.query(q));
    const revenue = viaWorker.rows.map(
      (r) => r[viaWorker.columns.findIndex((c) => c.name === 'net_revenue')],
    );
    expect(revenue).toEqual([...revenue].sort((a, b) => (b as number) - (a as number)));
    const bad = await reader
      .query({ ...q, filters: [{ column: 'nope', op: 'eq', value: 1 }] })
      .catch((e) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION' });
    await reader.close();
    await local.close();
  });

  it('serves file-order pages from the parquet before the table is decoded, identical to the decoded ones', async () => {
    const runId = runIds[1] as string;
    // the whole-table engine is held back, so every page below must come from the parquet row groups
    let releaseEngine = (): void => undefined;
    const gate = new Promise<void>((r) => (releaseEngine = r));
    const held: TableEngineFactory = async (file) => {
      await gate;
      return localTableEngine(file);
    };
    const fast = new ArtifactReader({ cache: newCache(offline), engines: held });
    const decoded = new ArtifactReader({ cache: newCache(offline), engines: localTableEngine });
    const total = (await decoded.query({ runId, limit: 1 })).total;
    for (const offset of [0, 137, total - 5, total, total + 1_000]) {
      const a = await fast.query({ runId, offset, limit: 500 });
      const b = await decoded.query({ runId, offset, limit: 500 });
      expect(a, `offset ${offset}`).toEqual(b);
    }
    expect((await fast.query({ runId, offset: total - 5, limit: 500 })).rows).toHaveLength(5);
    expect((await fast.query({ runId, offset: total + 1_000 })).offset).toBe(total);
    // A page asked for as the decoded table arrives (the parquet reader is closed under it) is still answered.
    const racing = fast.query({ runId, offset: 137, limit: 500 });
    releaseEngine();
    expect(await racing).toEqual(await decoded.query({ runId, offset: 137, limit: 500 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await fast.query({ runId, offset: 137, limit: 500 })).toEqual(
      await decoded.query({ runId, offset: 137, limit: 500 }),
    );
    await fast.close();
    await decoded.close();
  });

  it('at start, removes what a crash left in staging; a folder without a manifest is not a cached run', async () => {
    const leftover = join(dataDir, 'cache', '.staging', 'crashed-run-1234');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'sales_cleaned.parquet.partial'), 'half');
    const orphan = join(dataDir, 'cache', PROFILE, '00000000-0000-4000-8000-000000000001');
    await mkdir(orphan, { recursive: true });
    await writeFile(join(orphan, 'kpis.json'), '{}');
    const cache = newCache(offline);
    await cache.init();
    expect(await readdir(join(dataDir, 'cache', '.staging'))).toEqual([]);
    expect((await cache.list()).runs.map((r) => r.runId)).not.toContain(
      '00000000-0000-4000-8000-000000000001',
    );
    await expect(cache.open('00000000-0000-4000-8000-000000000001')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await rm(orphan, { recursive: true, force: true });
  });

  it('a download cut off half way leaves nothing that looks cached, and the next try succeeds', async () => {
    const runId = runIds[2] as string;
    emu?.faults.inject({
      service: 'onelake',
      method: 'GET',
      path: /sales_cleaned\.csv$/,
      times: 'always',
      action: { kind: 'drop' },
    });
    const progress: DownloadProgress[] = [];
    const cache = newCache(online, progress);
    const failed = await cache.makeAvailable({ runIds: [runId] });
    expect(failed.runs[0]).toMatchObject({ runId, state: 'failed', bytes: 0 });
    expect(failed.runs[0]?.error?.message).toBeTruthy();
    expect(progress.at(-1)?.state).toBe('failed');
    await expect(readdir(join(dataDir, 'cache', PROFILE))).resolves.not.toContain(runId);
    expect(await readdir(join(dataDir, 'cache', '.staging'))).toEqual([]);
    await expect(cache.open(runId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    emu?.faults.clear();
    // viewing a run that is not cached downloads it
    const reader = new ArtifactReader({ cache, engines: localTableEngine });
    const summary = await reader.summary(runId);
    expect(summary.kpis).toEqual(JSON.parse(await readFile(lakeFile(runId, 'kpis.json'), 'utf8')));
    await expect(cache.verify(runId)).resolves.toMatchObject({ ok: true });
    expect((await cache.makeAvailable({ runIds: [runId] })).runs[0]?.state).toBe('already-cached');
    await reader.close();
  });

  it('evicts the least recently opened runs to fit the limit, never an open one', async () => {
    let t = Date.parse('2030-01-01T00:00:00Z');
    const cache = new ArtifactCache({
      dataDir,
      source: offline,
      activeProfileId: () => PROFILE,
      now: () => new Date((t += 1000)),
    });
    const [a, b, c] = runIds as [string, string, string];
    const sizes = Object.fromEntries((await cache.list()).runs.map((r) => [r.runId, r.sizeBytes]));
    const reader = new ArtifactReader({ cache, engines: localTableEngine });
    await reader.query({ runId: c }); // c is open (pinned) and the most recently opened... then a, b
    await cache.open(a);
    await cache.open(b);
    // room for about one run: a (least recently opened of the closed ones) goes, then b; c stays open
    const limited = await cache.setLimit((sizes[c] as number) + 1);
    expect(limited.evicted).toEqual([a, b]);
    const left = await cache.list();
    expect(left.runs.map((r) => r.runId)).toEqual([c]);
    expect(left.limitBytes).toBe((sizes[c] as number) + 1);
    // a limit below the open run keeps it while open
    expect((await cache.setLimit(1)).evicted).toEqual([]);
    await reader.close();
    expect((await cache.setLimit(1)).evicted).toEqual([c]);
    expect(await newCache(offline).getLimit()).toBe(1);
  });

  it('a page asked while a run is removed waits for the removal and finds the run gone', async () => {
    const [runId] = await engineRuns(lake, 1);
    const cache = newCache(online);
    expect((await cache.makeAvailable({ runIds: [runId as string] })).runs[0]?.state).toBe('downloaded');
    const id = runId as string;
    await goOffline(); // so that a read after the removal cannot download the run again
    try {
      const reader = new ArtifactReader({ cache, engines: localTableEngine });
      expect((await reader.query({ runId: id, limit: 5 })).rows).toHaveLength(5);
      // A page asked once the run is closed but before its files are deleted (the renderer still had one
      // on its way): before, it re-opened the run, and the summary kept answering from memory afterwards.
      let page: Promise<unknown> = Promise.resolve();
      const removed = await reader.withRunClosed(id, async () => {
        page = reader.query({ runId: id, limit: 5 }).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 100));
        return cache.remove(id, 'cache');
      });
      expect(removed).toMatchObject({ removed: true });
      expect(await page).toMatchObject({ code: 'NOT_FOUND' });
      await expect(reader.summary(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await reader.close();
    } finally {
      await startOnline();
    }
  });
});
