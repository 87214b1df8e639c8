import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/main/db/db';
import { migrate } from '../../../src/main/db/migrate';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { RUNS_CHANNEL, parseRunsChange, type RunsChange } from '../../../src/main/db/runs-channel';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { AppError } from '../../../src/shared/contract/errors';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

const ann = { actor: 'ann', host: 'LAPTOP-ANN' };
const bob = { actor: 'bob', host: 'LAPTOP-BOB' };

async function insertRun(db: Db, runId: string): Promise<void> {
  await db.query(
    `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host)
     VALUES ($1, 'Files/import/sales.xlsx', 'sales.xlsx', 'ann', 'LAPTOP-ANN')`,
    [runId],
  );
}

async function events(db: Db, runId: string): Promise<{ kind: string; fencing_token: number | null }[]> {
  return db.query('SELECT kind, fencing_token FROM public.run_events WHERE run_id = $1 ORDER BY id', [runId]);
}

async function backdate(db: Db): Promise<void> {
  await db.query(
    `UPDATE public.run_lock SET heartbeat_at = now() - interval '2 minutes', lease_until = now() - interval '1 minute'
      WHERE id = 1`,
  );
}

function repoCases(name: string, open: () => Promise<Db>): void {
  describe(`RunLockRepo on ${name}`, () => {
    let db: Db;
    let annRepo: RunLockRepo;
    let bobRepo: RunLockRepo;
    const annId = randomUUID();
    const bobId = randomUUID();
    beforeAll(async () => {
      db = await open();
      await migrate(db);
      annRepo = new RunLockRepo(db, { identity: ann, defaultLeaseSec: 60 });
      bobRepo = new RunLockRepo(db, { identity: bob, defaultLeaseSec: 60 });
    });
    afterAll(async () => {
      await db.close();
    });

    type Who = 'ann' | 'bob';
    const holder = (who: Who) =>
      who === 'ann'
        ? { repo: annRepo, holderId: annId, holderLabel: 'ann@LAPTOP-ANN' }
        : { repo: bobRepo, holderId: bobId, holderLabel: 'bob@LAPTOP-BOB' };
    /** Asks for the run lock (60 s lease) or the monitor lease (15 s) as ann or bob; the raw answer. */
    const ask = (who: Who, runId: string | null, lease: 'lock' | 'monitor' = 'lock') => {
      const { repo, holderId, holderLabel } = holder(who);
      return lease === 'lock'
        ? repo.acquire({ holderId, holderLabel, runId, leaseSec: 60 })
        : repo.acquireMonitor({ holderId, holderLabel, runId, leaseSec: 15 });
    };
    /** Asks and expects to be granted: the fencing token. */
    const take = async (who: Who, runId: string | null, lease: 'lock' | 'monitor' = 'lock') => {
      const got = await ask(who, runId, lease);
      expect(got).toEqual({ token: expect.any(Number), leaseUntil: expect.any(Date) });
      return (got as { token: number }).token;
    };

    it('grants the lock once, tells the next caller who holds it, heartbeats and releases', async () => {
      const runId = randomUUID();
      const token = await take('ann', runId);
      const denied = await ask('bob', null);
      expect(denied).toMatchObject({ heldBy: { holderLabel: 'ann@LAPTOP-ANN', runId } });

      const shown = await bobRepo.show();
      expect(shown.fencingToken).toBe(token);
      expect(shown.holder).toMatchObject({ holderId: annId, holderLabel: 'ann@LAPTOP-ANN', runId });
      expect(shown.lapsed).toBe(false);

      const until = await annRepo.heartbeat(token, 120);
      expect(until).toBeInstanceOf(Date);
      expect(until!.getTime() - shown.now.getTime()).toBeGreaterThan(100_000);
      expect(await annRepo.release(token, 'run finished')).toBe(true);
      expect(await annRepo.release(token)).toBe(false);
      expect((await annRepo.show()).holder).toBeNull();
      expect((await events(db, runId)).map((e) => e.kind)).toEqual(['lock_acquired', 'lock_released']);
    });

    it('fences a holder whose lease was taken over: nothing it sends is written', async () => {
      const runId = randomUUID();
      await insertRun(db, runId);
      const stale = await take('ann', runId);
      expect(await annRepo.transition(runId, 'requested', 'triggering', stale)).toBe(true);
      await backdate(db);
      expect(await take('bob', runId)).toBe(stale + 1);
      const before = await events(db, runId);

      expect(await annRepo.heartbeat(stale)).toBeNull();
      expect(await annRepo.release(stale)).toBe(false);
      const t = await annRepo.transition(runId, 'triggering', 'NotStarted', stale).catch((e: unknown) => e);
      expect(t).toBeInstanceOf(AppError);
      expect((t as AppError).code).toBe('LOCKED');
      const ev = await annRepo
        .appendEvent({ runId, kind: 'trigger_sent', token: stale, message: 'late' })
        .catch((e: unknown) => e);
      expect((ev as AppError).code).toBe('LOCKED');

      expect(await events(db, runId)).toEqual(before);
      const [run] = await db.query<{ status: string }>(
        'SELECT status FROM public.pipeline_runs WHERE run_id = $1',
        [runId],
      );
      expect(run!.status).toBe('triggering');
      expect(before.map((e) => e.kind)).toEqual([
        'lock_acquired',
        'status_changed',
        'lock_stolen',
        'lock_acquired',
      ]);

      // The new holder writes with its own token.
      const id = await bobRepo.appendEvent({ runId, kind: 'trigger_sent', token: stale + 1 });
      expect(id).toBeGreaterThan(0);
      expect(await bobRepo.transition(runId, 'triggering', 'NotStarted', stale + 1)).toBe(true);
      expect(await bobRepo.release(stale + 1)).toBe(true);
    });

    it('force-releases with a reason and audits who held it', async () => {
      const runId = randomUUID();
      await take('ann', runId);
      await expect(bobRepo.forceRelease({ reason: '  ', actor: 'bob' })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      const out = await bobRepo.forceRelease({ reason: 'ann is on holiday', actor: 'bob (admin)' });
      expect(out).toEqual({ released: true, previousHolderLabel: 'ann@LAPTOP-ANN', previousRunId: runId });
      expect((await bobRepo.forceRelease({ reason: 'again', actor: 'bob' })).released).toBe(false);
      const [row] = await db.query<{ actor: string; message: string; data: { holder_label: string } }>(
        "SELECT actor, message, data FROM public.run_events WHERE run_id = $1 AND kind = 'lock_force_released'",
        [runId],
      );
      expect(row).toMatchObject({
        actor: 'bob (admin)',
        message: 'ann is on holiday',
        data: { holder_label: 'ann@LAPTOP-ANN' },
      });
    });

    it('CAS transitions: exactly one of many concurrent callers wins, with one event; final states stay final', async () => {
      const runId = randomUUID();
      await insertRun(db, runId);
      expect(await annRepo.transition(runId, 'requested', 'InProgress')).toBe(true);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => bobRepo.transition(runId, 'InProgress', 'Completed')),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const changes = (await events(db, runId)).filter((e) => e.kind === 'status_changed');
      expect(changes).toHaveLength(2);
      const [run] = await db.query<{ status: string; started_at: Date; finished_at: Date }>(
        'SELECT status, started_at, finished_at FROM public.pipeline_runs WHERE run_id = $1',
        [runId],
      );
      expect(run).toMatchObject({
        status: 'Completed',
        started_at: expect.any(Date),
        finished_at: expect.any(Date),
      });
      await expect(annRepo.transition(runId, 'Completed', 'Failed')).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    });

    it('monitor lease: one poller at a time, renewable by its holder, taken over once it lapses', async () => {
      const runId = randomUUID();
      const token = await take('ann', runId, 'monitor');
      expect(await take('ann', runId, 'monitor')).toBe(token);
      const b = await ask('bob', runId, 'monitor');
      expect(b).toMatchObject({ heldBy: { holderId: annId, holderLabel: 'ann@LAPTOP-ANN', runId } });
      expect(await annRepo.renewMonitor(token, 15)).toBeInstanceOf(Date);

      await db.query(
        `UPDATE public.run_monitor_lease SET renewed_at = now() - interval '1 minute',
                lease_until = now() - interval '30 seconds' WHERE id = 1`,
      );
      expect(await take('bob', runId, 'monitor')).toBe(token + 1);
      expect(await annRepo.renewMonitor(token, 15)).toBeNull();
      expect(await annRepo.releaseMonitor(token)).toBe(false);
      expect((await bobRepo.show()).monitor).toMatchObject({ holderId: bobId, token: token + 1 });
      expect(await bobRepo.releaseMonitor(token + 1)).toBe(true);
      expect((await bobRepo.show()).monitor).toBeNull();
    });

    it('NOTIFYs portal_runs with {kind, run_id} for every change', async () => {
      const got: RunsChange[] = [];
      const stop = await db.listen(RUNS_CHANNEL, (p) => {
        const change = parseRunsChange(p);
        if (change !== undefined) got.push(change);
      });
      try {
        const runId = randomUUID();
        await insertRun(db, runId);
        await annRepo.release(await take('ann', runId));
        const deadline = Date.now() + 5000;
        while (got.filter((n) => n.kind === 'lock').length < 2 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 10));
        }
        expect(got).toContainEqual({ kind: 'run', runId });
        expect(got).toContainEqual({ kind: 'event', runId });
        expect(got.filter((n) => n.kind === 'lock' && n.runId === runId).length).toBeGreaterThanOrEqual(2);
      } finally {
        await stop();
      }
    });

    it('rejects nonsense input with a clear error', async () => {
      await expect(
        annRepo.acquire({ holderId: annId, holderLabel: 'ann', runId: null, leaseSec: 0 }),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(/lease of 0 seconds is out of range/),
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

repoCases('PostgreSQL', async () => createPgDb(tdb.profile));
repoCases('PGlite', () => createPgliteDb());
