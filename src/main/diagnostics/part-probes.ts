import type { ConnectionPart } from '../../shared/contract/diagnostics';
import { AppError } from '../../shared/contract/errors';
import { MIGRATIONS } from '../db/migrations';
import { FABRIC_SCOPE, isUserTokenProvider } from '../fabric';
import { IMPORT_DIR } from '../runs/import-files';
import type { ConnectionTarget } from './connection-target';
import type { CheckOutcome } from './timed-check';

// One probe per connection part, each the smallest real call that proves the part works.

/** Enough jobs to prove the list is readable without paging through a long history. */
const JOB_SAMPLE = 20;

export const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);

/** Who the Fabric calls are made as: the signed-in analyst's account, or the app registration's secret. */
async function caller(t: ConnectionTarget): Promise<{ user: string | null }> {
  const tokens = (await t.fabric()).tokens;
  if (!isUserTokenProvider(tokens)) return { user: null };
  return { user: (await tokens.currentUser().catch(() => undefined))?.username ?? null };
}

export async function probeToken(t: ConnectionTarget): Promise<CheckOutcome> {
  const token = await (await t.fabric()).tokens.getToken(FABRIC_SCOPE);
  const minutes = Math.max(0, Math.round((token.expiresOn - Date.now()) / 60_000));
  const { user } = await caller(t);
  const as = user ? ` as ${user}` : '';
  return { status: 'ok', message: `Token acquired for the Fabric API${as} (valid for ${minutes} min).` };
}

export async function probePipeline(t: ConnectionTarget): Promise<CheckOutcome> {
  const jobs = (await t.fabric()).jobs;
  let seen = 0;
  for await (const _job of jobs.listJobs()) {
    seen += 1;
    if (seen >= JOB_SAMPLE) break;
  }
  const count = seen >= JOB_SAMPLE ? `${JOB_SAMPLE} or more jobs` : `${seen} ${plural(seen, 'job')}`;
  const { user } = await caller(t);
  return {
    status: 'ok',
    message: user
      ? `${user} can read the pipeline's jobs (${count} found), so they may trigger runs.`
      : `The service principal can read the pipeline's jobs (${count} found), so it may trigger runs.`,
  };
}

export async function probeLakehouse(t: ConnectionTarget): Promise<CheckOutcome> {
  const workbooks = await listImportWorkbooks(t);
  if (workbooks === null) {
    return {
      status: 'warning',
      message: `The lakehouse answers, but ${IMPORT_DIR} does not exist yet.`,
      hint: 'Upload a workbook on the Import page; the folder is created with it.',
    };
  }
  return {
    status: 'ok',
    message: `Lakehouse reachable; ${workbooks.length} ${plural(workbooks.length, 'workbook')} in ${IMPORT_DIR}.`,
  };
}

/** The .xlsx names in Files/import, or null when the folder is missing. */
export async function listImportWorkbooks(t: ConnectionTarget): Promise<string[] | null> {
  const onelake = (await t.fabric()).onelake;
  try {
    const entries = await onelake.list(IMPORT_DIR);
    return entries.filter((e) => !e.isDirectory && /\.xlsx$/i.test(e.name)).map((e) => e.name);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

export async function probeDatabase(t: ConnectionTarget): Promise<CheckOutcome> {
  const db = await t.db();
  const [row] = await db.query<{ version: string }>('SELECT version() AS version');
  const engine = db.kind === 'pglite' ? 'Demo database (PGlite)' : 'PostgreSQL';
  const version = /PostgreSQL [\d.]+/.exec(row?.version ?? '')?.[0] ?? 'unknown version';
  return { status: 'ok', message: `${engine} answers (${version}).` };
}

export async function probeSchema(t: ConnectionTarget): Promise<CheckOutcome> {
  const db = await t.db();
  const expected = MIGRATIONS.length;
  const [reg] = await db.query<{ table: string | null }>(
    `SELECT to_regclass('public.schema_migrations')::text AS "table"`,
  );
  if (!reg?.table) {
    return {
      status: 'error',
      message: `The database has no portal schema yet (expected version ${expected}).`,
      hint: 'Start the portal with a user allowed to create tables, or have an administrator run `npm run db:script`.',
    };
  }
  const [row] = await db.query<{ version: number | null }>(
    'SELECT max(version)::int AS version FROM public.schema_migrations',
  );
  const applied = row?.version ?? 0;
  if (applied === expected) {
    return { status: 'ok', message: `Schema version ${applied} of ${expected}: up to date.` };
  }
  return applied < expected
    ? {
        status: 'error',
        message: `Schema version ${applied}, but this portal needs ${expected}.`,
        hint: 'Restart the portal to apply the migrations, or have an administrator run `npm run db:script`.',
      }
    : {
        status: 'error',
        message: `Schema version ${applied} is newer than this portal knows (${expected}).`,
        hint: 'Update the portal to the latest version.',
      };
}

export const PART_PROBES: Record<ConnectionPart, (t: ConnectionTarget) => Promise<CheckOutcome>> = {
  token: probeToken,
  pipeline: probePipeline,
  lakehouse: probeLakehouse,
  database: probeDatabase,
  schema: probeSchema,
};
