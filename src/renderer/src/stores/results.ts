import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Results } from '../../../shared/contract/runs';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

export interface ResultsState {
  /** KPIs of the current results and where they were read from (`kpis` null when there are none) */
  current: Resource<Results>;
  load(): Promise<void>;
  /** reloads when a run completes; returns the unsubscribe function */
  connect(): () => void;
}

export type ResultsStore = StoreApi<ResultsState>;

export function createResultsStore({ portal }: PageStoreDeps): ResultsStore {
  return createStore<ResultsState>()((set, get) => ({
    current: loading,

    async load() {
      const result = await invokeSafely(portal, 'results.current', {});
      set({ current: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
    },

    connect() {
      return portal.on('run.changed', ({ run }) => {
        if (run?.status === 'Completed') void get().load();
      });
    },
  }));
}
