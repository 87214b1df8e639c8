import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

export const ARCHIVE_STATUS_FILTERS = ['all', 'succeeded', 'failed', 'cancelled'] as const;
export type ArchiveStatusFilter = (typeof ARCHIVE_STATUS_FILTERS)[number];

/** One recorded run as the archive table lists it. */
export interface ArchivedRun {
  runId: string;
  inputFile: string;
  requestedBy: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface ArchiveState {
  runs: Resource<ArchivedRun[]>;
}

export type ArchiveStore = StoreApi<ArchiveState>;

export function createArchiveStore(_deps: PageStoreDeps): ArchiveStore {
  return createStore<ArchiveState>()(() => ({
    runs: unavailable('Browsing recorded runs is not available in this version yet.'),
  }));
}
