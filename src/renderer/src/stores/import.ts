import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppErrorData } from '../../../shared/contract/errors';
import type { ImportContext, InspectPreview } from '../../../shared/contract/files';
import type { FileInspection, ImportFile, Run } from '../../../shared/contract/runs';
import { checkWorkbookFile, toBase64 } from '../pages/import/workbook-file';
import { invokeSafely } from './invoke';
import type { PageStoreDeps } from './page-store-deps';
import { loading, ready, type Resource } from './resource';

/** One workbook's inspection: the first rows arrive early, the full profile when every row was read. */
export interface Inspection {
  path: string;
  requestId: string;
  phase: 'downloading' | 'preview' | 'reading' | 'done' | 'error';
  rowsRead: number;
  preview: InspectPreview | null;
  result: FileInspection | null;
  error: AppErrorData | null;
}

export interface UploadState {
  name: string;
  phase: 'checking' | 'sending' | 'writing' | 'done' | 'failed';
  loadedBytes: number;
  totalBytes: number;
  error: AppErrorData | null;
  uploadId: string | null;
}

/** A picked or dropped file: the browser's File, or anything with the same three members. */
export interface PickedFile {
  name: string;
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type UploadOutcome =
  { ok: true; file: ImportFile } | { ok: false; error: AppErrorData; exists?: boolean };

export interface ImportState {
  workbooks: Resource<ImportFile[]>;
  context: Resource<ImportContext>;
  inspection: Inspection | null;
  upload: UploadState | null;
  starting: boolean;
  loadWorkbooks(): Promise<void>;
  loadContext(): Promise<void>;
  /** inspects a workbook of Files/import; a newer call supersedes an older one */
  inspect(path: string): Promise<void>;
  uploadFile(file: PickedFile, options?: { replace?: boolean }): Promise<UploadOutcome>;
  cancelUpload(): Promise<void>;
  dismissUpload(): void;
  startRun(
    inputPath: string,
    parameters: Record<string, string>,
  ): Promise<{ ok: true; run: Run } | { ok: false; error: AppErrorData }>;
  /** follows inspect.progress, upload.progress and run.changed; returns the unsubscribe function */
  connect(): () => void;
}

export type ImportStore = StoreApi<ImportState>;

const DEFAULT_MAX_UPLOAD = 100 * 1024 * 1024;
const PREVIEW_ROWS = 50;

export function createImportStore({ portal }: PageStoreDeps): ImportStore {
  return createStore<ImportState>()((set, get) => {
    const patchInspection = (requestId: string, patch: Partial<Inspection>): void => {
      const current = get().inspection;
      if (current?.requestId === requestId) set({ inspection: { ...current, ...patch } });
    };
    const patchUpload = (patch: Partial<UploadState>): void => {
      const current = get().upload;
      if (current) set({ upload: { ...current, ...patch } });
    };
    const failUpload = (error: AppErrorData): UploadOutcome => {
      patchUpload({ phase: 'failed', error });
      return { ok: false, error };
    };

    return {
      workbooks: loading,
      context: loading,
      inspection: null,
      upload: null,
      starting: false,

      async loadWorkbooks() {
        const result = await invokeSafely(portal, 'files.list', {});
        set({ workbooks: result.ok ? ready(result.value.files) : { status: 'error', error: result.error } });
      },

      async loadContext() {
        const result = await invokeSafely(portal, 'files.context', {});
        set({ context: result.ok ? ready(result.value) : { status: 'error', error: result.error } });
      },

      async inspect(path) {
        const requestId = crypto.randomUUID();
        set({
          inspection: {
            path,
            requestId,
            phase: 'downloading',
            rowsRead: 0,
            preview: null,
            result: null,
            error: null,
          },
        });
        const result = await invokeSafely(portal, 'files.inspectLive', {
          path,
          requestId,
          maxRows: PREVIEW_ROWS,
        });
        if (result.ok) {
          patchInspection(requestId, {
            phase: 'done',
            result: result.value,
            rowsRead: result.value.profile.rows_in,
          });
        } else patchInspection(requestId, { phase: 'error', error: result.error });
      },

      async uploadFile(file, options = {}) {
        if (get().upload && ['checking', 'sending', 'writing'].includes(get().upload?.phase ?? '')) {
          return {
            ok: false,
            error: {
              code: 'CONFLICT',
              message: 'Another upload is still running.',
              hint: 'Wait for it to finish.',
            },
          };
        }
        set({
          upload: {
            name: file.name,
            phase: 'checking',
            loadedBytes: 0,
            totalBytes: file.size,
            error: null,
            uploadId: null,
          },
        });
        const ctx = get().context;
        const maxBytes = ctx.status === 'ready' ? ctx.value.maxUploadBytes : DEFAULT_MAX_UPLOAD;
        const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
        const refused = checkWorkbookFile(file, head, maxBytes);
        if (refused) return failUpload(refused);

        const begun = await invokeSafely(portal, 'files.uploadBegin', {
          name: file.name,
          size: file.size,
          replace: options.replace ?? false,
        });
        if (!begun.ok) {
          if (begun.error.code === 'CONFLICT' && !options.replace) {
            // Not a failure yet: the page asks whether to replace the workbook of the same name.
            set({ upload: null });
            return { ok: false, error: begun.error, exists: true };
          }
          return failUpload(begun.error);
        }
        const { uploadId, chunkBytes } = begun.value;
        patchUpload({ phase: 'sending', uploadId });
        for (let index = 0, offset = 0; offset < file.size; index += 1, offset += chunkBytes) {
          if (get().upload?.uploadId !== uploadId) return { ok: false, error: cancelled(file.name) };
          const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
          const sent = await invokeSafely(portal, 'files.uploadChunk', {
            uploadId,
            index,
            data: toBase64(bytes),
          });
          if (!sent.ok) return failUpload(sent.error);
          patchUpload({ loadedBytes: sent.value.receivedBytes });
        }
        if (get().upload?.uploadId !== uploadId) return { ok: false, error: cancelled(file.name) };
        patchUpload({ phase: 'writing', loadedBytes: 0 });
        const committed = await invokeSafely(portal, 'files.uploadCommit', { uploadId });
        if (!committed.ok) return failUpload(committed.error);
        patchUpload({ phase: 'done', loadedBytes: file.size });
        await get().loadWorkbooks();
        void get().inspect(committed.value.path);
        return { ok: true, file: committed.value };
      },

      async cancelUpload() {
        const upload = get().upload;
        set({ upload: null });
        if (upload?.uploadId) await invokeSafely(portal, 'files.uploadCancel', { uploadId: upload.uploadId });
      },

      dismissUpload() {
        set({ upload: null });
      },

      async startRun(inputPath, parameters) {
        set({ starting: true });
        try {
          const result = await invokeSafely(portal, 'runs.start', { inputPath, parameters });
          return result.ok ? { ok: true, run: result.value } : { ok: false, error: result.error };
        } finally {
          set({ starting: false });
        }
      },

      connect() {
        const offInspect = portal.on('inspect.progress', (p) => {
          const current = get().inspection;
          if (current?.requestId !== p.requestId || current.phase === 'done' || current.phase === 'error')
            return;
          patchInspection(p.requestId, {
            phase: p.phase,
            rowsRead: Math.max(current.rowsRead, p.rowsRead),
            ...(p.preview ? { preview: p.preview } : {}),
          });
        });
        const offUpload = portal.on('upload.progress', (p) => {
          const current = get().upload;
          if (current?.uploadId !== p.uploadId || current.phase !== 'writing') return;
          if (p.phase === 'writing') patchUpload({ loadedBytes: p.loadedBytes });
        });
        // A finished run can become the new baseline of the comparison.
        const offRun = portal.on('run.changed', (p) => {
          if (p.run?.status === 'Completed') void get().loadContext();
        });
        return () => {
          offInspect();
          offUpload();
          offRun();
        };
      },
    };
  });
}

const cancelled = (name: string): AppErrorData => ({
  code: 'CANCELLED',
  message: `The upload of ${name} was cancelled.`,
});
