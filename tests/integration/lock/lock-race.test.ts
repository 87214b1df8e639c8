import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPgDb } from '../../../src/main/db/pg-db';
import { migrate } from '../../../src/main/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../support/pg';
import { Contenders } from './contenders';

// reliability-notes §2f: 50 contenders on 50 connections, released together, 200 rounds per scenario.
// Generous: the machine is shared, and a round's cost grows with the load of everything else running.
const RACE_TIMEOUT_MS = 300_000;
const N = 50;
const ROUNDS = 200;
const LEASE_SEC = 60;

interface Attempt {
  granted: boolean;
  token: number | null;
}

const holderIds = Array.from({ length: N }, () => randomUUID());

async function tryAcquire(c: pg.Client, i: number, runId: string): Promise<Attempt> {
  const { rows } = await c.query<{ granted: boolean; fencing_token: string | null }>(
    'SELECT granted, fencing_token FROM public.acquire_run_lock($1, $2, $3, $4, $5, $6)',
    [holderIds[i], `contender-${i}`, runId, LEASE_SEC, `user-${i}`, 'race-host'],
  );
  const row = rows[0]!;
  return { granted: row.granted, token: row.fencing_token === null ? null : Number(row.fencing_token) };
}

function winners(attempts: Attempt[]): number[] {
  return attempts.flatMap((a, i) => (a.granted ? [i] : []));
}

describe('run lock under 50 concurrent contenders', () => {
  let tdb: TestDatabase;
  let cs: Contenders;
  let control: pg.Client;

  const lockRow = async (): Promise<{ holder_id: string | null; fencing_token: number }> => {
    const { rows } = await control.query<{ holder_id: string | null; fencing_token: string }>(
      'SELECT holder_id, fencing_token FROM public.run_lock WHERE id = 1',
    );
    return { holder_id: rows[0]!.holder_id, fencing_token: Number(rows[0]!.fencing_token) };
  };
  const eventCount = async (kind: string, token: number): Promise<number> => {
    const { rows } = await control.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM public.run_events WHERE kind = $1 AND fencing_token = $2',
      [kind, token],
    );
    return rows[0]!.n;
  };
  const backdateLease = async (): Promise<void> => {
    await control.query(
      `UPDATE public.run_lock SET heartbeat_at = now() - interval '2 minutes',
              lease_until = now() - interval '1 minute' WHERE id = 1 AND holder_id IS NOT NULL`,
    );
  };
  const releaseAll = async (): Promise<void> => {
    await control.query("SELECT * FROM public.force_release_run_lock('test reset', 'test', 'race-host')");
  };

  beforeAll(async () => {
    tdb = await createTestDatabase();
    const db = createPgDb(tdb.profile);
    await migrate(db);
    await db.close();
    cs = await Contenders.open(tdb.url, N);
    control = cs.control;
  }, RACE_TIMEOUT_MS);
  afterAll(async () => {
    await cs?.close();
    await tdb?.drop();
  }, RACE_TIMEOUT_MS);

  it(
    'free lock: exactly one winner per round, token = previous + 1, one lock_acquired event',
    async () => {
      await releaseAll();
      for (let round = 0; round < ROUNDS; round++) {
        const before = (await lockRow()).fencing_token;
        const runId = randomUUID();
        const attempts = await cs.race((c, i) => tryAcquire(c, i, runId), round % 2 === 0 ? 2 : 0);
        const won = winners(attempts);
        expect(won, `round ${round}`).toHaveLength(1);
        const w = won[0]!;
        expect(attempts[w]!.token).toBe(before + 1);
        const after = await lockRow();
        expect(after).toEqual({ holder_id: holderIds[w], fencing_token: before + 1 });
        expect(await eventCount('lock_acquired', before + 1)).toBe(1);
        const { rows } = await cs
          .client(w)
          .query<{ ok: boolean }>("SELECT public.release_run_lock($1, 'w', 'race-host', 'done') AS ok", [
            before + 1,
          ]);
        expect(rows[0]!.ok).toBe(true);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'live lease: no contender wins and the token does not move',
    async () => {
      await releaseAll();
      const held = await tryAcquire(control, 0, randomUUID());
      expect(held.granted).toBe(true);
      for (let round = 0; round < ROUNDS; round++) {
        const attempts = await cs.race((c, i) => tryAcquire(c, i, randomUUID()), round % 2 === 0 ? 2 : 0);
        expect(winners(attempts), `round ${round}`).toEqual([]);
      }
      expect((await lockRow()).fencing_token).toBe(held.token);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'lapsed lease: exactly one contender takes it over, audited as lock_stolen; the old token is dead',
    async () => {
      await releaseAll();
      let previous = await tryAcquire(control, 0, randomUUID());
      let previousClient: pg.Client = control;
      const runId = randomUUID();
      await control.query(
        `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host, status)
         VALUES ($1, 'Files/import/a.xlsx', 'a.xlsx', 'ann', 'race-host', 'InProgress')`,
        [runId],
      );
      const staleWrite = async (sql: string, params: unknown[]): Promise<string | undefined> => {
        const e = await previousClient.query(sql, params).catch((err: unknown) => err);
        return (e as { code?: string }).code;
      };
      for (let round = 0; round < ROUNDS; round++) {
        await backdateLease();
        const attempts = await cs.race((c, i) => tryAcquire(c, i, randomUUID()), round % 2 === 0 ? 2 : 0);
        const won = winners(attempts);
        expect(won, `round ${round}`).toHaveLength(1);
        const w = won[0]!;
        const token = attempts[w]!.token!;
        expect(token).toBe(previous.token! + 1);
        expect(await eventCount('lock_stolen', token)).toBe(1);
        expect(await eventCount('lock_acquired', token)).toBe(1);
        // Fencing: nothing the displaced holder sends with its old token is written.
        expect(
          await staleWrite(
            "SELECT public.transition_run_status($1, 'InProgress', 'Completed', $2, 'old', 'race-host', NULL, NULL)",
            [runId, previous.token],
          ),
        ).toBe('PT409');
        expect(
          await staleWrite(
            "SELECT public.append_run_event($1, 'old', 'race-host', 'trigger_sent', NULL, NULL, NULL, NULL, $2)",
            [runId, previous.token],
          ),
        ).toBe('PT409');
        const hb = await previousClient.query<{ until: Date | null }>(
          'SELECT public.heartbeat_run_lock($1, 60) AS until',
          [previous.token],
        );
        expect(hb.rows[0]!.until).toBeNull();
        const rel = await previousClient.query<{ ok: boolean }>(
          "SELECT public.release_run_lock($1, 'old', 'race-host', NULL) AS ok",
          [previous.token],
        );
        expect(rel.rows[0]!.ok).toBe(false);
        expect(await lockRow()).toEqual({ holder_id: holderIds[w], fencing_token: token });
        const { rows: written } = await control.query<{ status: string; events: number }>(
          `SELECT (SELECT status FROM public.pipeline_runs WHERE run_id = $1) AS status,
                  (SELECT count(*)::int FROM public.run_events WHERE run_id = $1) AS events`,
          [runId],
        );
        expect(written[0]).toEqual({ status: 'InProgress', events: 0 });
        previous = attempts[w]!;
        previousClient = cs.client(w);
      }
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'holder connection killed: the lock stays held until the lease lapses, then exactly one winner',
    async () => {
      await releaseAll();
      const rounds = ROUNDS / 2;
      for (let round = 0; round < rounds; round++) {
        const victim = round % N;
        const held = await tryAcquire(cs.client(victim), victim, randomUUID());
        expect(held.granted).toBe(true);
        const pid = await cs.pid(victim);
        const killed = await control.query<{ ok: boolean }>('SELECT pg_terminate_backend($1, 5000) AS ok', [
          pid,
        ]);
        expect(killed.rows[0]!.ok).toBe(true);
        await cs.replace(victim);

        const whileLive = await cs.race((c, i) => tryAcquire(c, i, randomUUID()));
        expect(winners(whileLive), `round ${round} (live)`).toEqual([]);

        await backdateLease();
        const afterLapse = await cs.race((c, i) => tryAcquire(c, i, randomUUID()), 2);
        const won = winners(afterLapse);
        expect(won, `round ${round} (lapsed)`).toHaveLength(1);
        expect(afterLapse[won[0]!]!.token).toBe(held.token! + 1);
        expect(await eventCount('lock_stolen', held.token! + 1)).toBe(1);
        await releaseAll();
      }
    },
    RACE_TIMEOUT_MS,
  );
});
