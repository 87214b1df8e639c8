import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunHistorySnapshot } from '../../../src/main/offline/run-history-snapshot';
import { RunListQuerySchema, type Run } from '../../../src/shared/contract/runs';

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'portal-snapshot-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

const run = (id: string, createdAt: string): Run => ({
  runId: id,
  jobInstanceId: null,
  inputPath: 'Files/import/a.xlsx',
  inputName: 'a.xlsx',
  inputSize: 1,
  inputSha256: null,
  parameters: {},
  requestedBy: 'ann',
  requestedHost: 'h',
  status: 'Completed',
  statusChangedAt: createdAt,
  createdAt,
  startedAt: null,
  finishedAt: createdAt,
  failure: null,
  kpisSource: null,
  hasKpis: true,
});
const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const ID3 = '33333333-3333-4333-8333-333333333333';
const all = RunListQuerySchema.parse({});

describe('run-history snapshot', () => {
  it('keeps runs and events per profile on disk, without offline markers, and the sync time', async () => {
    const a = createRunHistorySnapshot({ dataDir: dir, now: () => new Date('2026-02-01T00:00:00Z') });
    await a.recordRuns('demo', [run(ID1, '2026-01-01T00:00:00Z')], { synced: true });
    await a.recordRun('demo', { ...run(ID2, '2026-01-02T00:00:00Z'), offline: { x: 1 } } as unknown as Run);
    await a.recordEvents('demo', ID1, []);
    await a.recordRuns('other profile', [run(ID2, '2026-01-03T00:00:00Z')]);
    await a.flush();

    const b = createRunHistorySnapshot({ dataDir: dir });
    expect((await b.list('demo', all)).runs.map((r) => r.runId)).toEqual([ID2, ID1]);
    expect(await b.get('demo', ID2)).not.toHaveProperty('offline');
    expect(await b.events('demo', ID1, 10)).toEqual([]);
    expect(await b.events('demo', ID2, 10)).toBeNull();
    expect(await b.lastSyncAt('demo')).toBe('2026-02-01T00:00:00.000Z');
    expect((await b.list('other profile', all)).total).toBe(1);
    expect(await b.lastSyncAt('other profile')).toBeNull();
    // a profile id that is not a safe folder name is hashed
    expect((await readdir(join(dir, 'offline'))).sort()).toEqual([
      'demo',
      expect.stringMatching(/^p-[0-9a-f]{16}$/),
    ]);
  });

  it('sets a damaged file aside with a warning and starts again empty', async () => {
    await mkdir(join(dir, 'offline', 'demo'), { recursive: true });
    const file = join(dir, 'offline', 'demo', 'run-history.json');
    await writeFile(file, '{"formatVersion": 1, "runs": [tru');
    const warnings: string[] = [];
    const s = createRunHistorySnapshot({ dataDir: dir, warn: (m) => warnings.push(m) });
    expect((await s.list('demo', all)).total).toBe(0);
    expect(warnings[0]).toMatch(/could not be read .* moved to .*damaged-\d+ and starts again empty/);
    const names = await readdir(join(dir, 'offline', 'demo'));
    const aside = names.find((n) => n.includes('.damaged-'))!;
    await expect(readFile(join(dir, 'offline', 'demo', aside), 'utf8')).resolves.toContain('[tru');
    await s.recordRun('demo', run(ID1, '2026-01-01T00:00:00Z'));
    await s.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).runs[ID1].runId).toBe(ID1);
  });

  it('keeps the sync cursor, counts what is saved, and drops runs a full read did not see', async () => {
    const a = createRunHistorySnapshot({ dataDir: dir, now: () => new Date('2026-02-01T00:00:00Z') });
    expect(await a.coverage('demo')).toEqual({ count: 0, oldestCreatedAt: null });
    await a.recordRuns('demo', [
      run(ID1, '2026-01-01T00:00:00Z'),
      run(ID2, '2026-01-02T00:00:00Z'),
      run(ID3, '2026-01-03T00:00:00Z'),
    ]);
    await a.recordEvents('demo', ID1, []);
    expect(await a.coverage('demo')).toEqual({ count: 3, oldestCreatedAt: '2026-01-01T00:00:00Z' });
    expect(await a.fullSyncAt('demo')).toBeNull();
    expect(await a.syncCursor('demo')).toBeNull();
    await a.markSynced('demo', { full: false, cursor: '2026-01-05T00:00:00Z' });
    expect(await a.fullSyncAt('demo')).toBeNull();
    expect(await a.lastSyncAt('demo')).toBe('2026-02-01T00:00:00.000Z');
    await a.markSynced('demo', { full: true, cursor: null });
    expect(await a.fullSyncAt('demo')).toBe('2026-02-01T00:00:00.000Z');
    expect(await a.syncCursor('demo')).toBe('2026-01-05T00:00:00Z');
    // ID3 was created after the full read's newest run: it is kept although that read did not see it.
    expect(await a.removeUnseen('demo', new Set([ID2]), '2026-01-02T00:00:00Z')).toBe(1);
    expect(await a.get('demo', ID1)).toBeNull();
    expect(await a.events('demo', ID1, 10)).toBeNull();
    expect(await a.coverage('demo')).toEqual({ count: 2, oldestCreatedAt: '2026-01-02T00:00:00Z' });
    await a.flush();
    const b = createRunHistorySnapshot({ dataDir: dir });
    expect(await b.syncCursor('demo')).toBe('2026-01-05T00:00:00Z');
    expect((await b.list('demo', RunListQuerySchema.parse({}))).total).toBe(2);
  });
});
