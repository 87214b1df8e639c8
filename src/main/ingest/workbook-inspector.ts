import { access, constants } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { locateWorker, type WorkerSpec } from '../workers/locate-worker';
import { AppError, type AppErrorData } from '../../shared/contract/errors';
import { missingColumnsMessage } from './header-map';
import type {
  InspectJob,
  PreflightResult,
  WorkbookInspection,
  WorkbookPreview,
  WorkerMessage,
} from './inspection-types';
import type { XlsxLimits } from './xlsx/limits';

export interface WorkbookInspectorOptions {
  limits?: Partial<XlsxLimits>;
  /** the worker is terminated after this long (default 5 min) */
  timeoutMs?: number;
  /** V8 old-generation heap of the worker (default 2048 MB) */
  maxHeapMb?: number;
  /** override where the worker entry lives (the composition root may pass the built path) */
  workerUrl?: URL;
}

export interface InspectOptions {
  maxPreviewRows?: number;
  signal?: AbortSignal;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Parses workbooks off the main thread: each call runs in its own worker with a heap limit and a
 * wall-clock timeout that terminates it, reporting rows read as it goes. Used by the IPC handlers (Import
 * page) and by the run orchestrator's file checks.
 */
export class WorkbookInspector {
  private readonly limits: Partial<XlsxLimits>;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly worker: WorkerSpec | null;

  constructor(options: WorkbookInspectorOptions = {}) {
    this.limits = options.limits ?? {};
    this.timeoutMs = options.timeoutMs ?? 300_000;
    this.maxHeapMb = options.maxHeapMb ?? 2048;
    this.worker = options.workerUrl ? { eval: false, script: options.workerUrl } : null;
  }

  /** Header, schema, first rows and the contract's full rule results (the engine's own code). */
  inspectWorkbook(path: string, options: InspectOptions = {}): Promise<WorkbookInspection> {
    const job: InspectJob = {
      kind: 'inspect',
      path,
      maxPreviewRows: options.maxPreviewRows ?? 100,
      limits: this.limits,
    };
    return this.run(job, options.signal, options.onProgress) as Promise<WorkbookInspection>;
  }

  /** The first `n` rows, without reading the rest of the sheet. */
  quickPreview(path: string, n = 50, signal?: AbortSignal): Promise<WorkbookPreview> {
    return this.run(
      { kind: 'preview', path, rows: n, limits: this.limits },
      signal,
    ) as Promise<WorkbookPreview>;
  }

  /** File-level checks before a run: exists, readable, is a workbook, required columns present. */
  async preflight(path: string, signal?: AbortSignal): Promise<PreflightResult> {
    try {
      await access(path, constants.R_OK);
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      return {
        ok: false,
        preview: null,
        problems: [
          missing
            ? {
                code: 'NOT_FOUND',
                message: `The workbook ${path} does not exist.`,
                hint: 'Check the path or upload it again.',
              }
            : {
                code: 'INPUT_INVALID',
                message: `The workbook ${path} is not readable.`,
                hint: 'Check its permissions.',
              },
        ],
      };
    }
    let preview: WorkbookPreview;
    try {
      preview = await this.quickPreview(path, 5, signal);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CANCELLED') throw e;
      return { ok: false, preview: null, problems: [e instanceof AppError ? e.toData() : toData(e)] };
    }
    const problems: AppErrorData[] = [];
    if (preview.missingRequired.length > 0) {
      problems.push({
        code: 'INPUT_INVALID',
        message: missingColumnsMessage(preview.missingRequired),
        hint: 'Add the missing columns to row 1 of the sheet (names are matched ignoring case, spaces, - and _).',
      });
    }
    return { ok: problems.length === 0, problems, preview };
  }

  private run(
    job: InspectJob,
    signal?: AbortSignal,
    onProgress?: (rowsRead: number) => void,
  ): Promise<WorkbookInspection | WorkbookPreview> {
    if (signal?.aborted)
      return Promise.reject(new AppError('CANCELLED', 'Inspecting the workbook was cancelled.'));
    const spec = this.worker ?? locateWorker('inspect-worker', import.meta.url);
    return new Promise((resolve, reject) => {
      const worker = new Worker(spec.script, {
        eval: spec.eval,
        workerData: job,
        resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn();
      };
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new AppError(
              'TIMEOUT',
              `Inspecting the workbook took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped.`,
              'Split the data into smaller workbooks, or try again when the computer is less busy.',
            ),
          ),
        );
      }, this.timeoutMs);
      const onAbort = (): void =>
        finish(() => reject(new AppError('CANCELLED', 'Inspecting the workbook was cancelled.')));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress?.(m.rowsRead);
        else if (m.type === 'result') finish(() => resolve(m.value));
        else finish(() => reject(new AppError(m.error.code, m.error.message, m.error.hint)));
      });
      worker.on('error', (e: Error & { code?: string }) => {
        finish(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError(
                  'INPUT_INVALID',
                  `The workbook needs more than ${this.maxHeapMb} MB of memory to inspect.`,
                  'Split the data into smaller workbooks.',
                )
              : new AppError('INTERNAL', `The workbook inspector failed: ${e.message}`),
          ),
        );
      });
      worker.on('exit', (code) => {
        finish(() =>
          reject(
            new AppError('INTERNAL', `The workbook inspector stopped unexpectedly (exit code ${code}).`),
          ),
        );
      });
    });
  }
}

function toData(e: unknown): AppErrorData {
  return { code: 'INTERNAL', message: (e as Error)?.message ?? String(e) };
}
