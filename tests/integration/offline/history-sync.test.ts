import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { openDatabase } from '../../../src/main/db/open-database';
import { syncRunHistory, SYNC_PAGE_SIZE } from '../../../src/main/offline/history-sync';
import { createRunHistorySnapshot } from '../../../src/main/offline/run-history-snapshot';
import { publicRun, RunRepo } from '../../../src/main/runs/run-repo';
import type { RunList, RunListQuery } from '../../../src/shared/contract/runs';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// The offline run history keeps the whole history, not only the latest page: against real PostgreSQL with
// 650 runs, the first sync pages through all of them (never more than one page of 200 asked for at once),
// later syncs read only the runs changed since (overlap 0 here, so the counts are exact; the default
// overlap is covered by history-changes.test.ts), and the snapshot answers runs.list exactly as the
// database does.

const PROFILE = 'history-sync';
const RUNS = 650;
let tdb: TestDatabase;
let db: Db;
let repo: RunRepo;
let dataDir: string;
const asked: RunListQuery[] = [];

const list = async (q: RunListQuery): Promise<RunList> => {
  asked.push(q);
  const { runs, total } = await repo.list(q);
  return { runs: runs.map(publicRun), total, limit: q.limit, offset: q.offset };
};

/** Inserts runs created `minutesAgo[i]` minutes ago, all Completed; returns their ids newest first. */
async function insertRuns(count: number, startMinutesAgo: number): Promise<void> {
  await db.query(
    `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status,
                                       created_at, started_at, finished_at)
     SELECT gen_random_uuid(), 'Files/import/sales.xlsx', 'sales-' || g || '.xlsx', 'ann', 'LAPTOP-ANN',
            'Completed', now() - make_interval(mins => $2 + g), now() - make_interval(mins => $2 + g),
            now() - make_interval(mins => $2 + g) + interval '30 seconds'
       FROM generate_series(0, $1 - 1) AS g`,
    [count, startMinutesAgo],
  );
}

/** The run at position `index` of the newest-first list. */
async function runAt(index: number): Promise<string> {
  const [row] = await db.query<{ run_id: string }>(
    `SELECT run_id FROM public.pipeline_runs ORDER BY created_at DESC, run_id LIMIT 1 OFFSET $1`,
    [index],
  );
  return row!.run_id;
}

const setStatus = (runId: string, status: string): Promise<unknown> =>
  db.query(
    `UPDATE public.pipeline_runs SET status = $2, status_changed_at = now(),
            finished_at = CASE WHEN $2 = 'InProgress' THEN NULL ELSE now() END
      WHERE run_id = $1`,
    [runId, status],
  );

beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ db } = await openDatabase({ kind: 'pg', profile: tdb.profile }));
  repo = new RunRepo(db);
  dataDir = mkdtempSync(join(tmpdir(), 'portal-history-sync-'));
  await insertRuns(RUNS, 10);
}, 60_000);

afterAll(async () => {
  await db?.close();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Every page of the database's list and of the snapshot's, newest first, side by side. */
async function expectSameHistory(snapshot: ReturnType<typeof createRunHistorySnapshot>): Promise<void> {
  const { total } = await repo.list({ limit: 1, offset: 0, sort: 'createdAt', direction: 'desc' });
  for (let offset = 0; offset < total; offset += 200) {
    const q: RunListQuery = { limit: 200, offset, sort: 'createdAt', direction: 'desc' };
    const fromDb = await list(q);
    expect(await snapshot.list(PROFILE, q)).toEqual(fromDb);
  }
}

describe('run history sync (real PostgreSQL, more runs than one page)', () => {
  it('keeps every run, pages with bounded size, and syncs incrementally', async () => {
    // Two runs not finished yet when first seen: one near the top and one in the second page.
    const [near, deep] = [await runAt(5), await runAt(300)];
    await setStatus(near, 'InProgress');
    await setStatus(deep, 'InProgress');

    const snapshot = createRunHistorySnapshot({ dataDir });
    const sync = () => syncRunHistory({ list, snapshot, profileId: PROFILE, overlapMs: 0 });
    const first = await sync();
    expect(first).toEqual({ pages: 4, read: RUNS, changed: RUNS, removed: 0, full: true });
    expect(asked.every((q) => q.limit <= SYNC_PAGE_SIZE)).toBe(true);
    expect(await snapshot.fullSyncAt(PROFILE)).toEqual(expect.any(String));
    await expectSameHistory(snapshot);

    // While the app was away: both unfinished runs ended and three runs were added.
    await setStatus(near, 'Completed');
    await setStatus(deep, 'Failed');
    await insertRuns(3, 0);
    const lastSync = await snapshot.lastSyncAt(PROFILE);
    const second = await sync();
    // Only the runs changed since: the two that ended and the three new ones.
    expect(second).toEqual({ pages: 1, read: 5, changed: 5, removed: 0, full: false });
    expect((await snapshot.get(PROFILE, deep))?.status).toBe('Failed');
    expect(await snapshot.lastSyncAt(PROFILE)).not.toBe(lastSync);
    await expectSameHistory(snapshot);

    // Nothing changed: one page, holding only the runs of the newest change (the three inserted together;
    // the cursor keeps milliseconds, so a change in the same millisecond before them may come back too).
    const third = await sync();
    expect(third).toMatchObject({ pages: 1, changed: 0, removed: 0, full: false });
    expect(third.read).toBeGreaterThanOrEqual(3);
    expect(third.read).toBeLessThanOrEqual(5);

    // The history is on disk: a new app start reads all of it without the database.
    await snapshot.flush();
    const reopened = createRunHistorySnapshot({ dataDir });
    expect(
      (await reopened.list(PROFILE, { limit: 1, offset: 0, sort: 'createdAt', direction: 'desc' })).total,
    ).toBe(RUNS + 3);
    await expectSameHistory(reopened);
  }, 120_000);
});
