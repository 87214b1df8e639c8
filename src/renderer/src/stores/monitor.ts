import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { Run, RunEvent } from '../../../shared/contract/runs';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

export interface MonitorState {
  /** the newest run, active or not; `null` when no run was ever recorded */
  latest: Resource<Run | null>;
  /** audit events of the newest run, oldest first */
  events: Resource<RunEvent[]>;
  cancelling: boolean;
  load(): Promise<void>;
  cancel(runId: string): Promise<AppErrorData | null>;
  /** follows run.changed; returns the unsubscribe function */
  connect(): () => void;
}

export type MonitorStore = StoreApi<MonitorState>;

export function createMonitorStore({ portal }: PageStoreDeps): MonitorStore {
  return createStore<MonitorState>()((set, get) => ({
    latest: loading,
    events: loading,
    cancelling: false,

    async load() {
      const result = await invokeSafely(portal, 'runs.list', { limit: 1 });
      if (!result.ok) {
        set({ latest: { status: 'error', error: result.error }, events: ready([]) });
        return;
      }
      const run = result.value.runs[0] ?? null;
      set({ latest: ready(run) });
      if (!run) {
        set({ events: ready([]) });
        return;
      }
      const events = await invokeSafely(portal, 'runs.events', { runId: run.runId });
      set({ events: events.ok ? ready(events.value.events) : { status: 'error', error: events.error } });
    },

    async cancel(runId) {
      set({ cancelling: true });
      try {
        const result = await invokeSafely(portal, 'runs.cancel', { runId });
        return result.ok ? null : result.error;
      } finally {
        set({ cancelling: false });
      }
    },

    connect() {
      return portal.on('run.changed', () => void get().load());
    },
  }));
}
