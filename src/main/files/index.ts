import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../shared/contract/files';
import type { RunList, RunListQuery } from '../../shared/contract/runs';
import type { OneLakeClient } from '../fabric/onelake/onelake-client';
import type { WorkbookInspector } from '../ingest/workbook-inspector';
import { ImportContextReader } from './import-context';
import { ImportUploads, type UploadProgress } from './import-uploads';
import { LiveInspection, type InspectProgress } from './live-inspection';

export interface ImportServices {
  uploads: ImportUploads;
  inspection: LiveInspection;
  context: ImportContextReader;
  close(): Promise<void>;
}

/** The Import page's services in main, over the active profile's OneLake client and run list. */
export function createImportServices(deps: {
  onelake: () => Promise<OneLakeClient>;
  inspector: Pick<WorkbookInspector, 'quickPreview' | 'inspectWorkbook'>;
  listRuns: (query: RunListQuery) => Promise<RunList>;
  requestedBy: () => string;
  tmpDir: string;
  onUploadProgress: (p: UploadProgress) => void;
  onInspectProgress: (p: InspectProgress) => void;
}): ImportServices {
  const uploads = new ImportUploads({
    onelake: deps.onelake,
    tmpDir: deps.tmpDir,
    onProgress: deps.onUploadProgress,
  });
  const inspection = new LiveInspection({
    onelake: deps.onelake,
    inspector: deps.inspector,
    tmpDir: deps.tmpDir,
    onProgress: deps.onInspectProgress,
  });
  const context = new ImportContextReader({
    requestedBy: deps.requestedBy,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    chunkBytes: UPLOAD_CHUNK_BYTES,
    onelake: deps.onelake,
    listRuns: deps.listRuns,
  });
  return { uploads, inspection, context, close: () => uploads.close() };
}

export type { UploadProgress } from './import-uploads';
export type { InspectProgress } from './live-inspection';
