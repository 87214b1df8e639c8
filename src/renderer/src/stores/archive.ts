import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Run, RunStatusValue } from '../../../shared/contract/runs';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

export const ARCHIVE_STATUS_FILTERS = ['all', 'succeeded', 'failed', 'cancelled'] as const;
export type ArchiveStatusFilter = (typeof ARCHIVE_STATUS_FILTERS)[number];

/** The Fabric statuses each filter shows; `undefined` means every status. */
export const FILTER_STATUSES: Record<ArchiveStatusFilter, RunStatusValue[] | undefined> = {
  all: undefined,
  succeeded: ['Completed'],
  failed: ['Failed', 'Lost'],
  cancelled: ['Cancelled', 'Deduped'],
};

export const ARCHIVE_PAGE_SIZE = 50;

export interface ArchiveState {
  runs: Resource<{ runs: Run[]; total: number }>;
  filter: ArchiveStatusFilter;
  load(filter: ArchiveStatusFilter): Promise<void>;
  /** reloads when any run changes; returns the unsubscribe function */
  connect(): () => void;
}

export type ArchiveStore = StoreApi<ArchiveState>;

export function createArchiveStore({ portal }: PageStoreDeps): ArchiveStore {
  return createStore<ArchiveState>()((set, get) => ({
    runs: loading,
    filter: 'all',

    async load(filter) {
      set({ filter });
      const status = FILTER_STATUSES[filter];
      const result = await invokeSafely(portal, 'runs.list', {
        limit: ARCHIVE_PAGE_SIZE,
        ...(status ? { status } : {}),
      });
      // A slower answer for a filter the user already left must not overwrite the newer one.
      if (get().filter !== filter) return;
      set({
        runs: result.ok
          ? ready({ runs: result.value.runs, total: result.value.total })
          : { status: 'error', error: result.error },
      });
    },

    connect() {
      return portal.on('run.changed', () => void get().load(get().filter));
    },
  }));
}
