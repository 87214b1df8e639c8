import { isAbsolute, join, relative, resolve } from 'node:path';
import { AppError } from '../../shared/contract/errors';

export const RESULTS_DIR = 'Files/results';

/** Resolves a lakehouse-relative path, refusing anything that would escape the lakehouse folder. */
export function insideLakehouse(lakehouseDir: string, relPath: string): string {
  if (!relPath.startsWith('Files/') || relPath.split(/[\\/]/).includes('..')) {
    throw new AppError(
      'VALIDATION',
      `The input path ${relPath} must be under Files/ with no "..".`,
      'Use a path like Files/import/sales.xlsx.',
    );
  }
  const root = resolve(lakehouseDir);
  const full = resolve(root, relPath);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new AppError(
      'VALIDATION',
      `The path ${relPath} is outside the lakehouse.`,
      'Use a path under Files/.',
    );
  }
  return full;
}

export function runDir(lakehouseDir: string, runId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(runId)) {
    throw new AppError(
      'VALIDATION',
      `The run id ${JSON.stringify(runId)} is not valid.`,
      'Use letters, digits, _ . -',
    );
  }
  return join(resolve(lakehouseDir), RESULTS_DIR, 'runs', runId);
}

export function currentDir(lakehouseDir: string): string {
  return join(resolve(lakehouseDir), RESULTS_DIR, 'current');
}
