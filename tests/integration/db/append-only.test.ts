import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { sqlStateOf } from '../../../src/main/db/db-errors';
import { migrate } from '../../../src/main/db/migrate';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

const ATTACKS = [
  'UPDATE public.run_events SET message = $$forged$$',
  'DELETE FROM public.run_events',
  'TRUNCATE public.run_events',
  'UPDATE public.run_restores SET reason = $$forged$$',
  'DELETE FROM public.run_restores',
  'TRUNCATE public.run_restores',
  'TRUNCATE public.run_events, public.run_restores CASCADE',
  'DELETE FROM public.run_lock',
  'TRUNCATE public.run_lock',
];

async function seed(db: Db): Promise<void> {
  const runId = randomUUID();
  await db.query(
    "SELECT public.append_run_event($1, 'ann', 'host-1', 'error', NULL, NULL, 'original', NULL, NULL)",
    [runId],
  );
  await db.query(
    "INSERT INTO public.run_restores (run_id, restored_by, host, reason) VALUES ($1, 'ann', 'host-1', 'original')",
    [runId],
  );
}

async function counts(db: Db): Promise<{ events: number; restores: number; forged: number }> {
  const [row] = await db.query<{ events: number; restores: number; forged: number }>(
    `SELECT (SELECT count(*)::int FROM public.run_events) AS events,
            (SELECT count(*)::int FROM public.run_restores) AS restores,
            (SELECT count(*)::int FROM public.run_events WHERE message = 'forged') AS forged`,
  );
  return row!;
}

// Each statement runs in its own transaction so one refusal does not abort the next attempt.
async function expectAllRefused(db: Db, replica: boolean): Promise<void> {
  for (const sql of ATTACKS) {
    const e = await db
      .transaction(async (tx) => {
        if (replica) await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(sql);
      })
      .catch((err: unknown) => err);
    expect(sqlStateOf(e), sql).toBe('42501');
    expect((e as Error).message, sql).toMatch(/is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed/);
  }
}

function appendOnlyCases(name: string, open: () => Promise<Db>): void {
  describe(`append-only audit tables on ${name}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      await seed(db);
    });
    afterAll(async () => {
      await db.close();
    });

    it('refuses UPDATE, DELETE and TRUNCATE, even to the owner', async () => {
      const before = await counts(db);
      expect(before.events).toBeGreaterThan(0);
      await expectAllRefused(db, false);
      expect(await counts(db)).toEqual(before);
    });

    it('still refuses them with session_replication_role = replica (triggers are ENABLE ALWAYS)', async () => {
      const before = await counts(db);
      await expectAllRefused(db, true);
      expect(await counts(db)).toEqual(before);
      const triggers = await db.query<{ tgenabled: string }>(
        `SELECT tgenabled FROM pg_trigger
          WHERE tgrelid IN ('public.run_events'::regclass, 'public.run_restores'::regclass) AND NOT tgisinternal
            AND tgname LIKE '%no\\_%'`,
      );
      expect(triggers.map((t) => t.tgenabled)).toEqual(['A', 'A', 'A', 'A']);
    });

    it('still accepts new rows', async () => {
      const before = await counts(db);
      await seed(db);
      expect(await counts(db)).toEqual({
        ...before,
        events: before.events + 1,
        restores: before.restores + 1,
      });
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

appendOnlyCases('PostgreSQL', async () => createPgDb(tdb.profile));
appendOnlyCases('PGlite', () => createPgliteDb());
