import type { Run, RunList, RunListQuery } from '../../shared/contract/runs';
import type { RunHistorySnapshot } from './run-history-snapshot';

// Brings the offline run history up to date with the database, one page of runs in memory at a time.
//
// The first sync of a profile reads the whole list. Later ones ask only for runs changed since the newest
// change the last sync read (pipeline_runs.updated_at, stamped on every change of a run and every restore
// naming it), so a finished run whose status is corrected or that gets restored is read again like a new
// one. updated_at is the writer's transaction time, which can be earlier than a change committed before
// it, so each sync asks again for an overlap before its cursor; re-reading a run is harmless.
//
// Deletions leave no row to find, so each incremental sync compares counts: the database's runs created
// since the oldest saved run against the saved ones. After the changes are in, every run on the server
// is saved, so the counts differ only if a saved run is gone (or a run was added in between); then a
// full read drops what it does not see.
//
// A restore is not in the run row: it only marks the runs it names as changed. So for a changed run whose
// detail or restore list is saved, the sync asks those again (through the recording handlers) as well.

export const SYNC_PAGE_SIZE = 200;
/** How far before its cursor a sync asks again: longer than any transaction that writes a run. */
export const SYNC_OVERLAP_MS = 10 * 60_000;

export interface HistorySyncResult {
  /** pages of runs read (the count check is not counted) */
  pages: number;
  /** runs read from the database */
  read: number;
  /** runs new to the snapshot or different from the saved copy */
  changed: number;
  /** saved runs dropped because the database no longer has them */
  removed: number;
  /** true when the whole list was read */
  full: boolean;
}

export interface HistorySyncDeps {
  /** the database's runs.list (not the offline fallback) */
  list: (query: RunListQuery) => Promise<RunList>;
  snapshot: RunHistorySnapshot;
  profileId: string;
  pageSize?: number;
  overlapMs?: number;
  /** runs.detail / runs.restores (null: all runs) of the online handlers that record their answers; asked
   * again for changed runs whose answers are saved. A failure keeps the saved copy */
  detail?: (runId: string) => Promise<unknown>;
  restores?: (runId: string | null) => Promise<unknown>;
}

export async function syncRunHistory(deps: HistorySyncDeps): Promise<HistorySyncResult> {
  const { snapshot, profileId } = deps;
  const result: HistorySyncResult = { pages: 0, read: 0, changed: 0, removed: 0, full: false };
  const touched: string[] = [];
  const cursor =
    (await snapshot.fullSyncAt(profileId)) === null ? null : await snapshot.syncCursor(profileId);
  if (cursor === null) return fullSync(deps, result, touched);

  const since = new Date(Date.parse(cursor) - (deps.overlapMs ?? SYNC_OVERLAP_MS)).toISOString();
  const newest = await readPages(deps, { changedSince: since }, result, touched);

  const saved = await snapshot.coverage(profileId);
  if (saved.oldestCreatedAt !== null) {
    const server = await deps.list({
      limit: 1,
      offset: 0,
      sort: 'createdAt',
      direction: 'desc',
      from: saved.oldestCreatedAt,
    });
    if (server.total !== saved.count) return fullSync(deps, result, touched);
  }
  await snapshot.markSynced(profileId, { full: false, cursor: later(cursor, newest.updatedAt) });
  await refreshSaved(deps, touched);
  return result;
}

/** Reads the whole list, then drops saved runs it did not see. Adds to `result` and `touched`. */
async function fullSync(
  deps: HistorySyncDeps,
  result: HistorySyncResult,
  touched: string[],
): Promise<HistorySyncResult> {
  const seen = new Set<string>();
  const newest = await readPages(deps, {}, result, touched, seen);
  result.removed += await deps.snapshot.removeUnseen(deps.profileId, seen, newest.createdAt);
  result.full = true;
  await deps.snapshot.markSynced(deps.profileId, { full: true, cursor: newest.updatedAt });
  await refreshSaved(deps, touched);
  return result;
}

/** Asks again for the saved detail and restore lists of runs that changed (see the note at the top). */
async function refreshSaved(deps: HistorySyncDeps, runIds: readonly string[]): Promise<void> {
  const { snapshot, profileId, detail, restores } = deps;
  if (runIds.length === 0) return;
  const quietly = (p: Promise<unknown>): Promise<void> =>
    p.then(
      () => undefined,
      () => undefined,
    );
  if (restores && (await snapshot.restores(profileId, null))) await quietly(restores(null));
  for (const runId of new Set(runIds)) {
    if (detail && (await snapshot.detail(profileId, runId))) await quietly(detail(runId));
    if (restores && (await snapshot.restores(profileId, runId))) await quietly(restores(runId));
  }
}

/**
 * Pages newest first through the runs matching `filter`, saving those that differ from the saved copy.
 * A run created or changed while paging pushes the rest down by one, so a run is read twice at worst,
 * never skipped. Runs saved before whose updatedAt moved go into `touched`. Returns the newest updatedAt and
 * createdAt read.
 */
async function readPages(
  deps: HistorySyncDeps,
  filter: Pick<RunListQuery, 'changedSince'>,
  result: HistorySyncResult,
  touched: string[],
  seen?: Set<string>,
): Promise<{ updatedAt: string | null; createdAt: string | null }> {
  const { snapshot, profileId } = deps;
  const limit = Math.min(deps.pageSize ?? SYNC_PAGE_SIZE, SYNC_PAGE_SIZE);
  const newest = { updatedAt: null as string | null, createdAt: null as string | null };
  for (let offset = 0; ; offset += limit) {
    const page = await deps.list({ limit, offset, sort: 'createdAt', direction: 'desc', ...filter });
    result.pages++;
    result.read += page.runs.length;
    const changed: Run[] = [];
    for (const run of page.runs) {
      seen?.add(run.runId);
      newest.updatedAt = later(newest.updatedAt, run.updatedAt ?? null);
      newest.createdAt = later(newest.createdAt, run.createdAt);
      const saved = await snapshot.get(profileId, run.runId);
      if (saved === null || JSON.stringify(saved) !== JSON.stringify(run)) changed.push(run);
      // A copy saved before runs had updatedAt differs only by that field: nothing to ask again for it.
      if (saved?.updatedAt !== undefined && saved.updatedAt !== run.updatedAt) touched.push(run.runId);
    }
    result.changed += changed.length;
    if (changed.length > 0) await snapshot.recordRuns(profileId, changed);
    if (page.runs.length < limit || offset + page.runs.length >= page.total) return newest;
  }
}

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a;
