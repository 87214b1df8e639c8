// Worker entry: loads one run's cleaned table and answers page queries, so that decoding a 1M-row parquet
// and sorting it never block the main process's event loop. Built as its own electron-vite entry
// (out/main/table-worker.js); from source it is loaded through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { TableQueryEngine } from './table-query';
import { loadTable, type TableFile } from './table-source';
import { toErrorData, type FromWorker, type ToWorker } from './table-worker-protocol';

const port = parentPort;
const post = (m: FromWorker): void => port?.postMessage(m);

async function main(file: TableFile): Promise<void> {
  let engine: TableQueryEngine;
  try {
    engine = new TableQueryEngine(
      await loadTable(file, (rowsDone, rowsTotal) => post({ type: 'progress', rowsDone, rowsTotal })),
    );
  } catch (e) {
    post({ type: 'loadError', error: toErrorData(e) });
    return;
  }
  port?.on('message', (m: ToWorker) => {
    try {
      post({ type: 'result', id: m.id, value: engine.query(m.query) });
    } catch (e) {
      post({ type: 'error', id: m.id, error: toErrorData(e) });
    }
  });
  post({ type: 'ready', rowCount: engine.length });
}

void main(workerData as TableFile);
