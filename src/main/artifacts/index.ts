import { ArtifactCache, type DownloadProgress, type OneLakeSourceProvider } from './artifact-cache';
import { ArtifactExport } from './artifact-export';
import { ArtifactReader } from './artifact-reader';
import type { BundleLimits } from './bundle-format';
import { RunBundles } from './run-bundles';
import type { RunRecordSource } from './run-record-source';
import type { SaveProgress, TableProgress } from '../../shared/contract/artifacts';
import { chooseFolderWithElectron } from './electron-folder-chooser';
import type { TableEngineFactory } from './table-engine';
import { workerTableEngine } from './worker-table-engine';

export interface ArtifactServicesDeps {
  dataDir: string;
  appVersion: string;
  /** the active profile's OneLake client; throws AppError OFFLINE when there is none */
  source: OneLakeSourceProvider;
  activeProfileId: () => string;
  /** who exports bundles (e.g. the OS user), shown to whoever opens them */
  exportedBy: () => string;
  onProgress?: (p: DownloadProgress) => void;
  records?: RunRecordSource;
  warn?: (message: string, fields?: Record<string, unknown>) => void;
  /** default: one worker thread per open table */
  engines?: TableEngineFactory;
  bundleLimits?: Partial<BundleLimits>;
  /** Save to folder…: the native dialog (default: Electron's; the preview host never shows one) */
  chooseFolder?: () => Promise<string | null>;
  onSaveProgress?: (p: SaveProgress) => void;
  /** how far a run's whole cleaned table is read for sorting and filtering */
  onTableProgress?: (p: TableProgress) => void;
}

export interface ArtifactServices {
  cache: ArtifactCache;
  reader: ArtifactReader;
  bundles: RunBundles;
  /** a run's files saved to a chosen folder, or handed to the browser as one-time downloads */
  exports: ArtifactExport;
  close(): Promise<void>;
}

/** The one entry of src/main/artifacts: offline cache, cleaned-data reader and run bundles. */
export async function createArtifactServices(deps: ArtifactServicesDeps): Promise<ArtifactServices> {
  const cache = new ArtifactCache({
    dataDir: deps.dataDir,
    source: deps.source,
    activeProfileId: deps.activeProfileId,
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    ...(deps.warn ? { warn: deps.warn } : {}),
  });
  await cache.init();
  const reader = new ArtifactReader({
    cache,
    engines: deps.engines ?? workerTableEngine(),
    ...(deps.onTableProgress ? { onTableProgress: deps.onTableProgress } : {}),
  });
  const bundles = new RunBundles({
    cache,
    dataDir: deps.dataDir,
    appVersion: deps.appVersion,
    exportedBy: deps.exportedBy,
    activeProfileId: deps.activeProfileId,
    ...(deps.records ? { records: deps.records } : {}),
    ...(deps.bundleLimits ? { limits: deps.bundleLimits } : {}),
  });
  const exports = new ArtifactExport({
    cache,
    chooseFolder: deps.chooseFolder ?? chooseFolderWithElectron,
    ...(deps.onSaveProgress ? { onProgress: deps.onSaveProgress } : {}),
  });
  return { cache, reader, bundles, exports, close: () => reader.close() };
}

export type { DownloadProgress, OneLakeSource, OneLakeSourceProvider, OpenedRun } from './artifact-cache';
export type { RunRecordSource } from './run-record-source';
export { ArtifactCache } from './artifact-cache';
export { ArtifactExport, type DownloadTicket } from './artifact-export';
export { ArtifactReader } from './artifact-reader';
export { RunBundles } from './run-bundles';
