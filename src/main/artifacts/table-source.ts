import { readFile } from 'node:fs/promises';
import type { ColumnSet } from './columns';
import { csvColumns } from './csv-source';
import { readParquetColumns } from './parquet-source';

export type TableFormat = 'parquet' | 'csv';

export interface TableFile {
  path: string;
  format: TableFormat;
}

/** Told how many rows of the whole table are decoded so far (parquet: after each slice). */
export type LoadProgress = (rowsDone: number, rowsTotal: number) => void;

/** The whole cleaned table of a file (used in the table worker, or in-process for small files and tests). */
export async function loadTable(file: TableFile, onProgress?: LoadProgress): Promise<ColumnSet> {
  const bytes = await readFile(file.path);
  return file.format === 'parquet'
    ? await readParquetColumns(bytes, undefined, onProgress)
    : csvColumns(bytes.toString('utf8'));
}
