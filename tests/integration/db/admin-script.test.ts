import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { buildAdminScript } from '../../../src/main/db/admin-script';
import { sqlStateOf } from '../../../src/main/db/db-errors';
import { migrate } from '../../../src/main/db/migrate';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { createPgDb } from '../../../src/main/db/pg-db';
import { RunLockRepo } from '../../../src/main/runs/lock-repo';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

// The optional hardening of docs/sql-schema.md: objects owned by a NOLOGIN role, the portal logging in
// as another role that holds only the grants the script gives it.
describe('admin script with a separate owner role', () => {
  let tdb: TestDatabase;
  let admin: pg.Client;
  const suffix = randomUUID().slice(0, 8);
  const owner = `portal_owner_${suffix}`;
  const app = `portal_app_${suffix}`;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    admin = await tdb.client();
    await admin.query(`CREATE ROLE ${owner} NOLOGIN`);
    await admin.query(`CREATE ROLE ${app} LOGIN PASSWORD 'app-pw'`);
    await admin.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${owner}`);
  });
  afterAll(async () => {
    await admin?.end();
    await tdb?.drop();
    const cleanup = new pg.Client({ connectionString: tdb.url.replace(`/${tdb.name}`, '/postgres') });
    await cleanup.connect();
    await cleanup.query(`DROP ROLE IF EXISTS ${app}`);
    await cleanup.query(`DROP ROLE IF EXISTS ${owner}`);
    await cleanup.end();
  });

  it('applies the schema once, twice harmlessly, and leaves the app nothing to migrate', async () => {
    const script = buildAdminScript(MIGRATIONS, { owner, grantTo: app });
    await admin.query(script);
    await admin.query(script);
    const { rows } = await admin.query<{ owner: string }>(
      "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'run_events'",
    );
    expect(rows[0]!.owner).toBe(owner);
    const db = createPgDb({ ...tdb.profile, user: app, password: 'app-pw' });
    try {
      expect(await migrate(db)).toEqual({ applied: [], version: MIGRATIONS.length });
    } finally {
      await db.close();
    }
  });

  it('lets the app role use the lock only through the functions, and not switch the guards off', async () => {
    const db = createPgDb({ ...tdb.profile, user: app, password: 'app-pw' });
    const repo = new RunLockRepo(db, { identity: { actor: 'ann', host: 'h' } });
    try {
      const runId = randomUUID();
      await db.query(
        `INSERT INTO public.pipeline_runs (run_id, input_path, input_name, requested_by, requested_host)
         VALUES ($1, 'Files/import/a.xlsx', 'a.xlsx', 'ann', 'h')`,
        [runId],
      );
      const got = await repo.acquire({ holderId: randomUUID(), holderLabel: 'ann@h', runId, leaseSec: 60 });
      const token = 'token' in got ? got.token : -1;
      expect(token).toBeGreaterThan(0);
      expect(await repo.transition(runId, 'requested', 'triggering', token)).toBe(true);
      expect(await repo.appendEvent({ runId, kind: 'trigger_sent', token })).toBeGreaterThan(0);

      for (const sql of [
        "UPDATE public.run_lock SET lease_until = now() + interval '1 day'",
        "UPDATE public.run_events SET message = 'forged'",
        'DELETE FROM public.run_events',
        'TRUNCATE public.run_events',
        'ALTER TABLE public.run_events DISABLE TRIGGER ALL',
        'SET session_replication_role = replica',
        "SELECT public.portal_log_event(NULL, 'x', 'x', 'forged', NULL, NULL, NULL, NULL, NULL)",
      ]) {
        const e = await db.query(sql).catch((err: unknown) => err);
        expect(sqlStateOf(e), sql).toBe('42501');
      }
      expect(await repo.release(token)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('stops on a database whose applied migration differs from the script', async () => {
    await admin.query("UPDATE public.schema_migrations SET checksum = 'x' WHERE version = 1");
    const e = await admin.query(buildAdminScript(MIGRATIONS)).catch((err: unknown) => err);
    expect((e as Error).message).toMatch(/migration 0001_init in this database differs from this script/);
    await admin.query('ROLLBACK');
  });
});
