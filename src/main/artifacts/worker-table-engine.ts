import { Worker } from 'node:worker_threads';
import { locateWorker } from '../workers/locate-worker';
import { AppError } from '../../shared/contract/errors';
import { errorFromData, type TableEngine, type TableEngineFactory } from './table-engine';
import type { PageResult } from './table-query';
import type { FromWorker, ToWorker } from './table-worker-protocol';

/**
 * One worker per open table, holding the decoded columns and the cached sort orders. Queries are answered
 * in order; closing terminates the worker and frees its memory at once.
 */
export function workerTableEngine(options: { maxHeapMb?: number; workerUrl?: URL } = {}): TableEngineFactory {
  return (file, onProgress) =>
    new Promise<TableEngine>((resolve, reject) => {
      const spec = options.workerUrl
        ? { eval: false, script: options.workerUrl }
        : locateWorker('table-worker', import.meta.url);
      const worker = new Worker(spec.script, {
        eval: spec.eval,
        workerData: file,
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 3072 },
      });
      const pending = new Map<number, { resolve: (v: PageResult) => void; reject: (e: unknown) => void }>();
      let nextId = 1;
      let ready = false;
      let closed = false;
      const failAll = (e: AppError): void => {
        for (const p of pending.values()) p.reject(e);
        pending.clear();
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          ready = true;
          resolve({
            rowCount: m.rowCount,
            query: (query) =>
              new Promise<PageResult>((res, rej) => {
                if (closed) return rej(new AppError('CANCELLED', 'The table was closed.'));
                const id = nextId++;
                pending.set(id, { resolve: res, reject: rej });
                worker.postMessage({ id, query } satisfies ToWorker);
              }),
            close: async () => {
              closed = true;
              failAll(new AppError('CANCELLED', 'The table was closed.'));
              await worker.terminate();
            },
          });
        } else if (m.type === 'progress') {
          onProgress?.(m.rowsDone, m.rowsTotal);
        } else if (m.type === 'loadError') {
          reject(errorFromData(m.error));
          void worker.terminate();
        } else {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.type === 'result') p?.resolve(m.value);
          else p?.reject(errorFromData(m.error));
        }
      });
      const died = (why: string): void => {
        const e = new AppError(
          'INTERNAL',
          `The cleaned-data reader stopped (${why}).`,
          'The table may be too large for memory; close other runs and try again.',
        );
        if (!ready) reject(e);
        failAll(e);
      };
      worker.on('error', (e) => died(e.message));
      worker.on('exit', (code) => {
        if (!closed) died(`exit code ${code}`);
      });
    });
}
