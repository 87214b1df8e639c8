import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

/** The run the Monitor page follows: what Fabric reports about it and when. */
export interface ActiveRunSummary {
  runId: string;
  status: string;
  inputFile: string;
  requestedBy: string;
  startedAt: string;
}

export interface MonitorState {
  /** `null` when no run is active */
  activeRun: Resource<ActiveRunSummary | null>;
}

export type MonitorStore = StoreApi<MonitorState>;

export function createMonitorStore(_deps: PageStoreDeps): MonitorStore {
  return createStore<MonitorState>()(() => ({
    activeRun: unavailable('Following pipeline runs is not available in this version yet.'),
  }));
}
