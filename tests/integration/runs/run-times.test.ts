import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { migrate } from '../../../src/main/db/migrate';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { fabricTime } from '../../../src/main/runs/run-recorder';
import { RunRepo } from '../../../src/main/runs/run-repo';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// A short run can go NotStarted -> Completed between two polls. Its start time then comes from Fabric's job
// instance (startTimeUtc), on both database engines; runs that ended before migration 0002 get theirs
// from their first InProgress event or, when they ran, their end.

const ann = { actor: 'ann', host: 'LAPTOP-ANN' };

/** A run created `minutesAgo` minutes ago in `status`, with a Fabric job unless `job` is false. */
async function insertRun(
  db: Db,
  status: string,
  minutesAgo: number,
  extra: { job?: boolean; finished?: boolean } = {},
): Promise<{ runId: string; createdAt: Date }> {
  const runId = randomUUID();
  const [row] = await db.query<{ created_at: Date }>(
    `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status,
                                       job_instance_id, created_at, finished_at)
     VALUES ($1, 'Files/import/sales.xlsx', 'sales.xlsx', 'ann', 'LAPTOP-ANN', $2, $3,
             now() - make_interval(mins => $4), CASE WHEN $5 THEN now() - make_interval(mins => $4 - 1) END)
     RETURNING created_at`,
    [runId, status, extra.job === false ? null : randomUUID(), minutesAgo, extra.finished === true],
  );
  return { runId, createdAt: row!.created_at };
}

/** Fabric's wire format: UTC, 7 fractional digits, no zone. */
const fabricWire = (d: Date): string => d.toISOString().replace('Z', '0000');

/** `open` gives a migrated-or-not database to share; `openFresh` an empty one (for the backfill). */
function timeCases(name: string, open: () => Promise<Db>, openFresh: () => Promise<Db>): void {
  describe(`run start and end times on ${name}`, () => {
    let db: Db;
    let lock: RunLockRepo;
    let runs: RunRepo;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      lock = new RunLockRepo(db, { identity: ann });
      runs = new RunRepo(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it("a run seen only after it ended gets Fabric's start and end", async () => {
      const { runId, createdAt } = await insertRun(db, 'NotStarted', 10);
      const start = new Date(createdAt.getTime() + 20_000);
      const end = new Date(createdAt.getTime() + 50_000);
      const won = await lock.transition(runId, 'NotStarted', 'Completed', null, {
        message: 'Fabric reports Completed',
        fabricStartedAt: fabricTime(fabricWire(start)),
        fabricFinishedAt: fabricTime(fabricWire(end)),
      });
      expect(won).toBe(true);
      const run = await runs.require(runId);
      expect(run.startedAt).toBe(start.toISOString());
      expect(run.finishedAt).toBe(end.toISOString());
      // A second writer of the same change loses the compare-and-set and changes nothing.
      expect(
        await lock.transition(runId, 'NotStarted', 'Completed', null, { fabricStartedAt: new Date() }),
      ).toBe(false);
      expect((await runs.require(runId)).startedAt).toBe(start.toISOString());
    });

    it("keeps Fabric's times within the run's life (clock skew) and the end after the start", async () => {
      const { runId, createdAt } = await insertRun(db, 'NotStarted', 10);
      await lock.transition(runId, 'NotStarted', 'Failed', null, {
        fabricStartedAt: new Date(createdAt.getTime() - 60_000),
        fabricFinishedAt: new Date(Date.now() + 3_600_000),
      });
      const run = await runs.require(runId);
      expect(run.startedAt).toBe(createdAt.toISOString());
      const [{ now }] = (await db.query<{ now: Date }>('SELECT now() AS now')) as [{ now: Date }];
      expect(Date.parse(run.finishedAt!)).toBeLessThanOrEqual(now.getTime());
      expect(Date.parse(run.finishedAt!)).toBeGreaterThan(createdAt.getTime());
    });

    it('without Fabric times: a run that ran starts now, one that never ran has no start', async () => {
      const ran = await insertRun(db, 'NotStarted', 5);
      expect(await lock.transition(ran.runId, 'NotStarted', 'Completed')).toBe(true);
      const completed = await runs.require(ran.runId);
      expect(completed.startedAt).not.toBeNull();
      expect(completed.startedAt).toBe(completed.finishedAt);

      const deduped = await insertRun(db, 'NotStarted', 5);
      await lock.transition(deduped.runId, 'NotStarted', 'Deduped');
      expect((await runs.require(deduped.runId)).startedAt).toBeNull();

      const neverTriggered = await insertRun(db, 'triggering', 5, { job: false });
      await lock.transition(neverTriggered.runId, 'triggering', 'Failed');
      expect((await runs.require(neverTriggered.runId)).startedAt).toBeNull();

      // InProgress keeps the first start it got.
      const running = await insertRun(db, 'NotStarted', 5);
      await lock.transition(running.runId, 'NotStarted', 'InProgress');
      const startedAt = (await runs.require(running.runId)).startedAt;
      expect(startedAt).not.toBeNull();
      await lock.transition(running.runId, 'InProgress', 'Completed', null, {
        fabricStartedAt: new Date(running.createdAt.getTime() + 1_000),
      });
      expect((await runs.require(running.runId)).startedAt).toBe(startedAt);
    });

    it('the 0001 signature still works and now also records a start', async () => {
      const { runId } = await insertRun(db, 'NotStarted', 3);
      const [row] = await db.query<{ ok: boolean }>(
        `SELECT public.transition_run_status($1, 'NotStarted', 'Completed', NULL, 'ann', 'h', NULL, NULL) AS ok`,
        [runId],
      );
      expect(row?.ok).toBe(true);
      const run = await runs.require(runId);
      expect(run.startedAt).not.toBeNull();
      expect(run.finishedAt).not.toBeNull();
    });

    it('a Lost run found in Fabric later takes Fabric times, not when it was given up', async () => {
      const { runId, createdAt } = await insertRun(db, 'Lost', 30, { finished: true });
      const start = new Date(createdAt.getTime() + 5_000);
      const end = new Date(createdAt.getTime() + 65_000);
      await lock.transition(runId, 'Lost', 'Completed', null, {
        fabricStartedAt: start,
        fabricFinishedAt: end,
      });
      const run = await runs.require(runId);
      expect([run.startedAt, run.finishedAt]).toEqual([start.toISOString(), end.toISOString()]);
    });
  });

  describe(`migration 0002 backfill on ${name}`, () => {
    it('gives ended runs without a start their first InProgress event, else their end if they ran', async () => {
      const db = await openFresh();
      try {
        await migrate(db, MIGRATIONS.slice(0, 1));
        const viaEvent = await insertRun(db, 'Completed', 20, { finished: true });
        const firstInProgress = new Date(viaEvent.createdAt.getTime() + 7_000);
        for (const at of [firstInProgress, new Date(firstInProgress.getTime() + 9_000)]) {
          await db.query(
            `INSERT INTO public.run_events (run_id, at, actor, host, kind, from_status, to_status)
             VALUES ($1, $2, 'ann', 'h', 'status_changed', 'NotStarted', 'InProgress')`,
            [viaEvent.runId, at.toISOString()],
          );
        }
        const viaEnd = await insertRun(db, 'Failed', 20, { finished: true });
        const neverRan = await insertRun(db, 'Deduped', 20, { finished: true });
        const lost = await insertRun(db, 'Lost', 20, { finished: true, job: false });
        const active = await insertRun(db, 'NotStarted', 20);
        await db.query(
          `INSERT INTO public.run_restores (run_id, restored_by, host, reason) VALUES ($1, 'ann', 'h', 'test')`,
          [viaEnd.runId],
        );

        expect((await migrate(db)).applied).toEqual(['0002_run_times']);
        const repo = new RunRepo(db);
        const got = async (id: string) => repo.require(id);
        expect((await got(viaEvent.runId)).startedAt).toBe(firstInProgress.toISOString());
        const failed = await got(viaEnd.runId);
        expect(failed.startedAt).toBe(failed.finishedAt);
        expect((await got(neverRan.runId)).startedAt).toBeNull();
        expect((await got(lost.runId)).startedAt).toBeNull();
        expect((await got(active.runId)).startedAt).toBeNull();
        // updated_at starts as the last thing known to have happened to the run (here: its restore).
        const [restore] = await db.query<{ restored_at: Date }>(
          'SELECT restored_at FROM public.run_restores',
        );
        expect(failed.updatedAt).toBe(restore!.restored_at.toISOString());
        const stillActive = await got(active.runId);
        expect(stillActive.updatedAt).toBe(stillActive.statusChangedAt);
      } finally {
        await db.close();
      }
    });
  });
}

let tdb: TestDatabase;
let tdbBackfill: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  tdbBackfill = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await tdbBackfill?.drop();
});

// The backfill needs a database still at version 1, so each engine gets a second, fresh one for it.
timeCases(
  'PostgreSQL',
  async () => createPgDb(tdb.profile),
  async () => createPgDb(tdbBackfill.profile),
);
timeCases(
  'PGlite',
  () => createPgliteDb(),
  () => createPgliteDb(),
);
