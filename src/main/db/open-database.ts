import type { Db, DbProfile } from './db';
import { migrate, type MigrateResult } from './migrate';
import { createPgDb, type PgDbOptions } from './pg-db';
import { createPgliteDb } from './pglite-db';

/** Where the run-tracking data lives: the shared server of a Fabric profile, or the demo's embedded one. */
export type DatabaseTarget = { kind: 'pg'; profile: DbProfile } | { kind: 'pglite'; dataDir: string };

export interface OpenedDatabase {
  db: Db;
  migration: MigrateResult;
}

/**
 * Opens the database and brings its schema up to date. On a refused migration (newer schema, edited
 * migration, missing privilege) the connection is closed again and the AppError DB_SCHEMA is rethrown.
 */
export async function openDatabase(
  target: DatabaseTarget,
  pgOptions: PgDbOptions = {},
): Promise<OpenedDatabase> {
  const db =
    target.kind === 'pg'
      ? createPgDb(target.profile, pgOptions)
      : await createPgliteDb({ dataDir: target.dataDir });
  try {
    return { db, migration: await migrate(db) };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
