import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/contract/errors';
import { errorFromData, type TableEngine, type TableEngineFactory } from './table-engine';
import type { PageResult } from './table-query';
import type { FromWorker, ToWorker } from './table-worker-protocol';

interface WorkerSpec {
  script: string | URL;
  eval: boolean;
}

/** tsx's ESM register API, for running the worker from TypeScript source (tests, tsx). */
function tsxEsmApi(from: string): string {
  const pkgJson = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const target = pkg.exports['./esm/api'];
  const rel = typeof target === 'object' ? target.import?.default : undefined;
  if (!rel) throw new AppError('INTERNAL', 'tsx has no ESM API; cannot run the table worker from source.');
  return pathToFileURL(join(dirname(pkgJson), rel)).href;
}

function defaultWorker(): WorkerSpec {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./table-worker.ts', here).href;
    return {
      eval: true,
      script: `import(${JSON.stringify(tsxEsmApi(here))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    };
  }
  for (const rel of ['./table-worker.js', '../table-worker.js', '../main/table-worker.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { eval: false, script: url };
  }
  throw new AppError('INTERNAL', 'The table worker (table-worker.js) is missing from the build.');
}

/**
 * One worker per open table, holding the decoded columns and the cached sort orders. Queries are answered
 * in order; closing terminates the worker and frees its memory at once.
 */
export function workerTableEngine(options: { maxHeapMb?: number; workerUrl?: URL } = {}): TableEngineFactory {
  return (file) =>
    new Promise<TableEngine>((resolve, reject) => {
      const spec = options.workerUrl ? { eval: false, script: options.workerUrl } : defaultWorker();
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
