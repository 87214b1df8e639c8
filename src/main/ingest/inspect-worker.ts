// Worker entry: runs one inspection job off the main thread and posts progress, then a result or an error.
// Built as its own electron-vite entry (out/main/inspect-worker.js); from source it is loaded through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { inspectWorkbookFile, previewWorkbook, toErrorData } from './inspect-core';
import type { InspectJob, WorkerMessage } from './inspection-types';

const port = parentPort;
const post = (m: WorkerMessage): void => port?.postMessage(m);

async function main(job: InspectJob): Promise<void> {
  try {
    const value =
      job.kind === 'preview'
        ? await previewWorkbook(job)
        : await inspectWorkbookFile(job, (rowsRead) => post({ type: 'progress', rowsRead }));
    post({ type: 'result', value });
  } catch (e) {
    post({ type: 'error', error: toErrorData(e) });
  }
}

void main(workerData as InspectJob);
