import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { migrate } from '../../../src/main/db/migrate';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { RunRepo } from '../../../src/main/runs/run-repo';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// runs.stats: the Monitor compares a run's elapsed time with the median and 90th percentile of the last N
// Completed runs (request to end), computed in SQL on both database engines.

async function insertRun(
  db: Db,
  status: string,
  durationSec: number,
  endedMinutesAgo: number,
): Promise<void> {
  await db.query(
    `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status,
                                       created_at, finished_at)
     VALUES ($1, 'Files/import/sales.xlsx', 'sales.xlsx', 'ann', 'LAPTOP-ANN', $2,
             now() - make_interval(mins => $3) - make_interval(secs => $4), now() - make_interval(mins => $3))`,
    [randomUUID(), status, endedMinutesAgo, durationSec],
  );
}

function statsCases(name: string, open: () => Promise<Db>): void {
  describe(`RunRepo.completedStats on ${name}`, () => {
    let db: Db;
    let repo: RunRepo;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      repo = new RunRepo(db);
    });
    afterAll(async () => {
      await db.close();
    });

    it('has no figures before any run completed', async () => {
      await insertRun(db, 'Failed', 5, 500);
      expect(await repo.completedStats(50)).toEqual({
        count: 0,
        medianMs: null,
        p90Ms: null,
        durationsMs: [],
      });
    });

    it('computes median and p90 over the newest Completed runs only, durations oldest first', async () => {
      // Oldest to newest: 100 s (falls out with limit 10), then 10, 20, ..., 100 s; Failed/Cancelled ignored.
      await insertRun(db, 'Completed', 100, 200);
      for (let i = 1; i <= 10; i++) await insertRun(db, 'Completed', i * 10, 100 - i);
      await insertRun(db, 'Cancelled', 1_000, 1);
      await insertRun(db, 'Failed', 2_000, 1);

      const ten = await repo.completedStats(10);
      expect(ten.count).toBe(10);
      expect(ten.durationsMs).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((s) => s * 1000));
      // percentile_cont interpolates: median of 10..100 is 55 s, p90 is 91 s.
      expect(ten.medianMs).toBe(55_000);
      expect(ten.p90Ms).toBe(91_000);

      const all = await repo.completedStats(50);
      expect(all.count).toBe(11);
      expect(all.durationsMs[0]).toBe(100_000);
      expect(all.medianMs).toBe(60_000);
    });

    it('leaves the shown run out of its own baseline', async () => {
      const shown = randomUUID();
      await db.query(
        `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status,
                                           created_at, finished_at)
         VALUES ($1, 'Files/import/sales.xlsx', 'sales.xlsx', 'ann', 'LAPTOP-ANN', 'Completed',
                 now() - interval '5000 seconds', now())`,
        [shown],
      );
      const withIt = await repo.completedStats(50);
      const without = await repo.completedStats(50, shown);
      expect(withIt.count).toBe(12);
      expect(without.count).toBe(11);
      expect(without.durationsMs).not.toContain(5_000_000);
      expect(without.medianMs).toBe(60_000);
    });
  });
}

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

statsCases('PostgreSQL', async () => createPgDb(tdb.profile));
statsCases('PGlite', () => createPgliteDb());
