import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Kpis } from '../../../shared/artifacts';
import type { RunSummary } from '../../../shared/contract/artifacts';
import type { OpenedBundle } from '../../../shared/contract/bundles';
import type { RunRestore } from '../../../shared/contract/archive';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { Results } from '../../../shared/contract/runs';
import { checkBundleFile } from '../pages/results/bundle-file';
import { GridPages } from '../pages/results/grid/grid-pages';
import { openBundleFile } from './bundle-upload';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

/** The current run's files in the local offline cache (needed before its rows can be shown). */
export type OfflineState =
  | { status: 'idle' }
  | { status: 'downloading'; bytesDone: number; bytesTotal: number }
  | { status: 'ready'; summary: RunSummary }
  | { status: 'error'; error: AppErrorData };

/**
 * A run chosen to look at instead of the current results (Archive → "Open in Results", Offline copies →
 * "Open", an opened bundle). Not remembered across restarts: the page is "Results", and after a restart an
 * analyst expects the current ones (a bundle may also have been removed meanwhile).
 */
export type ViewedRun =
  { kind: 'run'; runId: string } | { kind: 'bundle'; runId: string; bundle: OpenedBundle };

/** A bundle being opened from a dropped or chosen file. */
export type BundleOpenState =
  | { status: 'idle' }
  | { status: 'sending'; name: string; bytesDone: number; bytesTotal: number }
  | { status: 'checking'; name: string }
  | { status: 'error'; name: string; error: AppErrorData };

export interface ResultsState {
  /** KPIs of the current results and where they were read from (`kpis` null when there are none) */
  current: Resource<Results>;
  /** KPIs of the successful run before the current one, for the changes on the cards */
  previous: Kpis | null;
  /** the restore that made the current results current, when they are a restored run */
  restored: RunRestore | null;
  offline: OfflineState;
  /** the path of the last bundle written by "Export run bundle" */
  exported: { path: string; bytes: number } | null;
  exportError: AppErrorData | null;
  /** the cleaned rows of the run on screen (the viewed one, else the current one), paged from main */
  grid: GridPages;
  /** null: the current results are shown */
  viewing: ViewedRun | null;
  bundleOpen: BundleOpenState;
  /** bundles opened on this computer (Archive lists them beside the recorded runs) */
  openedBundles: Resource<OpenedBundle[]>;
  load(): Promise<void>;
  loadOpenedBundles(): Promise<void>;
  /** removes an opened bundle's run from this computer; returns the error, if any */
  removeBundle(runId: string): Promise<AppErrorData | null>;
  /** shows one run (cached, bundled or downloadable) instead of the current results */
  viewRun(runId: string): Promise<void>;
  /** back to the current results */
  showCurrent(): Promise<void>;
  /** checks and opens a dropped or chosen .fdpbundle, then shows its run; false when it was refused */
  openBundle(file: File): Promise<boolean>;
  dismissBundleError(): void;
  /** downloads the current run's artifacts (again) and opens its rows */
  makeAvailableOffline(): Promise<void>;
  /** drops a damaged offline copy and downloads it again */
  repairOfflineCopy(): Promise<void>;
  exportBundle(): Promise<void>;
  /** reloads when a run completes or results are restored; returns the unsubscribe function */
  connect(): () => void;
}

export type ResultsStore = StoreApi<ResultsState>;

export interface ResultsStoreDeps extends PageStoreDeps {
  /** brings the Results page to the front when a run is chosen to be viewed (from another page, File → Open…) */
  onShowRun?: () => void;
}

export function createResultsStore({ portal, onShowRun }: ResultsStoreDeps): ResultsStore {
  const grid = new GridPages((request) => invokeSafely(portal, 'artifacts.query', request));
  let loadSeq = 0;
  /** a load() came while the viewed run was still being read: read it again once that reading ends */
  let recheckViewed = false;
  /** the newest reading of the shown run: an older one answering later (checked before a removal) is dropped */
  let readSeq = 0;

  return createStore<ResultsState>()((set, get) => {
    const currentRunId = (): string | null => {
      const c = get().current;
      return c.status === 'ready' && c.value.kpis ? c.value.runId : null;
    };
    /** the run whose files, rows and artifacts are on screen */
    const shownRunId = (): string | null => get().viewing?.runId ?? currentRunId();
    const closeGrid = (): void => grid.open(null, grid.getSnapshot().query);

    /**
     * Reads the shown run's summary, and again if the page asked for a fresh look meanwhile (the run may
     * have been removed on another page while its first reading was under way).
     */
    async function openShownRun(runId: string): Promise<void> {
      await readShownRun(runId);
      while (recheckViewed && shownRunId() === runId) {
        recheckViewed = false;
        await readShownRun(runId);
      }
    }

    /** reads the shown run's summary (checking its files) and opens its rows */
    async function readShownRun(runId: string): Promise<void> {
      const seq = ++readSeq;
      const stale = (): boolean => seq !== readSeq || runId !== shownRunId();
      // Opening the summary checks every cached file against its sha256: a damaged copy fails here.
      const summary = await invokeSafely(portal, 'artifacts.summary', { runId });
      if (stale()) return;
      if (!summary.ok) {
        set({ offline: { status: 'error', error: summary.error } });
        closeGrid();
        return;
      }
      const viewing = get().viewing;
      if (viewing?.runId === runId && summary.value.origin === 'bundle' && viewing.kind === 'run') {
        const listed = await invokeSafely(portal, 'bundles.list', {});
        const bundle = listed.ok ? listed.value.bundles.find((b) => b.runId === runId) : undefined;
        if (stale()) return;
        if (bundle) set({ viewing: { kind: 'bundle', runId, bundle } });
      }
      set({ offline: { status: 'ready', summary: summary.value } });
      if (grid.getSnapshot().runId !== runId) grid.open(runId, grid.getSnapshot().query);
      else grid.retry();
    }

    /** The completed run with KPIs that finished just before `runId`, or null when there is none. */
    async function previousRunId(runId: string): Promise<string | null> {
      const list = await invokeSafely(portal, 'runs.list', {
        status: ['Completed'],
        sort: 'finishedAt',
        direction: 'desc',
        limit: 20,
      });
      if (!list.ok) return null;
      const runs = list.value.runs.filter((r) => r.hasKpis);
      const at = runs.findIndex((r) => r.runId === runId);
      if (at >= 0) return runs[at + 1]?.runId ?? null;
      // Restored results older than the newest 20: look among the runs created before it. Any newer run
      // finished after it, so comparing with one would read the change backwards.
      const run = await invokeSafely(portal, 'runs.get', { runId });
      const finishedAt = run.ok ? run.value.finishedAt : null;
      if (!run.ok || finishedAt === null) return null;
      const older = await invokeSafely(portal, 'runs.list', {
        status: ['Completed'],
        sort: 'finishedAt',
        direction: 'desc',
        limit: 20,
        to: run.value.createdAt,
      });
      if (!older.ok) return null;
      const prev = older.value.runs.find(
        (r) => r.hasKpis && r.runId !== runId && r.finishedAt !== null && r.finishedAt < finishedAt,
      );
      return prev?.runId ?? null;
    }

    async function loadPrevious(runId: string, seq: number): Promise<void> {
      const prev = await previousRunId(runId);
      if (seq !== loadSeq) return;
      if (prev === null) return set({ previous: null });
      const kpis = await invokeSafely(portal, 'results.current', { runId: prev });
      if (seq !== loadSeq) return;
      set({ previous: kpis.ok ? kpis.value.kpis : null });
    }

    /** The newest restore, when it is what made `runId` current (a run finished since then replaces it). */
    async function loadRestored(runId: string, seq: number): Promise<void> {
      const r = await invokeSafely(portal, 'runs.restores', { limit: 1 });
      if (seq !== loadSeq) return;
      const last = r.ok ? r.value.restores[0] : undefined;
      set({ restored: last && last.runId === runId ? last : null });
    }

    return {
      current: loading,
      previous: null,
      restored: null,
      offline: { status: 'idle' },
      exported: null,
      exportError: null,
      grid,
      viewing: null,
      bundleOpen: { status: 'idle' },
      openedBundles: loading,

      async loadOpenedBundles() {
        const r = await invokeSafely(portal, 'bundles.list', {});
        set({ openedBundles: r.ok ? ready(r.value.bundles) : { status: 'error', error: r.error } });
      },

      async removeBundle(runId) {
        const r = await invokeSafely(portal, 'cache.remove', { runId, origin: 'bundle' });
        await get().loadOpenedBundles();
        if (!r.ok) return r.error;
        // The run on screen is gone: say so instead of showing rows that can no longer be read.
        if (get().viewing?.runId === runId) await openShownRun(runId);
        return null;
      },

      async load() {
        const seq = ++loadSeq;
        const result = await invokeSafely(portal, 'results.current', {});
        if (seq !== loadSeq) return;
        const before = currentRunId();
        set({ current: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
        const viewing = get().viewing;
        if (viewing) {
          // The current results update quietly; the viewed run is checked again (it may have been removed).
          if (get().offline.status !== 'downloading') await openShownRun(viewing.runId);
          else recheckViewed = true;
          return;
        }
        const runId = currentRunId();
        if (runId === null) {
          set({ previous: null, restored: null, offline: { status: 'idle' } });
          grid.open(null, grid.getSnapshot().query);
          return;
        }
        if (runId === before && get().offline.status === 'ready') return;
        set({ exported: null, exportError: null });
        await Promise.all([loadPrevious(runId, seq), loadRestored(runId, seq), get().makeAvailableOffline()]);
      },

      async viewRun(runId) {
        onShowRun?.();
        if (get().viewing?.runId === runId && get().offline.status === 'ready') return;
        ++loadSeq;
        set({
          viewing: { kind: 'run', runId },
          previous: null,
          exported: null,
          exportError: null,
          offline: { status: 'downloading', bytesDone: 0, bytesTotal: 0 },
        });
        closeGrid();
        // A run not on this computer yet is downloaded by the reader first (progress by download.progress).
        await openShownRun(runId);
      },

      async showCurrent() {
        if (get().viewing === null) return;
        set({ viewing: null, exported: null, exportError: null, offline: { status: 'idle' } });
        closeGrid();
        await get().load();
      },

      async openBundle(file) {
        const refused = checkBundleFile(file);
        if (refused) {
          set({ bundleOpen: { status: 'error', name: file.name, error: refused } });
          return false;
        }
        set({ bundleOpen: { status: 'sending', name: file.name, bytesDone: 0, bytesTotal: file.size } });
        const opened = await openBundleFile(portal, file, (bytesDone) => {
          set({ bundleOpen: { status: 'sending', name: file.name, bytesDone, bytesTotal: file.size } });
          if (bytesDone >= file.size) set({ bundleOpen: { status: 'checking', name: file.name } });
        });
        if (!opened.ok) {
          set({ bundleOpen: { status: 'error', name: file.name, error: opened.error } });
          return false;
        }
        set({ bundleOpen: { status: 'idle' } });
        void get().loadOpenedBundles();
        // Re-opening the bundle of the run on screen replaces its files: read them again.
        if (get().viewing?.runId === opened.value.runId) set({ viewing: null });
        await get().viewRun(opened.value.runId);
        return true;
      },

      dismissBundleError() {
        set({ bundleOpen: { status: 'idle' } });
      },

      async makeAvailableOffline() {
        const runId = shownRunId();
        if (runId === null) return;
        const viewing = get().viewing;
        if (viewing?.kind === 'bundle') {
          // An opened bundle is read-only and never downloaded: checking it means hashing its files again.
          const verified = await invokeSafely(portal, 'cache.verify', { runId });
          if (runId !== shownRunId()) return;
          if (!verified.ok || !verified.value.ok) {
            const error: AppErrorData = verified.ok
              ? {
                  code: 'INPUT_INVALID',
                  message: `The opened bundle of run ${runId} is damaged: ${verified.value.damaged.join(', ')} does not match its sha256. It is not shown.`,
                  hint: 'Open the .fdpbundle file again to import a fresh copy.',
                }
              : verified.error;
            set({ offline: { status: 'error', error } });
            closeGrid();
            return;
          }
          await openShownRun(runId);
          return;
        }
        set({ offline: { status: 'downloading', bytesDone: 0, bytesTotal: 0 } });
        const made = await invokeSafely(portal, 'cache.makeAvailable', { runIds: [runId] });
        if (runId !== shownRunId()) return;
        // A per-run failure carries main's AppError data (code, message, hint) as given.
        const failed = made.ok ? made.value.runs.find((r) => r.state === 'failed')?.error : made.error;
        if (failed) {
          set({ offline: { status: 'error', error: failed as AppErrorData } });
          return;
        }
        await openShownRun(runId);
      },

      async repairOfflineCopy() {
        const runId = shownRunId();
        if (runId === null || get().viewing?.kind === 'bundle') return;
        await invokeSafely(portal, 'cache.remove', { runId, origin: 'cache' });
        await get().makeAvailableOffline();
      },

      async exportBundle() {
        const runId = shownRunId();
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
          if (p.runId !== shownRunId() || offline.status !== 'downloading') return;
          if (p.state === 'downloading') {
            set({ offline: { status: 'downloading', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal } });
          }
        });
        const offTable = portal.on('table.progress', (p) => grid.tableProgress(p));
        // Electron File → Open…: main opened (or refused) the chosen bundle.
        const offOpened = portal.on('bundle.opened', (o) => {
          if (o.opened) {
            set({ bundleOpen: { status: 'idle' }, viewing: null });
            void get().loadOpenedBundles();
            void get().viewRun(o.opened.runId);
          } else if (o.error) {
            set({ bundleOpen: { status: 'error', name: o.file, error: o.error } });
            onShowRun?.();
          }
        });
        return () => {
          offRun();
          offProgress();
          offTable();
          offOpened();
        };
      },
    };
  });
}
