import { execFile, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs notebook/sales_ingest_parameterized.py the way a developer does on a laptop (its CLI mode).

export const NOTEBOOK_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../notebook/sales_ingest_parameterized.py',
);

export interface NotebookRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface NotebookArgs {
  lakehouse: string;
  input: string;
  runId: string;
  requestedBy?: string;
  params?: Record<string, string>;
}

export function notebookArgv(args: NotebookArgs): string[] {
  const argv = [NOTEBOOK_PATH, '--lakehouse', args.lakehouse, '--input', args.input, '--run-id', args.runId];
  if (args.requestedBy !== undefined) argv.push('--requested-by', args.requestedBy);
  for (const [key, value] of Object.entries(args.params ?? {})) argv.push('--param', `${key}=${value}`);
  return argv;
}

export function runNotebook(python: string, args: NotebookArgs, timeoutMs = 600_000): Promise<NotebookRun> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      python,
      notebookArgv(args),
      { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`could not run the notebook with ${python}: ${error.message}\n${stderr}`));
          return;
        }
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Whether this Python can write Parquet (pyarrow); Fabric's can, Debian's cannot. */
export function hasPyarrow(python: string): boolean {
  return spawnSync(python, ['-c', 'import pyarrow.parquet'], { stdio: 'ignore' }).status === 0;
}
