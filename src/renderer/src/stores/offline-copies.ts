import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CacheList, CacheOrigin } from '../../../shared/contract/artifacts';
import { ERROR_CODES } from '../../../shared/contract/error-codes';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { Portal } from '../portal';
import { invokeSafely } from './invoke';
import { loading, ready, type Resource } from './resource';

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
  state: 'downloading' | 'done' | 'failed';
}

export interface OfflineCopiesState {
  list: Resource<CacheList>;
  /** download.progress of the runs being made available, by run id */
  progress: Record<string, DownloadProgress>;
  /** a "make the latest N available" is running */
  downloading: boolean;
  /** runs being removed */
  removing: string[];
  load(): Promise<void>;
  /** returns a sentence for the user (what happened) or the error */
  makeLatest(n: number): Promise<{ message: string } | { error: AppErrorData }>;
  /** runs being made available one by one (the Archive's run detail) */
  fetching: string[];
  /** downloads one run; returns null or the error (main's, or the run's own download failure) */
  makeRun(runId: string): Promise<AppErrorData | null>;
  remove(runId: string, origin: CacheOrigin): Promise<AppErrorData | null>;
  setLimit(limitBytes: number): Promise<{ evicted: string[] } | { error: AppErrorData }>;
  /** follows download.progress; returns the unsubscribe function */
  connect(): () => void;
}

export type OfflineCopiesStore = StoreApi<OfflineCopiesState>;

/** The "Offline copies" section of Settings: runs in the local artifact cache, their sizes and the limit. */
export function createOfflineCopiesStore({ portal }: { portal: Portal }): OfflineCopiesStore {
  return createStore<OfflineCopiesState>()((set, get) => ({
    list: loading,
    progress: {},
    downloading: false,
    removing: [],
    fetching: [],

    async load() {
      const r = await invokeSafely(portal, 'cache.list', {});
      set({ list: r.ok ? ready(r.value) : { status: 'error', error: r.error } });
    },

    async makeLatest(n) {
      set({ downloading: true, progress: {} });
      try {
        const r = await invokeSafely(portal, 'cache.makeAvailable', { latest: n });
        if (!r.ok) return { error: r.error };
        const count = (s: string) => r.value.runs.filter((x) => x.state === s).length;
        const failed = r.value.runs.find((x) => x.state === 'failed');
        const parts = [`${count('downloaded')} downloaded`, `${count('already-cached')} already offline`];
        if (failed) parts.push(`${count('failed')} failed (${failed.error?.message ?? 'unknown error'})`);
        return { message: `${r.value.runs.length} run(s): ${parts.join(', ')}.` };
      } finally {
        set({ downloading: false });
        await get().load();
      }
    },

    async makeRun(runId) {
      set({ fetching: [...get().fetching, runId] });
      try {
        const r = await invokeSafely(portal, 'cache.makeAvailable', { runIds: [runId] });
        if (!r.ok) return r.error;
        const failed = r.value.runs.find((x) => x.state === 'failed');
        if (!failed) return null;
        const e = failed.error;
        // The per-run outcome carries main's error as plain strings; an unknown code is shown as INTERNAL.
        const code = ERROR_CODES.find((c) => c === e?.code) ?? 'INTERNAL';
        return { code, message: e?.message ?? 'The download failed.', ...(e?.hint ? { hint: e.hint } : {}) };
      } finally {
        set({ fetching: get().fetching.filter((id) => id !== runId) });
        await get().load();
      }
    },

    async remove(runId, origin) {
      set({ removing: [...get().removing, runId] });
      try {
        const r = await invokeSafely(portal, 'cache.remove', { runId, origin });
        return r.ok ? null : r.error;
      } finally {
        set({ removing: get().removing.filter((id) => id !== runId) });
        await get().load();
      }
    },

    async setLimit(limitBytes) {
      const r = await invokeSafely(portal, 'cache.setLimit', { limitBytes });
      await get().load();
      return r.ok ? { evicted: r.value.evicted } : { error: r.error };
    },

    connect() {
      return portal.on('download.progress', (p) => {
        set({ progress: { ...get().progress, [p.runId]: p } });
        if (p.state !== 'downloading') void get().load();
      });
    },
  }));
}
