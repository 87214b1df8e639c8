import { AppError } from '../../shared/contract/errors';
import type { Db } from './db';
import { sqlStateOf } from './db-errors';
import { type Migration, migrationChecksum, migrationLabel } from './migration';
import { MIGRATIONS } from './migrations';

/** Key of the transaction-level advisory lock that serialises migrations of apps starting together. */
export const MIGRATION_LOCK_KEY = 7_303_214_001;

export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS public.schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT current_user
);`;

export interface MigrateResult {
  /** labels of the migrations applied by this call, e.g. ["0001_init"] */
  applied: string[];
  /** schema version of the database afterwards */
  version: number;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the database to the newest schema this app knows, in one transaction. Safe when several apps
 * start at once: the advisory lock makes the later ones wait and then find nothing to do. Refuses to touch
 * a database whose schema is newer than the app, or whose applied migrations differ from the app's.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  checkSequence(migrations);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const [who] = await tx.query<{ user: string; database: string; table: string | null }>(
      `SELECT current_user AS "user", current_database() AS "database",
              to_regclass('public.schema_migrations')::text AS "table"`,
    );
    const identity = { user: who?.user ?? '?', database: who?.database ?? '?' };
    const pending = async (): Promise<Migration[]> => {
      if (who?.table === null) return [...migrations];
      const applied = await tx.query<AppliedRow>(
        'SELECT version, name, checksum FROM public.schema_migrations ORDER BY version',
      );
      return pendingAfter(applied, migrations);
    };
    let todo: Migration[];
    try {
      todo = await pending();
    } catch (e) {
      if (sqlStateOf(e) === '42501') throw privilegeError(e, migrations, identity);
      throw e;
    }
    if (todo.length === 0) return { applied: [], version: migrations.length };
    try {
      if (who?.table === null) await tx.exec(SCHEMA_MIGRATIONS_DDL);
      for (const m of todo) {
        await tx.exec(m.sql);
        await tx.query('INSERT INTO public.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          migrationChecksum(m),
        ]);
      }
    } catch (e) {
      if (sqlStateOf(e) === '42501') throw privilegeError(e, todo, identity);
      throw e;
    }
    return { applied: todo.map(migrationLabel), version: migrations.length };
  });
}

/**
 * The migrations still to apply, after checking that what the database has applied is a prefix of what
 * the app knows, byte for byte.
 */
export function pendingAfter(applied: readonly AppliedRow[], migrations: readonly Migration[]): Migration[] {
  const newest = applied.reduce((max, row) => Math.max(max, row.version), 0);
  if (newest > migrations.length) {
    throw new AppError(
      'DB_SCHEMA',
      `The database has schema version ${newest}, newer than this portal knows (${migrations.length}). ` +
        'Another analyst has probably installed a newer portal.',
      'Update the portal to the latest version; it will not change a newer database.',
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (known === undefined || known.version !== row.version) {
      throw schemaError(
        `The database records migration ${row.version} (${row.name}), which this portal does not know.`,
      );
    }
    if (migrationChecksum(known) !== row.checksum) {
      throw schemaError(
        `Migration ${migrationLabel(known)} was changed after it was applied to this database (checksum mismatch).`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  const todo = migrations.filter((m) => !done.has(m.version));
  if (todo.some((m) => m.version < newest)) {
    throw schemaError(`The database skipped a migration before version ${newest}.`);
  }
  return todo;
}

function schemaError(what: string): AppError {
  return new AppError(
    'DB_SCHEMA',
    `${what} The portal will not change a database whose history it cannot vouch for.`,
    'Restore the original migration (edits go into a new migration), or ask an administrator to compare ' +
      'schema_migrations with `npm run db:script`.',
  );
}

function privilegeError(
  cause: unknown,
  todo: readonly Migration[],
  who: { user: string; database: string },
): AppError {
  const first = todo[0];
  const last = todo[todo.length - 1];
  const range =
    first === undefined || last === undefined
      ? ''
      : first === last
        ? migrationLabel(first)
        : `${migrationLabel(first)} to ${migrationLabel(last)}`;
  return new AppError(
    'DB_SCHEMA',
    `The database user "${who.user}" may not change the schema of database "${who.database}" ` +
      `(permission denied), so migration ${range} cannot be applied.`,
    `An administrator must run the SQL printed by \`npm run db:script\` once against database "${who.database}" ` +
      `(add \`-- --grant-to ${who.user}\` to grant this user what it needs), then restart the portal.`,
    { cause },
  );
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new AppError(
        'INTERNAL',
        `Migration list is out of order: position ${i + 1} holds version ${m.version}.`,
      );
    }
  });
}
