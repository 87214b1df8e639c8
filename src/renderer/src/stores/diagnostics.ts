import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

export interface DiagnosticsState {
  /** the last lines of the app's log file, newest last */
  logTail: Resource<string[]>;
}

export type DiagnosticsStore = StoreApi<DiagnosticsState>;

export function createDiagnosticsStore(_deps: PageStoreDeps): DiagnosticsStore {
  return createStore<DiagnosticsState>()(() => ({
    logTail: unavailable('Viewing the log is not available in this version yet.'),
  }));
}
