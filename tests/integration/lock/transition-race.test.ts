import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb } from '../../../src/main/db/pg-db';
import { migrate } from '../../../src/main/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { Contenders } from './contenders';

// Generous: the machine is shared, and a round's cost grows with the load of everything else running.
const RACE_TIMEOUT_MS = 300_000;
const N = 50;
const ROUNDS = 50;

describe('CAS status transitions from 50 connections at once', () => {
  let tdb: TestDatabase;
  let cs: Contenders;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const db = createPgDb(tdb.profile);
    await migrate(db);
    await db.close();
    cs = await Contenders.open(tdb.url, N);
  }, RACE_TIMEOUT_MS);
  afterAll(async () => {
    await cs?.close();
    await tdb?.drop();
  }, RACE_TIMEOUT_MS);

  it(
    'records InProgress -> Completed exactly once per run, with exactly one event',
    async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const runId = randomUUID();
        await cs.control.query(
          `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status)
         VALUES ($1, 'Files/import/a.xlsx', 'a.xlsx', 'ann', 'h', 'InProgress')`,
          [runId],
        );
        const results = await cs.race(async (c, i) => {
          const { rows } = await c.query<{ ok: boolean }>(
            `SELECT public.transition_run_status($1, 'InProgress', 'Completed', NULL, $2, 'h', NULL, NULL) AS ok`,
            [runId, `monitor-${i}`],
          );
          return rows[0]!.ok;
        }, 2);
        expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
        const { rows } = await cs.control.query<{ n: number; status: string }>(
          `SELECT (SELECT count(*)::int FROM public.run_events
                  WHERE run_id = $1 AND kind = 'status_changed' AND to_status = 'Completed') AS n,
                (SELECT status FROM public.pipeline_runs WHERE run_id = $1) AS status`,
          [runId],
        );
        expect(rows[0]).toEqual({ n: 1, status: 'Completed' });
      }
    },
    RACE_TIMEOUT_MS,
  );
});
