import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/contract/errors';
import type { PipelineWorkerMessage } from './pipeline-worker-types';
import type { PipelineRunRequest, PipelineRunResult } from './run-pipeline';
import { locateWorker, type WorkerSpec } from '../workers/locate-worker';

export interface WorkerPipelineRunnerOptions {
  /** V8 old-generation heap of each run's worker; default: Node's own default */
  maxHeapMb?: number;
  /** override where the worker entry lives (e.g. a built out/main/pipeline-worker.js) */
  workerUrl?: URL;
}

/**
 * A pipeline runner (the emulator's `pipelineRunner`) that executes runSalesPipeline in its own
 * worker_threads Worker per run. The engine parses and writes synchronously for long stretches; on the
 * calling thread that froze every other service of the process (the Demo host's HTTP clients, WebSocket
 * and UI) for the whole run. Aborting the request's signal terminates the worker and rejects with
 * CANCELLED, so the emulator ends the job Cancelled.
 */
export function createWorkerPipelineRunner(
  options: WorkerPipelineRunnerOptions = {},
): (req: PipelineRunRequest) => Promise<PipelineRunResult> {
  return (req) => {
    const { signal, ...data } = req;
    const cancelled = (): AppError => new AppError('CANCELLED', 'The run was cancelled.');
    if (signal?.aborted) return Promise.reject(cancelled());
    const spec: WorkerSpec = options.workerUrl
      ? { eval: false, script: options.workerUrl }
      : locateWorker('pipeline-worker', import.meta.url);
    return new Promise((resolve, reject) => {
      const worker = new Worker(spec.script, {
        eval: spec.eval,
        workerData: data,
        ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}),
      });
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn();
      };
      const onAbort = (): void => finish(() => reject(cancelled()));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: PipelineWorkerMessage) => {
        if (m.type === 'result') finish(() => resolve(m.value));
        else finish(() => reject(new AppError('INTERNAL', `The pipeline engine failed: ${m.message}`)));
      });
      worker.on('error', (e: Error & { code?: string }) =>
        finish(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError(
                  'INPUT_INVALID',
                  'The pipeline engine ran out of memory on this workbook.',
                  'Split the data into smaller workbooks.',
                )
              : new AppError('INTERNAL', `The pipeline engine failed: ${e.message}`),
          ),
        ),
      );
      worker.on('exit', (code) =>
        finish(() =>
          reject(new AppError('INTERNAL', `The pipeline engine stopped unexpectedly (exit code ${code}).`)),
        ),
      );
    });
  };
}
