import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { LockStatus, Run, RunEvent, RunStats, RunStatusValue } from '../../../shared/contract/runs';
import {
  createBrowserNotifier,
  type NotifyPermission,
  type RunNotifier,
} from '../pages/monitor/browser-notifier';
import { mergeEvents } from '../pages/monitor/event-filter';
import { runEndNotice } from '../pages/monitor/run-end-notice';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

const RECENT_LIMIT = 8;
const STATS_LIMIT = 50;

export interface MonitorState {
  /** the run picked by the user or a deep link; `null` follows the newest run */
  pinnedRunId: string | null;
  /** the run shown (pinned, else the newest); `null` when no run was ever recorded */
  latest: Resource<Run | null>;
  /** audit events of the shown run, oldest first, appended live */
  events: Resource<RunEvent[]>;
  /** the newest runs, newest first, for picking one */
  recent: Resource<Run[]>;
  /** durations of past Completed runs, for the elapsed-time bar */
  stats: Resource<RunStats>;
  /** main's lock reading with the monitor lease (who polls Fabric for the active run) */
  lock: LockStatus | null;
  /** database time minus local time, from the last lock reading: elapsed times tick on database time */
  clockOffsetMs: number;
  cancelling: boolean;
  notifyPermission: NotifyPermission;
  load(): Promise<void>;
  /**
   * Shows one run on Monitor (deep link from Import, the header's lock indicator, Archive…); `null` goes back
   * to following the newest run. Callers also switch the page: `app.setPage('monitor')`.
   */
  showRun(runId: string | null): void;
  cancel(runId: string): Promise<AppErrorData | null>;
  /** asks for OS notifications; call it from a click (browsers refuse otherwise) */
  enableNotifications(): Promise<NotifyPermission>;
  /** follows run.changed and lock.changed, notifies run ends; returns the unsubscribe function */
  connect(): () => void;
}

export type MonitorStore = StoreApi<MonitorState>;

export interface MonitorStoreDeps extends PageStoreDeps {
  /** OS notifications for run ends; in Electron main shows them, so the renderer's notifier stays silent */
  notifier?: RunNotifier | null;
  /** brings the Monitor page forward when a notification is clicked */
  onNoticeClick?: (runId: string) => void;
}

export function createMonitorStore(deps: MonitorStoreDeps): MonitorStore {
  const { portal } = deps;
  const notifier =
    deps.notifier !== undefined ? deps.notifier : portal.host === 'preview' ? createBrowserNotifier() : null;
  // Last status seen of every run this window heard of: a change from active to ended is a run ending.
  const seen = new Map<string, RunStatusValue>();
  // "<runId>:<status>" already announced: a list read before the end can set `seen` back to an active status,
  // and the same end must not be announced twice.
  const announced = new Set<string>();
  // Loads may overlap (a push arrives during a load): only the newest one may write.
  let generation = 0;

  return createStore<MonitorState>()((set, get) => {
    const remember = (run: Run) => seen.set(run.runId, run.status);

    const loadEvents = async (runId: string, gen: number) => {
      const result = await invokeSafely(portal, 'runs.events', { runId, limit: 1_000 });
      if (gen !== generation || currentRunId() !== runId) return;
      if (!result.ok) {
        set({ events: { status: 'error', error: result.error } });
        return;
      }
      const shown = get().events;
      set({
        events: ready(
          shown.status === 'ready' ? mergeEvents(shown.value, result.value.events) : result.value.events,
        ),
      });
    };

    const currentRunId = (): string | null => {
      const latest = get().latest;
      return latest.status === 'ready' ? (latest.value?.runId ?? null) : null;
    };

    // The shown run is left out of its own baseline: a completed run is not compared with itself.
    const loadStats = async (excludeRunId: string | null) => {
      const result = await invokeSafely(portal, 'runs.stats', {
        limit: STATS_LIMIT,
        ...(excludeRunId === null ? {} : { excludeRunId }),
      });
      set({ stats: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    };

    const loadLock = async () => {
      const result = await invokeSafely(portal, 'lock.status', {});
      if (result.ok) setLock(result.value);
    };

    const setLock = (reading: LockStatus) => {
      const offset = Date.parse(reading.now) - Date.now();
      set({ lock: reading, clockOffsetMs: Number.isFinite(offset) ? offset : 0 });
    };

    const onRunChanged = (payload: { runId: string | null; run: Run | null }) => {
      const { run } = payload;
      if (run === null) {
        // A resync (the database listener was down) or a run that vanished: read everything again.
        void get().load();
        return;
      }
      let notice = runEndNotice(seen.get(run.runId), run);
      if (notice && announced.has(`${run.runId}:${run.status}`)) notice = null;
      if (notice) announced.add(`${run.runId}:${run.status}`);
      remember(run);
      if (notice && notifier) {
        notifier.show(notice, () => {
          get().showRun(run.runId);
          deps.onNoticeClick?.(run.runId);
        });
      }
      if (notice && run.status === 'Completed') void loadStats(currentRunId());

      const recent = get().recent;
      const known = recent.status === 'ready' && recent.value.some((r) => r.runId === run.runId);
      if (recent.status === 'ready') {
        set({
          recent: ready(
            known
              ? recent.value.map((r) => (r.runId === run.runId ? run : r))
              : [run, ...recent.value].slice(0, RECENT_LIMIT),
          ),
        });
      }
      const shownId = currentRunId();
      const { pinnedRunId } = get();
      if (shownId === run.runId) {
        set({ latest: ready(run) });
        void loadEvents(run.runId, generation);
      } else if (pinnedRunId === null && !known) {
        // A new run while following the newest: switch to it.
        void get().load();
      }
    };

    return {
      pinnedRunId: null,
      latest: loading,
      events: loading,
      recent: loading,
      stats: loading,
      lock: null,
      clockOffsetMs: 0,
      cancelling: false,
      notifyPermission: notifier?.permission() ?? 'unsupported',

      async load() {
        const gen = ++generation;
        const { pinnedRunId } = get();
        void loadLock();
        const list = await invokeSafely(portal, 'runs.list', { limit: RECENT_LIMIT });
        if (gen !== generation) return;
        if (!list.ok) {
          void loadStats(null);
          set({
            latest: { status: 'error', error: list.error },
            recent: { status: 'error', error: list.error },
          });
          return;
        }
        list.value.runs.forEach(remember);
        set({ recent: ready(list.value.runs) });
        let run: Run | null = list.value.runs[0] ?? null;
        if (pinnedRunId !== null) {
          const pinned = list.value.runs.find((r) => r.runId === pinnedRunId);
          if (pinned) run = pinned;
          else {
            const one = await invokeSafely(portal, 'runs.get', { runId: pinnedRunId });
            if (gen !== generation) return;
            if (!one.ok) {
              void loadStats(null);
              set({ latest: { status: 'error', error: one.error }, events: ready([]) });
              return;
            }
            run = one.value;
            remember(run);
          }
        }
        const previousId = currentRunId();
        set({ latest: ready(run) });
        void loadStats(run?.runId ?? null);
        if (!run) {
          set({ events: ready([]) });
          return;
        }
        if (previousId !== run.runId) set({ events: loading });
        await loadEvents(run.runId, gen);
      },

      showRun(runId) {
        if (get().pinnedRunId === runId && runId !== null) return;
        set({ pinnedRunId: runId, latest: loading, events: loading });
        void get().load();
      },

      async cancel(runId) {
        set({ cancelling: true });
        try {
          const result = await invokeSafely(portal, 'runs.cancel', { runId });
          if (!result.ok) return result.error;
          onRunChanged({ runId, run: result.value });
          return null;
        } finally {
          set({ cancelling: false });
        }
      },

      async enableNotifications() {
        if (!notifier) return 'unsupported';
        const permission = await notifier.requestPermission();
        set({ notifyPermission: permission });
        return permission;
      },

      connect() {
        const offRun = portal.on('run.changed', onRunChanged);
        const offLock = portal.on('lock.changed', setLock);
        const offProfiles = portal.on('profiles.changed', () => {
          // Another profile is another database: its runs, not the pinned one of the old profile.
          seen.clear();
          set({ pinnedRunId: null });
          void get().load();
        });
        // Statuses and lock changes pushed while the socket was down are lost: read them again.
        const offReconnect = portal.onReconnect?.(() => void get().load()) ?? (() => undefined);
        // Notifications need the runs' statuses before they end, also when Monitor was never opened.
        void get().load();
        return () => {
          offRun();
          offLock();
          offProfiles();
          offReconnect();
        };
      },
    };
  });
}
