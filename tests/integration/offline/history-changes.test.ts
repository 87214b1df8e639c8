import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { openDatabase } from '../../../src/main/db/open-database';
import { syncRunHistory, SYNC_OVERLAP_MS } from '../../../src/main/offline/history-sync';
import {
  createRunHistorySnapshot,
  type RunHistorySnapshot,
} from '../../../src/main/offline/run-history-snapshot';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { RestoreHistory } from '../../../src/main/runs/restore-history';
import { publicRun, RunRepo } from '../../../src/main/runs/run-repo';
import type { RunList, RunListQuery } from '../../../src/shared/contract/runs';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// What an incremental history sync must not miss, against real PostgreSQL with more runs than one page:
// a run already saved as finished that changes later (a status corrected, a restore recorded on it), a
// change whose transaction started before the previous sync but committed after it, and a run deleted on
// the server. And when nothing changed, a sync stays cheap: one short page of changes and one count.

const PROFILE = 'history-changes';
const RUNS = 250;
let tdb: TestDatabase;
let db: Db;
let repo: RunRepo;
let lock: RunLockRepo;
let dataDir: string;
let snapshot: RunHistorySnapshot;
const asked: RunListQuery[] = [];

const list = async (q: RunListQuery): Promise<RunList> => {
  asked.push(q);
  const { runs, total } = await repo.list(q);
  return { runs: runs.map(publicRun), total, limit: q.limit, offset: q.offset };
};
/** runs.restores as the offline wrapper answers it online: read from the database, saved in the snapshot. */
const restores = async (runId: string | null): Promise<void> => {
  const value = {
    restores: await new RestoreHistory(db).list(runId, 100),
    currentRunId: await repo.currentRunId(),
  };
  await snapshot.recordRestores(PROFILE, runId, value);
};
const sync = () => syncRunHistory({ list, snapshot, profileId: PROFILE, restores });

/** The run at `index` of the newest-first list. */
async function runAt(index: number): Promise<string> {
  const [row] = await db.query<{ run_id: string }>(
    `SELECT run_id FROM public.pipeline_runs ORDER BY created_at DESC, run_id LIMIT 1 OFFSET $1`,
    [index],
  );
  return row!.run_id;
}

async function expectSameHistory(): Promise<void> {
  const { total } = await repo.list({ limit: 1, offset: 0, sort: 'createdAt', direction: 'desc' });
  expect((await snapshot.coverage(PROFILE)).count).toBe(total);
  for (let offset = 0; offset < total; offset += 200) {
    const q: RunListQuery = { limit: 200, offset, sort: 'createdAt', direction: 'desc' };
    const { runs } = await repo.list(q);
    expect((await snapshot.list(PROFILE, q)).runs).toEqual(runs.map(publicRun));
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ db } = await openDatabase({ kind: 'pg', profile: tdb.profile }));
  repo = new RunRepo(db);
  lock = new RunLockRepo(db, { identity: { actor: 'ann', host: 'LAPTOP-ANN' } });
  dataDir = mkdtempSync(join(tmpdir(), 'portal-history-changes-'));
  snapshot = createRunHistorySnapshot({ dataDir });
  // Finished runs of the past days, 15 minutes apart (more than the sync's overlap); the second newest is Lost.
  await db.query(
    `INSERT INTO public.pipeline_runs (run_id, job_instance_id, input_path, input_name, requested_by,
                                       requested_host, status, created_at, started_at, finished_at, updated_at)
     SELECT gen_random_uuid(), gen_random_uuid()::text, 'Files/import/sales.xlsx', 'sales-' || g || '.xlsx',
            'ann', 'LAPTOP-ANN', CASE WHEN g = 1 THEN 'Lost' ELSE 'Completed' END,
            now() - make_interval(mins => 60 + 15 * g), now() - make_interval(mins => 60 + 15 * g),
            now() - make_interval(mins => 59 + 15 * g), now() - make_interval(mins => 59 + 15 * g)
       FROM generate_series(0, $1 - 1) AS g`,
    [RUNS],
  );
}, 60_000);

afterAll(async () => {
  await db?.close();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('incremental run history sync (real PostgreSQL)', () => {
  it('reads everything the first time', async () => {
    expect(await sync()).toEqual({ pages: 2, read: RUNS, changed: RUNS, removed: 0, full: true });
    await expectSameHistory();
  });

  it('sees a finished run corrected later and a restore recorded on an old run', async () => {
    const lost = await runAt(1);
    const old = await runAt(230); // beyond the first page
    expect((await snapshot.get(PROFILE, lost))?.status).toBe('Lost');
    const savedOld = await snapshot.get(PROFILE, old);
    // The Archive showed the restore history, and this run's, while online: both are saved (empty).
    await restores(null);
    await restores(old);
    // The Lost run is found in Fabric after all; an analyst restores the old run's results.
    expect(await lock.transition(lost, 'Lost', 'Completed', null, { message: 'found in Fabric' })).toBe(true);
    await repo.recordRestore({
      runId: old,
      previousRunId: await runAt(0),
      actor: 'ann',
      host: 'LAPTOP-ANN',
      reason: 'wrong file',
      data: {},
    });
    asked.length = 0;
    const result = await sync();
    // The two runs the restore names and the corrected one; one page of changes, then the count.
    expect(result).toEqual({ pages: 1, read: 3, changed: 3, removed: 0, full: false });
    expect(asked.map((q) => [q.limit, q.changedSince !== undefined, q.from !== undefined])).toEqual([
      [200, true, false],
      [1, false, true],
    ]);
    expect((await snapshot.get(PROFILE, lost))?.status).toBe('Completed');
    const newOld = await snapshot.get(PROFILE, old);
    expect(Date.parse(newOld!.updatedAt!)).toBeGreaterThan(Date.parse(savedOld!.updatedAt!));
    // The restore itself is in the saved restore lists, asked again because the run changed.
    for (const key of [null, old]) {
      const saved = await snapshot.restores(PROFILE, key);
      expect(saved?.restores.map((r) => [r.runId, r.reason])).toEqual([[old, 'wrong file']]);
      expect(saved?.currentRunId).toBe(old);
    }
    await expectSameHistory();
  });

  it('still reads one page when nothing changed', async () => {
    asked.length = 0;
    const result = await sync();
    // Only the runs changed within the overlap before the cursor come back, all unchanged.
    expect(result).toEqual({ pages: 1, read: 3, changed: 0, removed: 0, full: false });
    expect(asked).toHaveLength(2);
    expect(SYNC_OVERLAP_MS).toBeGreaterThanOrEqual(60_000);
  });

  it('sees a change whose transaction began before the last sync and committed after it', async () => {
    const slow = await runAt(120);
    const quick = await runAt(121);
    const client = await tdb.client();
    try {
      await client.query('BEGIN');
      // updated_at is this transaction's start time, earlier than the quick change below.
      await client.query(
        `UPDATE public.pipeline_runs SET failure = '{"code":"X","message":"late"}' WHERE run_id = $1`,
        [slow],
      );
      await new Promise((r) => setTimeout(r, 50));
      await repo.setFailure(quick, { code: 'Y', message: 'quick' });
      expect((await sync()).changed).toBe(1);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const result = await sync();
    expect(result.changed).toBe(1);
    expect((await snapshot.get(PROFILE, slow))?.failure?.message).toBe('late');
    await expectSameHistory();
  });

  it('drops a run deleted on the server (count check, then one full read)', async () => {
    const gone = await runAt(180);
    await db.query('DELETE FROM public.pipeline_runs WHERE run_id = $1', [gone]);
    const result = await sync();
    expect(result).toMatchObject({ removed: 1, full: true, changed: 0 });
    // One page of changes, then the full read (two pages).
    expect(result.pages).toBe(3);
    expect(await snapshot.get(PROFILE, gone)).toBeNull();
    await expectSameHistory();
    // Back to incremental: the counts agree again.
    expect(await sync()).toMatchObject({ full: false, removed: 0, pages: 1 });
    await snapshot.flush();
  });
});
