import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Kpis } from '../../../shared/artifacts';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

export interface ResultsState {
  /** kpis.json of the current run; `null` when no run has produced results yet */
  current: Resource<Kpis | null>;
}

export type ResultsStore = StoreApi<ResultsState>;

export function createResultsStore(_deps: PageStoreDeps): ResultsStore {
  return createStore<ResultsState>()(() => ({
    current: unavailable('Reading run results is not available in this version yet.'),
  }));
}
