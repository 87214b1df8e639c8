import type { UiState } from '../../../shared/contract/ui-values';
import type { Portal } from '../portal';
import { createAppStore, type AppStore } from './app';
import { createArchiveStore, type ArchiveStore } from './archive';
import { createConnectivityStore, type ConnectivityStore } from './connectivity';
import { createOfflineCopiesStore, type OfflineCopiesStore } from './offline-copies';
import { createDiagnosticsStore, type DiagnosticsStore } from './diagnostics';
import { createImportStore, type ImportStore } from './import';
import { createMonitorStore, type MonitorStore } from './monitor';
import { createResultsStore, type ResultsStore } from './results';
import { createSettingsStore, type SettingsStore } from './settings';
import type { UiStatePersister } from './ui-state-persister';

/** Every store of the renderer, built once at start-up and handed down through React context. */
export interface Stores {
  app: AppStore;
  import: ImportStore;
  monitor: MonitorStore;
  results: ResultsStore;
  archive: ArchiveStore;
  settings: SettingsStore;
  diagnostics: DiagnosticsStore;
  connectivity: ConnectivityStore;
  offlineCopies: OfflineCopiesStore;
}

export function createStores(deps: {
  portal: Portal;
  initial: UiState;
  persister: UiStatePersister;
}): Stores {
  const pageDeps = { portal: deps.portal };
  const app = createAppStore(deps);
  return {
    app,
    import: createImportStore(pageDeps),
    monitor: createMonitorStore({ ...pageDeps, onNoticeClick: () => app.getState().setPage('monitor') }),
    results: createResultsStore({ ...pageDeps, onShowRun: () => app.getState().setPage('results') }),
    archive: createArchiveStore(pageDeps),
    settings: createSettingsStore(pageDeps),
    diagnostics: createDiagnosticsStore(pageDeps),
    connectivity: createConnectivityStore(pageDeps),
    offlineCopies: createOfflineCopiesStore(pageDeps),
  };
}
