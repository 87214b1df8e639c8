import type { AppErrorData } from '../../shared/contract/errors';
import { AppError } from '../../shared/contract/errors';
import { TableQueryEngine, type PageQuery, type PageResult } from './table-query';
import { loadTable, type LoadProgress, type TableFile } from './table-source';

/** A loaded cleaned table that answers page queries (in this thread or in a worker). */
export interface TableEngine {
  readonly rowCount: number;
  query(q: PageQuery): Promise<PageResult>;
  close(): Promise<void>;
}

/** Loads a whole table; `onProgress` is told the rows decoded so far while it loads. */
export type TableEngineFactory = (file: TableFile, onProgress?: LoadProgress) => Promise<TableEngine>;

/** In this thread: for tests and small tables. */
export const localTableEngine: TableEngineFactory = async (file, onProgress) => {
  const engine = new TableQueryEngine(await loadTable(file, onProgress));
  return {
    rowCount: engine.length,
    query: async (q) => engine.query(q),
    close: async () => undefined,
  };
};

export function errorFromData(data: AppErrorData): AppError {
  return new AppError(data.code, data.message, data.hint);
}
