import type { Migration } from './migration';
import { migrationChecksum, migrationLabel } from './migration';
import { MIGRATION_LOCK_KEY, SCHEMA_MIGRATIONS_DDL } from './migrate';
import { quoteIdent } from './sql-ident';

export interface AdminScriptOptions {
  /** role that should own the schema objects (optional hardening: a NOLOGIN role the app is not) */
  owner?: string;
  /** login role of the portal: gets exactly the privileges the app needs, nothing that alters the schema */
  grantTo?: string;
}

const ROLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * One SQL file an administrator runs when the portal's database user may not migrate. It applies the
 * same migrations, records the same checksums in schema_migrations (so the app then finds nothing to do),
 * skips what is already applied, and stops on a checksum mismatch.
 */
export function buildAdminScript(migrations: readonly Migration[], options: AdminScriptOptions = {}): string {
  for (const role of [options.owner, options.grantTo]) {
    if (role !== undefined && !ROLE_NAME.test(role)) {
      throw new Error(`"${role}" is not a plain PostgreSQL role name (letters, digits, _ and $).`);
    }
  }
  const last = migrations[migrations.length - 1];
  const out: string[] = [
    `-- Fabric Data Portal: database schema up to ${last === undefined ? 'nothing' : migrationLabel(last)}.`,
    '-- Run once per database as its owner (or a role with CREATE on schema public), for example:',
    '--   psql -v ON_ERROR_STOP=1 -h HOST -U ADMIN -d DATABASE -f portal-schema.sql',
    '-- Running it again is harmless: applied migrations are skipped, edited ones stop the script.',
    '',
    'BEGIN;',
  ];
  if (options.owner !== undefined) out.push(`SET LOCAL ROLE ${quoteIdent(options.owner)};`);
  out.push(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});`, SCHEMA_MIGRATIONS_DDL, '');
  for (const m of migrations) {
    const tag = `$portal_${String(m.version).padStart(4, '0')}$`;
    if (m.sql.includes(tag)) throw new Error(`Migration ${migrationLabel(m)} contains the quote tag ${tag}.`);
    const checksum = migrationChecksum(m);
    out.push(
      `-- ${migrationLabel(m)}`,
      'DO $portal_do$',
      'DECLARE',
      '  applied text;',
      'BEGIN',
      `  SELECT checksum INTO applied FROM public.schema_migrations WHERE version = ${m.version};`,
      `  IF applied IS NOT NULL AND applied <> '${checksum}' THEN`,
      `    RAISE EXCEPTION 'migration ${migrationLabel(m)} in this database differs from this script (checksum mismatch)';`,
      '  ELSIF applied IS NULL THEN',
      `    EXECUTE ${tag}${m.sql}${tag};`,
      '    INSERT INTO public.schema_migrations (version, name, checksum)',
      `      VALUES (${m.version}, '${m.name.replace(/'/g, "''")}', '${checksum}');`,
      '  END IF;',
      'END',
      '$portal_do$;',
      '',
    );
  }
  if (options.grantTo !== undefined) out.push(...grants(quoteIdent(options.grantTo)), '');
  out.push('COMMIT;', '');
  return out.join('\n');
}

/** The functions the app calls; the internal helpers stay callable only by the owner's functions. */
const PUBLIC_FUNCTIONS = [
  'acquire_run_lock(uuid, text, uuid, double precision, text, text)',
  'heartbeat_run_lock(bigint, double precision)',
  'release_run_lock(bigint, text, text, text)',
  'force_release_run_lock(text, text, text)',
  'transition_run_status(uuid, text, text, bigint, text, text, text, jsonb)',
  'transition_run_status(uuid, text, text, bigint, text, text, text, jsonb, timestamptz, timestamptz)',
  'append_run_event(uuid, text, text, text, text, text, text, jsonb, bigint)',
  'acquire_monitor_lease(uuid, text, uuid, double precision)',
  'renew_monitor_lease(bigint, double precision)',
  'release_monitor_lease(bigint)',
];

// What the portal needs at run time: read everything, write runs, append audit rows; the lock and lease
// rows change only through the SECURITY DEFINER functions, which run with the owner's rights.
function grants(role: string): string[] {
  return [
    `GRANT USAGE ON SCHEMA public TO ${role};`,
    `GRANT SELECT ON public.schema_migrations, public.run_lock, public.run_monitor_lease TO ${role};`,
    `GRANT SELECT, INSERT, UPDATE ON public.pipeline_runs TO ${role};`,
    `GRANT SELECT, INSERT ON public.run_events, public.run_restores TO ${role};`,
    `GRANT USAGE ON SEQUENCE public.run_events_id_seq, public.run_restores_id_seq TO ${role};`,
    ...PUBLIC_FUNCTIONS.map((f) => `GRANT EXECUTE ON FUNCTION public.${f} TO ${role};`),
  ];
}
