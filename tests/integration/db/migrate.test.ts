import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDb } from '../../../src/main/db/pg-db';
import { createPgliteDb } from '../../../src/main/db/pglite-db';
import { migrate } from '../../../src/main/db/migrate';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { migrationChecksum, migrationLabel, type Migration } from '../../../src/main/db/migration';
import { AppError } from '../../../src/shared/contract/errors';
import type { Db } from '../../../src/main/db/db';
import { createTestDatabase, type TestDatabase } from '../../support/pg';

const extra: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'extra_column',
  sql: 'ALTER TABLE public.pipeline_runs ADD COLUMN note text;',
};

async function tableNames(db: Db): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

const expectedTables = [
  'pipeline_runs',
  'run_events',
  'run_lock',
  'run_monitor_lease',
  'run_restores',
  'schema_migrations',
];

describe('migrations on PostgreSQL', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('applies exactly once when two apps start at the same moment', async () => {
    const a = createPgDb(tdb.profile);
    const b = createPgDb(tdb.profile);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const appliedCounts = [ra.applied.length, rb.applied.length].sort();
      expect(appliedCounts).toEqual([0, MIGRATIONS.length]);
      expect(await tableNames(a)).toEqual(expectedTables);
      const rows = await a.query<{ version: number; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations ORDER BY version',
      );
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, checksum: migrationChecksum(m) })));
      expect((await migrate(b)).applied).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses a database with a newer schema, and an edited applied migration', async () => {
    const db = createPgDb(tdb.profile);
    try {
      await migrate(db);
      await migrate(db, [...MIGRATIONS, extra]);
      const newer = await migrate(db).catch((e: unknown) => e);
      expect(newer).toBeInstanceOf(AppError);
      expect((newer as AppError).code).toBe('DB_SCHEMA');
      expect((newer as AppError).message).toContain(
        `schema version ${extra.version}, newer than this portal knows (${MIGRATIONS.length})`,
      );
      expect((newer as AppError).hint).toMatch(/Update the portal/);

      const edited = [...MIGRATIONS, { ...extra, sql: extra.sql + ' -- edited' }];
      const mismatch = await migrate(db, edited).catch((e: unknown) => e);
      expect((mismatch as AppError).code).toBe('DB_SCHEMA');
      expect((mismatch as AppError).message).toContain(
        `${migrationLabel(extra)} was changed after it was applied`,
      );
      // Nothing was written by the refused runs.
      const cols = await db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'note'");
      expect(cols).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('names the admin script when the database user may not migrate', async () => {
    const fresh = await createTestDatabase();
    const role = `app_${fresh.name}`;
    const admin = await fresh.client();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
      await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      const db = createPgDb({ ...fresh.profile, user: role, password: 'pw' });
      const err = await migrate(db).catch((e: unknown) => e);
      await db.close();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('DB_SCHEMA');
      expect((err as AppError).message).toContain(`"${role}" may not change the schema`);
      expect((err as AppError).message).toContain('0001_init');
      expect((err as AppError).hint).toContain('npm run db:script');
    } finally {
      await admin.end();
      await fresh.drop();
      const cleanup = new pg.Client({ connectionString: fresh.url.replace(`/${fresh.name}`, '/postgres') });
      await cleanup.connect();
      await cleanup.query(`DROP ROLE IF EXISTS ${role}`);
      await cleanup.end();
    }
  });
});

describe('migrations on PGlite', () => {
  it('applies on a fresh embedded database and is idempotent', async () => {
    const db = await createPgliteDb();
    try {
      expect((await migrate(db)).applied).toEqual(MIGRATIONS.map(migrationLabel));
      expect(await tableNames(db)).toEqual(expectedTables);
      expect((await migrate(db)).applied).toEqual([]);
      await migrate(db, [...MIGRATIONS, extra]);
      const newer = await migrate(db).catch((e: unknown) => e);
      expect((newer as AppError).code).toBe('DB_SCHEMA');
    } finally {
      await db.close();
    }
  });
});

describe('openDatabase', () => {
  it('opens a PGlite data folder, migrates it, and reopens it with its data', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../../src/main/db');
    const dir = mkdtempSync(join(tmpdir(), 'portal-pglite-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      expect(first.migration.applied).toEqual(MIGRATIONS.map(migrationLabel));
      await first.db.query(
        `INSERT INTO pipeline_runs (run_id, input_path, input_name, requested_by, requested_host)
         VALUES (gen_random_uuid(), 'Files/import/a.xlsx', 'a.xlsx', 'ann', 'h')`,
      );
      await first.db.close();
      const second = await openDatabase({ kind: 'pglite', dataDir: dir });
      expect(second.migration.applied).toEqual([]);
      expect(await second.db.query('SELECT 1 FROM pipeline_runs')).toHaveLength(1);
      // PGlite has no locking of its own: a second opener of the same folder is refused, not let in.
      const twice = await openDatabase({ kind: 'pglite', dataDir: dir }).catch((e: unknown) => e);
      expect(twice).toMatchObject({
        code: 'DB_UNAVAILABLE',
        message: expect.stringContaining('already open'),
      });
      await second.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PGlite data folder claim', () => {
  it('refuses a folder held by a live process and takes over one left by a dead process', async () => {
    const { mkdtempSync, rmSync, writeFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync, spawn } = await import('node:child_process');
    const { claimDataDir } = await import('../../../src/main/db/pglite-lock');
    const dir = mkdtempSync(join(tmpdir(), 'portal-claim-'));
    const lockFile = join(dir, 'portal-open.lock');
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(lockFile, String(alive.pid));
      expect(() => claimDataDir(dir)).toThrow(/already open in another Fabric Data Portal \(process \d+\)/);
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      writeFileSync(lockFile, dead.stdout);
      const release = claimDataDir(dir);
      expect(existsSync(lockFile)).toBe(true);
      release();
      expect(existsSync(lockFile)).toBe(false);
    } finally {
      alive.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
