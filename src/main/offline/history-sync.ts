import type { RunList, RunListQuery } from '../../shared/contract/runs';
import type { RunHistorySnapshot } from './run-history-snapshot';

// Brings the offline run history up to date with the database: the run list is read newest first, one
// page at a time (only that page is in memory besides the snapshot itself). The first sync of a profile
// reads the whole history. Later syncs are incremental: a finished run does not change any more, so they
// stop at the first page that brings nothing new once no run saved as unfinished is older than that page.

export const SYNC_PAGE_SIZE = 200;

export interface HistorySyncResult {
  pages: number;
  /** runs read from the database */
  read: number;
  /** runs new to the snapshot or different from the saved copy */
  changed: number;
  /** true when the whole list was read (not stopped early as unchanged) */
  full: boolean;
}

export async function syncRunHistory(deps: {
  /** the database's runs.list (not the offline fallback) */
  list: (query: RunListQuery) => Promise<RunList>;
  snapshot: RunHistorySnapshot;
  profileId: string;
  pageSize?: number;
}): Promise<HistorySyncResult> {
  const { snapshot, profileId } = deps;
  const limit = Math.min(deps.pageSize ?? SYNC_PAGE_SIZE, SYNC_PAGE_SIZE);
  const incremental = (await snapshot.fullSyncAt(profileId)) !== null;
  const unfinishedAt = await snapshot.oldestUnfinishedAt(profileId);
  const result: HistorySyncResult = { pages: 0, read: 0, changed: 0, full: false };
  // Newest first: a run created while paging pushes the rest down by one, so a run is read twice at
  // worst, never skipped.
  for (let offset = 0; ; offset += limit) {
    const page = await deps.list({ limit, offset, sort: 'createdAt', direction: 'desc' });
    result.pages++;
    result.read += page.runs.length;
    let changed = 0;
    for (const run of page.runs) {
      const saved = await snapshot.get(profileId, run.runId);
      if (saved === null || JSON.stringify(saved) !== JSON.stringify(run)) changed++;
    }
    result.changed += changed;
    if (changed > 0) await snapshot.recordRuns(profileId, page.runs);
    const last = page.runs.at(-1);
    if (page.runs.length < limit || offset + page.runs.length >= page.total || last === undefined) {
      result.full = true;
      break;
    }
    if (incremental && changed === 0 && (unfinishedAt === null || unfinishedAt >= last.createdAt)) break;
  }
  await snapshot.markSynced(profileId, { full: result.full });
  return result;
}
