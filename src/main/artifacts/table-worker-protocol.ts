import type { AppErrorData } from '../../shared/contract/errors';
import { isAppError } from '../../shared/contract/errors';
import type { PageQuery, PageResult } from './table-query';

export type ToWorker = { id: number; query: PageQuery };
export type FromWorker =
  | { type: 'ready'; rowCount: number }
  | { type: 'progress'; rowsDone: number; rowsTotal: number }
  | { type: 'loadError'; error: AppErrorData }
  | { type: 'result'; id: number; value: PageResult }
  | { type: 'error'; id: number; error: AppErrorData };

export function toErrorData(e: unknown): AppErrorData {
  if (isAppError(e)) return e.toData();
  return {
    code: 'INTERNAL',
    message: `Reading the cleaned data failed: ${(e as Error)?.message ?? String(e)}`,
  };
}
