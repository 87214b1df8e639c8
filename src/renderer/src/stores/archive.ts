import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunDetail, RunRestore } from '../../../shared/contract/archive';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { Results, Run, RunEvent } from '../../../shared/contract/runs';
import { DEFAULT_QUERY, toListInput, type ArchiveQuery } from '../pages/archive/archive-query';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

export interface RestoreHistoryView {
  restores: RunRestore[];
  currentRunId: string | null;
}

/** At most this many runs are compared at once (a table and a chart stay readable). */
export const MAX_COMPARE = 8;

export interface ArchiveDetail {
  runId: string;
  data: Resource<RunDetail>;
  /** the run's audit events, oldest first */
  events: Resource<RunEvent[]>;
}

export interface ArchiveState {
  query: ArchiveQuery;
  page: number;
  runs: Resource<{ runs: Run[]; total: number }>;
  history: Resource<RestoreHistoryView>;
  /** run ids ticked for comparison, in the order they were ticked */
  selected: string[];
  /** the run shown in the detail drawer */
  detail: ArchiveDetail | null;
  /** details of the compared runs, oldest first; null when the comparison is closed */
  compare: Resource<RunDetail[]> | null;
  /** the current results, for the restore preview */
  current: Resource<Results>;
  /** loads page `page` of the runs matching `query` (page 1 when the query changed) */
  load(query: ArchiveQuery, page?: number): Promise<void>;
  loadHistory(): Promise<void>;
  toggleSelected(runId: string): void;
  clearSelected(): void;
  openDetail(runId: string): Promise<void>;
  closeDetail(): void;
  openCompare(): Promise<void>;
  closeCompare(): void;
  loadCurrent(): Promise<void>;
  restore(runId: string, reason: string): Promise<AppErrorData | null>;
  rerun(
    run: Run,
    parameters: Record<string, string>,
  ): Promise<{ ok: true; run: Run } | { ok: false; error: AppErrorData }>;
  /** follows run.changed (list, open detail, history); returns the unsubscribe function */
  connect(): () => void;
}

export type ArchiveStore = StoreApi<ArchiveState>;

const sameQuery = (a: ArchiveQuery, b: ArchiveQuery): boolean =>
  (Object.keys(a) as (keyof ArchiveQuery)[]).every((k) => a[k] === b[k]);

export function createArchiveStore({ portal }: PageStoreDeps): ArchiveStore {
  let listSeq = 0;
  let detailSeq = 0;

  const fetchDetail = (runId: string) => invokeSafely(portal, 'runs.detail', { runId });

  return createStore<ArchiveState>()((set, get) => ({
    query: DEFAULT_QUERY,
    page: 1,
    runs: loading,
    history: loading,
    selected: [],
    detail: null,
    compare: null,
    current: loading,

    async load(query, page) {
      const changed = !sameQuery(query, get().query);
      const target = page ?? (changed ? 1 : get().page);
      const seq = ++listSeq;
      set({ query, page: target });
      const result = await invokeSafely(portal, 'runs.list', toListInput(query, target));
      // A slower answer for a query the user already left must not overwrite the newer one.
      if (seq !== listSeq) return;
      if (!result.ok) {
        set({ runs: { status: 'error', error: result.error } });
        return;
      }
      const { runs, total } = result.value;
      set({ runs: ready({ runs, total }) });
    },

    async loadHistory() {
      const result = await invokeSafely(portal, 'runs.restores', { limit: 200 });
      set({ history: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    toggleSelected(runId) {
      const { selected } = get();
      if (selected.includes(runId)) set({ selected: selected.filter((id) => id !== runId) });
      else if (selected.length < MAX_COMPARE) set({ selected: [...selected, runId] });
    },

    clearSelected() {
      set({ selected: [] });
    },

    async openDetail(runId) {
      const seq = ++detailSeq;
      // Refreshing the open run keeps what it shows until the new answer is there.
      const keep = get().detail?.runId === runId ? get().detail : null;
      set({ detail: keep ?? { runId, data: loading, events: loading } });
      const [result, events] = await Promise.all([
        fetchDetail(runId),
        invokeSafely(portal, 'runs.events', { runId, limit: 500 }),
      ]);
      if (seq !== detailSeq || get().detail?.runId !== runId) return;
      set({
        detail: {
          runId,
          data: result.ok ? ready(result.value) : { status: 'error', error: result.error },
          events: events.ok ? ready(events.value.events) : { status: 'error', error: events.error },
        },
      });
    },

    closeDetail() {
      detailSeq++;
      set({ detail: null });
    },

    async openCompare() {
      const ids = get().selected;
      set({ compare: loading });
      const results = await Promise.all(ids.map(fetchDetail));
      if (get().compare === null) return;
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) {
        set({ compare: { status: 'error', error: failed.error } });
        return;
      }
      const details = results.flatMap((r) => (r.ok ? [r.value] : []));
      details.sort((a, b) => a.run.createdAt.localeCompare(b.run.createdAt));
      set({ compare: ready(details) });
    },

    closeCompare() {
      set({ compare: null });
    },

    async loadCurrent() {
      set({ current: loading });
      const result = await invokeSafely(portal, 'results.current', {});
      set({ current: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    async restore(runId, reason) {
      const trimmed = reason.trim();
      const result = await invokeSafely(portal, 'runs.restore', {
        runId,
        ...(trimmed ? { reason: trimmed } : {}),
      });
      if (!result.ok) return result.error;
      await Promise.all([
        get().loadHistory(),
        get().detail?.runId === runId ? get().openDetail(runId) : null,
      ]);
      return null;
    },

    async rerun(run, parameters) {
      const result = await invokeSafely(portal, 'runs.start', { inputPath: run.inputPath, parameters });
      return result.ok ? { ok: true, run: result.value } : { ok: false, error: result.error };
    },

    connect() {
      const offRun = portal.on('run.changed', ({ runId }) => {
        const { query, page, detail } = get();
        void get().load(query, page);
        // A finished run may have become the current results.
        void get().loadHistory();
        if (detail && (runId === null || runId === detail.runId)) void get().openDetail(detail.runId);
      });
      return offRun;
    },
  }));
}
