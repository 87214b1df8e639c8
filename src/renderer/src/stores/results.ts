import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Kpis } from '../../../shared/artifacts';
import type { RunSummary } from '../../../shared/contract/artifacts';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { Results } from '../../../shared/contract/runs';
import { GridPages } from '../pages/results/grid/grid-pages';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

/** The current run's files in the local offline cache (needed before its rows can be shown). */
export type OfflineState =
  | { status: 'idle' }
  | { status: 'downloading'; bytesDone: number; bytesTotal: number }
  | { status: 'ready'; summary: RunSummary }
  | { status: 'error'; error: AppErrorData };

export interface ResultsState {
  /** KPIs of the current results and where they were read from (`kpis` null when there are none) */
  current: Resource<Results>;
  /** KPIs of the successful run before the current one, for the changes on the cards */
  previous: Kpis | null;
  offline: OfflineState;
  /** the path of the last bundle written by "Export run bundle" */
  exported: { path: string; bytes: number } | null;
  exportError: AppErrorData | null;
  /** the cleaned rows of the current run, paged from main */
  grid: GridPages;
  load(): Promise<void>;
  /** downloads the current run's artifacts (again) and opens its rows */
  makeAvailableOffline(): Promise<void>;
  /** drops a damaged offline copy and downloads it again */
  repairOfflineCopy(): Promise<void>;
  exportBundle(): Promise<void>;
  /** reloads when a run completes or results are restored; returns the unsubscribe function */
  connect(): () => void;
}

export type ResultsStore = StoreApi<ResultsState>;

export function createResultsStore({ portal }: PageStoreDeps): ResultsStore {
  const grid = new GridPages((request) => invokeSafely(portal, 'artifacts.query', request));
  let loadSeq = 0;

  return createStore<ResultsState>()((set, get) => {
    const currentRunId = (): string | null => {
      const c = get().current;
      return c.status === 'ready' && c.value.kpis ? c.value.runId : null;
    };

    async function loadPrevious(runId: string, seq: number): Promise<void> {
      const list = await invokeSafely(portal, 'runs.list', {
        status: ['Completed'],
        sort: 'finishedAt',
        direction: 'desc',
        limit: 20,
      });
      if (!list.ok || seq !== loadSeq) return;
      // The run before the current one; for restored (older) results, the one that finished before it.
      const runs = list.value.runs.filter((r) => r.hasKpis);
      const at = runs.findIndex((r) => r.runId === runId);
      const prev = at >= 0 ? runs[at + 1] : runs.find((r) => r.runId !== runId);
      if (!prev) return set({ previous: null });
      const kpis = await invokeSafely(portal, 'results.current', { runId: prev.runId });
      if (seq !== loadSeq) return;
      set({ previous: kpis.ok ? kpis.value.kpis : null });
    }

    return {
      current: loading,
      previous: null,
      offline: { status: 'idle' },
      exported: null,
      exportError: null,
      grid,

      async load() {
        const seq = ++loadSeq;
        const result = await invokeSafely(portal, 'results.current', {});
        if (seq !== loadSeq) return;
        const before = currentRunId();
        set({ current: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
        const runId = currentRunId();
        if (runId === null) {
          set({ previous: null, offline: { status: 'idle' } });
          grid.open(null, grid.getSnapshot().query);
          return;
        }
        if (runId === before && get().offline.status === 'ready') return;
        set({ exported: null, exportError: null });
        await Promise.all([loadPrevious(runId, seq), get().makeAvailableOffline()]);
      },

      async makeAvailableOffline() {
        const runId = currentRunId();
        if (runId === null) return;
        set({ offline: { status: 'downloading', bytesDone: 0, bytesTotal: 0 } });
        const made = await invokeSafely(portal, 'cache.makeAvailable', { runIds: [runId] });
        if (runId !== currentRunId()) return;
        // A per-run failure carries main's AppError data (code, message, hint) as given.
        const failed = made.ok ? made.value.runs.find((r) => r.state === 'failed')?.error : made.error;
        if (failed) {
          set({ offline: { status: 'error', error: failed as AppErrorData } });
          return;
        }
        // Opening the summary checks every cached file against its sha256: a damaged copy fails here.
        const summary = await invokeSafely(portal, 'artifacts.summary', { runId });
        if (runId !== currentRunId()) return;
        if (!summary.ok) {
          set({ offline: { status: 'error', error: summary.error } });
          grid.open(null, grid.getSnapshot().query);
          return;
        }
        set({ offline: { status: 'ready', summary: summary.value } });
        if (grid.getSnapshot().runId !== runId) grid.open(runId, grid.getSnapshot().query);
        else grid.retry();
      },

      async repairOfflineCopy() {
        const runId = currentRunId();
        if (runId === null) return;
        await invokeSafely(portal, 'cache.remove', { runId, origin: 'cache' });
        await get().makeAvailableOffline();
      },

      async exportBundle() {
        const runId = currentRunId();
        if (runId === null) return;
        set({ exported: null, exportError: null });
        const r = await invokeSafely(portal, 'bundles.export', { runId });
        set(r.ok ? { exported: { path: r.value.path, bytes: r.value.bytes } } : { exportError: r.error });
      },

      connect() {
        const offRun = portal.on('run.changed', ({ run }) => {
          if (run?.status === 'Completed') void get().load();
        });
        const offProgress = portal.on('download.progress', (p) => {
          const offline = get().offline;
          if (p.runId !== currentRunId() || offline.status !== 'downloading') return;
          if (p.state === 'downloading') {
            set({ offline: { status: 'downloading', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal } });
          }
        });
        return () => {
          offRun();
          offProgress();
        };
      },
    };
  });
}
