// Worker entry: runs one local sales-pipeline engine run off the main thread and posts its result.
// Built as its own electron-vite entry (out/main/pipeline-worker.js); from source it is loaded through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { runSalesPipeline, type PipelineRunRequest } from './run-pipeline';
import type { PipelineWorkerMessage } from './pipeline-worker-types';

const post = (m: PipelineWorkerMessage): void => parentPort?.postMessage(m);

async function main(req: Omit<PipelineRunRequest, 'signal'>): Promise<void> {
  try {
    post({ type: 'result', value: await runSalesPipeline(req) });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

void main(workerData as Omit<PipelineRunRequest, 'signal'>);
